"""Networks that run themselves (issue 10): convenors hear about each join request by mail and
on their home page, the asker hears the answer; teachers propose networks as heads do."""

import pytest
from django.core import mail
from django.urls import reverse

from networks import services
from networks.models import Membership, Network
from schools.models import Subject

pytestmark = pytest.mark.django_db


def _ask(client, user, network, django_capture_on_commit_callbacks):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("networks:join", args=[network.slug]))
    return Membership.objects.get(network=network, user=user)


def test_each_convenor_gets_a_mail_and_a_home_page_notice(
        client, closed_network, teacher_boras, other_staff, teacher_tranemo,
        django_capture_on_commit_callbacks):
    for convenor in (teacher_boras, teacher_tranemo):
        Membership.objects.create(network=closed_network, user=convenor,
                                  role=Membership.Role.CONVENOR)
    request = _ask(client, other_staff, closed_network, django_capture_on_commit_callbacks)
    assert request.status == Membership.Status.PENDING
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [teacher_boras.email, teacher_tranemo.email])
    assert other_staff.display_name in mail.outbox[0].subject
    assert "/natverk/strakar/medlemmar/" in mail.outbox[0].body
    client.force_login(teacher_boras)
    home = client.get("/").content.decode()
    assert f"{other_staff.display_name} vill gå med i Stråknätverket." in home


def test_nobody_else_sees_the_notice(client, closed_network, teacher_boras, other_staff,
                                     member, head_boras, django_capture_on_commit_callbacks):
    Membership.objects.create(network=closed_network, user=teacher_boras,
                              role=Membership.Role.CONVENOR)
    _ask(client, other_staff, closed_network, django_capture_on_commit_callbacks)
    for user in (member, head_boras):
        client.force_login(user)
        assert "vill gå med i Stråknätverket" not in client.get("/").content.decode()


def test_an_open_network_sends_no_request_mail(client, guitar, convenor, other_staff,
                                               django_capture_on_commit_callbacks):
    _ask(client, other_staff, guitar, django_capture_on_commit_callbacks)
    assert mail.outbox == []


@pytest.mark.parametrize(("action", "text"), [("approve", "Du är nu medlem i Stråknätverket."),
                                              ("decline", "har avböjt din förfrågan")])
def test_the_asker_hears_the_answer(client, closed_network, teacher_boras, other_staff, action,
                                    text, django_capture_on_commit_callbacks):
    Membership.objects.create(network=closed_network, user=teacher_boras,
                              role=Membership.Role.CONVENOR)
    request = _ask(client, other_staff, closed_network, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    client.force_login(teacher_boras)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("networks:member_action", args=["strakar", request.pk]),
                    {"action": action})
    [answer] = mail.outbox
    assert answer.to == [other_staff.email] and text in answer.body
    exists = Membership.objects.filter(pk=request.pk, status=Membership.Status.ACTIVE).exists()
    assert exists == (action == "approve")


def test_answering_twice_mails_once(closed_network, other_staff,
                                    django_capture_on_commit_callbacks):
    request = Membership.objects.create(network=closed_network, user=other_staff,
                                        status=Membership.Status.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.approve(request) is True
        assert services.approve(request) is False
        assert services.decline(request) is False
    assert len(mail.outbox) == 1


def test_a_teacher_proposes_a_network_and_becomes_its_convenor(
        client, schools, other_staff, coordinator):
    client.force_login(other_staff)
    response = client.post(reverse("networks:create"), {
        "name": "Musikalnätverket", "kind": Network.Kind.SUBJECT,
        "subject": Subject.objects.get(slug="musikal").pk, "description": "Musikal",
        "is_open": "on"}, follow=True)
    assert "har skickats till samordnaren" in response.content.decode()
    network = Network.objects.get(name="Musikalnätverket")
    assert network.status == Network.Status.PROPOSED
    assert services.approve_proposal(network)
    assert network.memberships.get(user=other_staff).role == Membership.Role.CONVENOR


def test_a_teacher_cannot_propose_a_heads_network(client, schools, other_staff):
    client.force_login(other_staff)
    client.post(reverse("networks:create"), {"name": "Hemliga chefer",
                                             "kind": Network.Kind.HEADS, "description": "x"})
    assert not Network.objects.filter(kind=Network.Kind.HEADS).exists()
