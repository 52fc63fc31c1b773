"""Background work for networks: mail about new discussion posts."""

import logging

from celery import shared_task
from django.urls import reverse

from networks.models import Post
from networks.permissions import post_recipients
from sjuharad.emails import send_templated

log = logging.getLogger(__name__)


@shared_task(ignore_result=True)
def notify_post(post_id: int) -> int:
    """Mail each member who opted in about one new post; returns how many were sent."""
    post = (Post.objects.select_related("thread__network", "author")
            .filter(pk=post_id).first())
    if post is None:
        return 0  # deleted before the worker got to it
    thread = post.thread
    url = reverse("networks:thread", args=[thread.network.slug, thread.pk])
    sent = 0
    for membership in post_recipients(post):
        try:
            send_templated("network_post", membership.user.email, {
                "post": post, "thread": thread, "network": thread.network,
                "recipient": membership.user, "path": url,
                "is_reply": post.pk != thread.posts.order_by("pk").values_list(
                    "pk", flat=True).first(),
            })
        except OSError:
            # One bad mailbox must not stop the others.
            log.exception("Could not mail %s about post %s", membership.user.email, post.pk)
            continue
        sent += 1
    return sent
