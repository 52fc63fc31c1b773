"""Courses and networks mails are checked at the moment of sending: a member who left the
network, an application deleted meanwhile, a head whose position ended get nothing; the
others get their mail once. The checks cost one query per chunk, whatever its size."""

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import Staffing
from core import mail_outbox
from core.models import OutgoingMail
from courses import mails as course_mails
from courses import services as course_services
from courses.models import Application
from networks import mails as network_mails
from networks import services as network_services
from networks.models import Membership, Thread
from tests.courses.conftest import make_application

pytestmark = pytest.mark.django_db
Status = OutgoingMail.Status


def send():
    """What one send task does now; returns its outcomes."""
    results, _more = mail_outbox.send_due_mail()
    return dict(results)


def received_by(user):
    return [m for m in mail.outbox if m.to == [user.email]]


# --- networks ------------------------------------------------------------------------


@pytest.fixture
def post_to_member(guitar, convenor, member):
    """The convenor replies in a thread; the member, who asked for mail, has a row queued."""
    Membership.objects.filter(user=member).update(notify_posts=True)
    thread = Thread.objects.create(network=guitar, title="Speldagen",
                                   last_post_at=timezone.now())
    network_services.reply(thread, convenor, "Vi ses i Borås!")
    row = OutgoingMail.objects.get(to=member.email)
    assert row.concern == network_mails.MEMBERSHIP
    return row


def test_a_member_still_in_the_network_gets_the_post_once(post_to_member, member):
    assert send() == {"sent": 1}
    [message] = received_by(member)
    assert "Vi ses i Borås!" in message.body
    assert send() == {}


def test_a_member_who_left_before_the_send_gets_no_post(post_to_member, guitar, member):
    network_services.leave(guitar, member)
    assert send() == {"skipped": 1}
    post_to_member.refresh_from_db()
    assert post_to_member.status == Status.SKIPPED
    assert post_to_member.last_error == "Inte längre medlem i nätverket."
    assert mail.outbox == []


def test_a_member_removed_before_the_send_gets_no_post(post_to_member, guitar, member):
    network_services.remove(Membership.objects.get(network=guitar, user=member))
    assert send() == {"skipped": 1}
    assert mail.outbox == []


def test_a_convenor_gets_the_join_request_only_while_still_a_member(
        closed_network, teacher_boras, teacher_tranemo, other_staff):
    Membership.objects.create(network=closed_network, user=teacher_boras,
                              role=Membership.Role.CONVENOR)
    Membership.objects.create(network=closed_network, user=teacher_tranemo,
                              role=Membership.Role.CONVENOR)
    network_services.join(closed_network, other_staff)
    assert OutgoingMail.objects.filter(concern=network_mails.MEMBERSHIP).count() == 2
    Membership.objects.filter(network=closed_network, user=teacher_tranemo).delete()
    assert send() == {"sent": 1, "skipped": 1}
    assert [m.to for m in mail.outbox] == [[teacher_boras.email]]


def test_the_membership_check_is_one_query_for_a_whole_chunk(
        guitar, closed_network, convenor, member, other_staff, django_assert_num_queries):
    Membership.objects.create(network=closed_network, user=other_staff)
    people = [(guitar, convenor), (guitar, member), (closed_network, other_staff),
              (closed_network, member)]  # the last one is no member
    for network, user in people:
        network_mails._to_member("network_join_answer", user, network, {
            "network": network, "recipient": user, "accepted": True, "path": "/"})
    rows = list(OutgoingMail.objects.order_by("pk"))
    with django_assert_num_queries(1):
        checked = mail_outbox.CONCERNS[network_mails.MEMBERSHIP](rows, timezone.now(), {})
        reasons = [checked.skip_reason(row) for row in rows]
    assert reasons == ["", "", "", "Inte längre medlem i nätverket."]
    assert checked.render(rows[0]) is None  # the text stored at enqueue


# --- courses -------------------------------------------------------------------------


@pytest.fixture
def applied(harp_boras, head_boras, guardian_mark, child_mark):
    """An application: the guardian's receipt and the head's notice are queued."""
    application = course_services.apply_for(harp_boras, guardian_mark, child=child_mark)
    concerns = dict(OutgoingMail.objects.values_list("to", "concern"))
    assert concerns == {guardian_mark.email: course_mails.APPLICATION,
                        head_boras.email: course_mails.HEADS}
    return application


def test_the_family_and_the_head_get_their_mail_once(applied, guardian_mark, head_boras):
    assert send() == {"sent": 2}
    assert len(received_by(guardian_mark)) == 1
    assert len(received_by(head_boras)) == 1
    assert send() == {}


def test_an_application_deleted_before_the_send_mails_no_family(applied, guardian_mark,
                                                               head_boras):
    course_services.delete_application(applied.pk)  # the coordinator, in admin
    assert send() == {"sent": 1, "skipped": 1}
    row = OutgoingMail.objects.get(to=guardian_mark.email)
    assert (row.status, row.last_error) == (Status.SKIPPED, "Ansökan finns inte längre.")
    assert not received_by(guardian_mark)
    assert len(received_by(head_boras)) == 1


def test_an_application_erased_from_its_applicant_mails_no_one(applied, guardian_mark):
    # What the erasure and the retention leave: the application without its person.
    Application.objects.filter(pk=applied.pk).update(applicant=None, child=None)
    assert send() == {"sent": 1, "skipped": 1}
    assert not received_by(guardian_mark)


def test_a_head_whose_position_ended_before_the_send_gets_no_notice(applied, guardian_mark,
                                                                    head_boras):
    Staffing.objects.filter(user=head_boras).delete()  # the coordinator, in admin
    assert send() == {"sent": 1, "skipped": 1}
    row = OutgoingMail.objects.get(to=head_boras.email)
    assert (row.status, row.last_error) == (Status.SKIPPED, "Leder inte längre skolan.")
    assert not received_by(head_boras)
    assert len(received_by(guardian_mark)) == 1


def test_the_course_checks_are_one_query_each_for_a_whole_chunk(
        harp_boras, head_boras, head_tranemo, django_assert_num_queries):
    applications = [make_application(harp_boras) for _n in range(3)]
    for application in applications:
        course_mails.mail_applicant(application.pk, "received")
        course_mails.mail_heads(application.pk, "new")
    Application.objects.filter(pk=applications[1].pk).delete()
    to_family = list(OutgoingMail.objects.filter(concern=course_mails.APPLICATION)
                     .order_by("pk"))
    to_heads = list(OutgoingMail.objects.filter(concern=course_mails.HEADS).order_by("pk"))
    assert len(to_family) == 3 and len(to_heads) == 3  # Tranemo's head is not told
    Staffing.objects.filter(user=head_boras).delete()
    with django_assert_num_queries(1):
        family = mail_outbox.CONCERNS[course_mails.APPLICATION](to_family, timezone.now(), {})
        assert [bool(family.skip_reason(row)) for row in to_family] == [False, True, False]
    with django_assert_num_queries(1):
        heads = mail_outbox.CONCERNS[course_mails.HEADS](to_heads, timezone.now(), {})
        assert {heads.skip_reason(row) for row in to_heads} == {"Leder inte längre skolan."}
