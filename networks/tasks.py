"""Background work for networks: mail about new discussion posts, and about join requests
(to the convenors) and their answers (to the person who asked).

One task per post finds the recipients and queues one small task per
recipient, so an SMTP failure is retried for that person alone and a worker
restart repeats at most the message it was sending.
"""

from smtplib import SMTPException

from celery import shared_task
from django.urls import reverse

from accounts.models import User
from core.emails import send_templated
from networks.models import Membership, Network, Post
from networks.permissions import post_recipients


@shared_task(ignore_result=True, acks_late=True)
def notify_post(post_id: int) -> int:
    """Queue a mail to each member who opted in about one new post; returns how many."""
    post = Post.objects.select_related("thread").filter(pk=post_id).first()
    if post is None:
        return 0  # deleted before the worker got to it
    user_ids = [m.user_id for m in post_recipients(post)]
    for user_id in user_ids:
        mail_post_to_member.delay(post_id, user_id)
    return len(user_ids)


@shared_task(ignore_result=True, acks_late=True, autoretry_for=(OSError, SMTPException),
             retry_backoff=60, retry_backoff_max=1800, max_retries=6)
def mail_post_to_member(post_id: int, user_id: int) -> bool:
    post = (Post.objects.select_related("thread__network", "author")
            .filter(pk=post_id).first())
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if post is None or user is None:
        return False
    thread = post.thread
    send_templated("network_post", user.email, {
        "post": post, "thread": thread, "network": thread.network, "recipient": user,
        "path": reverse("networks:thread", args=[thread.network.slug, thread.pk]),
        "is_reply": post.pk != thread.posts.order_by("pk").values_list("pk", flat=True).first(),
    }, language=user.language)
    return True


@shared_task(ignore_result=True, acks_late=True, autoretry_for=(OSError, SMTPException),
             retry_backoff=60, retry_backoff_max=1800, max_retries=6)
def mail_join_request(membership_id: int) -> int:
    """Tell each convenor that someone asks to join; returns how many were mailed."""
    membership = (Membership.objects.pending().select_related("network", "user")
                  .filter(pk=membership_id).first())
    if membership is None:
        return 0  # answered or withdrawn before the worker got to it
    network = membership.network
    convenors = [m.user for m in Membership.objects.convenors().filter(network=network)
                 .select_related("user") if m.user.is_active]
    for convenor in convenors:
        send_templated("network_join_request", convenor.email, {
            "network": network, "asker": membership.user, "recipient": convenor,
            "path": reverse("networks:members", args=[network.slug])}, language=convenor.language)
    return len(convenors)


@shared_task(ignore_result=True, acks_late=True, autoretry_for=(OSError, SMTPException),
             retry_backoff=60, retry_backoff_max=1800, max_retries=6)
def mail_join_answer(network_id: int, user_id: int, accepted: bool) -> bool:
    """Tell the person who asked whether the convenors said yes or no."""
    network = Network.objects.filter(pk=network_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if network is None or user is None:
        return False
    send_templated("network_join_answer", user.email, {
        "network": network, "recipient": user, "accepted": accepted,
        "path": reverse("networks:detail", args=[network.slug])}, language=user.language)
    return True
