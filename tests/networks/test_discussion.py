"""Threads with replies, newest first, and mail to the members who asked for it."""

from datetime import timedelta
from smtplib import SMTPServerDisconnected
from unittest import mock

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import mail_outbox
from core.models import OutgoingMail
from networks import services
from networks.models import Membership, Post, Thread


def start(client, title="Speldagen", body="Vilka stycken?"):
    return client.post(reverse("networks:threads", args=["gitarr"]),
                       {"title": title, "body": body})


def test_a_member_starts_a_thread_and_others_reply(client, guitar, convenor, member):
    client.force_login(convenor)
    response = start(client)
    thread = guitar.threads.get()
    assert response["Location"] == thread.get_absolute_url()
    client.force_login(member)
    client.post(thread.get_absolute_url(), {"body": "Greensleeves!"})
    html = client.get(thread.get_absolute_url()).content.decode()
    assert html.index("Greensleeves!") < html.index("Vilka stycken?")  # newest first
    assert thread.posts.count() == 2


def test_threads_with_new_replies_come_first(client, guitar, member):
    old = Thread.objects.create(network=guitar, title="Gammal tråd",
                                last_post_at=timezone.now() - timedelta(days=3))
    Thread.objects.create(network=guitar, title="Nyare tråd",
                          last_post_at=timezone.now() - timedelta(days=1))
    client.force_login(member)
    page = reverse("networks:threads", args=["gitarr"])
    html = client.get(page).content.decode()
    assert html.index("Nyare tråd") < html.index("Gammal tråd")
    client.post(old.get_absolute_url(), {"body": "Upp igen"})
    html = client.get(page).content.decode()
    assert html.index("Gammal tråd") < html.index("Nyare tråd")


def test_empty_posts_are_refused_and_the_title_is_kept(client, guitar, member):
    client.force_login(member)
    response = start(client, title="Min rubrik", body="   ")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Detta fält måste fyllas i." in html and 'value="Min rubrik"' in html
    assert not guitar.threads.exists()


def test_members_who_opted_in_get_one_mail_per_post(client, guitar, convenor, member,
                                                    other_staff,
                                                    django_capture_on_commit_callbacks):
    Membership.objects.filter(user=member).update(notify_posts=True)
    Membership.objects.create(network=guitar, user=other_staff)  # did not opt in
    client.force_login(convenor)
    with django_capture_on_commit_callbacks(execute=True):
        start(client, title="Konserten", body="Vi ses i Borås!")
    assert [m.to for m in mail.outbox] == [[member.email]]
    message = mail.outbox[0]
    assert "Ny tråd i Gitarrnätverket: Konserten" in message.subject
    assert "Vi ses i Borås!" in message.body
    assert guitar.threads.get().get_absolute_url() in message.body


def test_the_author_gets_no_mail_about_their_own_reply(client, guitar, convenor, member,
                                                       django_capture_on_commit_callbacks):
    Membership.objects.filter(network=guitar).update(notify_posts=True)
    thread = Thread.objects.create(network=guitar, title="T", last_post_at=timezone.now())
    Post.objects.create(thread=thread, author=convenor, body="Första")
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(thread.get_absolute_url(), {"body": "Svar"})
    assert [m.to for m in mail.outbox] == [[convenor.email]]
    assert "Nytt svar i Gitarrnätverket: T" in mail.outbox[0].subject


def test_pending_members_get_no_mail(client, guitar, convenor, other_staff,
                                     django_capture_on_commit_callbacks):
    Membership.objects.create(network=guitar, user=other_staff, notify_posts=True,
                              status=Membership.Status.PENDING)
    client.force_login(convenor)
    with django_capture_on_commit_callbacks(execute=True):
        start(client)
    assert mail.outbox == []


def test_nothing_is_queued_when_the_post_is_not_saved(client, guitar, member,
                                                      django_capture_on_commit_callbacks):
    client.force_login(member)
    with django_capture_on_commit_callbacks() as callbacks:
        start(client, title="", body="")
    assert callbacks == []


def test_each_recipient_is_a_row_of_its_own_and_a_failure_is_retried(
        guitar, convenor, member, other_staff, django_capture_on_commit_callbacks):
    Membership.objects.filter(user=member).update(notify_posts=True)
    Membership.objects.create(network=guitar, user=other_staff, notify_posts=True)
    thread = Thread.objects.create(network=guitar, title="T", last_post_at=timezone.now())
    with django_capture_on_commit_callbacks() as callbacks:
        services.reply(thread, convenor, "Hej")
    rows = {row.to: row for row in OutgoingMail.objects.all()}
    assert sorted(rows) == sorted([member.email, other_staff.email])
    assert 1 <= len(callbacks) <= 2  # send tasks, published on commit

    sends = iter([SMTPServerDisconnected("mail server went away"), None])

    def first_fails(backend, messages):
        if error := next(sends):
            raise error
        mail.outbox.extend(messages)
        return len(messages)

    with mock.patch("django.core.mail.backends.locmem.EmailBackend.send_messages",
                    first_fails):
        # Retried later for that one person (a due time on the row, growing delays).
        assert dict(mail_outbox.send_due_mail()[0]) == {"retrying": 1, "sent": 1}
    OutgoingMail.objects.update(due_at=timezone.now())
    assert dict(mail_outbox.send_due_mail()[0]) == {"sent": 1}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(rows)
