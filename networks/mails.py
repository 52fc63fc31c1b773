"""Mail about new discussion posts, queued in the transaction that saves the post.

One outbox row per member who opted in (core/mail_outbox.py), so an SMTP failure is
retried for that person alone and nobody else is mailed twice.
"""

from django.urls import reverse

from core import mail_outbox
from networks.models import Post
from networks.permissions import post_recipients


def mail_post(post: Post) -> int:
    """Queue a mail to each member who opted in about one new post; returns how many."""
    thread = post.thread
    first_pk = thread.posts.order_by("pk").values_list("pk", flat=True).first()
    context = {
        "post": post, "thread": thread, "network": thread.network,
        "path": reverse("networks:thread", args=[thread.network.slug, thread.pk]),
        "is_reply": post.pk != first_pk,
    }
    memberships = list(post_recipients(post))
    for membership in memberships:
        user = membership.user
        mail_outbox.enqueue("network_post", user.email, {**context, "recipient": user},
                            language=user.language)
    return len(memberships)
