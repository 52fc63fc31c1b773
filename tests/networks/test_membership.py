"""Joining, leaving, approval and handing on the convenor role."""

import pytest
from django.db import OperationalError
from django.urls import reverse

from networks import services
from networks.models import Membership
from tests.concurrency import breaks_in_some_attempt, run_concurrently


def join(client, slug="gitarr"):
    return client.post(reverse("networks:join", args=[slug]), follow=True)


def test_a_teacher_joins_an_open_network_at_once(client, guitar, other_staff):
    client.force_login(other_staff)
    response = join(client)
    assert "Du är nu medlem i Gitarrnätverket" in response.content.decode()
    assert guitar.memberships.get(user=other_staff).status == Membership.Status.ACTIVE
    assert client.get(reverse("networks:resources", args=["gitarr"])).status_code == 200


def test_joining_twice_keeps_one_membership(client, guitar, other_staff):
    client.force_login(other_staff)
    join(client)
    join(client)
    assert guitar.memberships.filter(user=other_staff).count() == 1


def test_a_closed_network_takes_a_request_that_a_convenor_approves(client, closed_network,
                                                                   teacher_boras, other_staff):
    Membership.objects.create(network=closed_network, user=teacher_boras,
                              role=Membership.Role.CONVENOR)
    client.force_login(other_staff)
    html = join(client, "strakar").content.decode()
    assert "Din förfrågan är skickad" in html
    request = closed_network.memberships.get(user=other_staff)
    assert request.status == Membership.Status.PENDING
    assert client.get(reverse("networks:members", args=["strakar"])).status_code == 404

    client.force_login(teacher_boras)
    members_page = client.get(reverse("networks:members", args=["strakar"])).content.decode()
    assert "Förfrågningar om medlemskap" in members_page
    assert other_staff.display_name in members_page
    client.post(reverse("networks:member_action", args=["strakar", request.pk]),
                {"action": "approve"})
    request.refresh_from_db()
    assert request.status == Membership.Status.ACTIVE

    client.force_login(other_staff)
    assert client.get(reverse("networks:members", args=["strakar"])).status_code == 200


def test_a_convenor_declines_a_request(client, closed_network, teacher_boras, other_staff):
    Membership.objects.create(network=closed_network, user=teacher_boras,
                              role=Membership.Role.CONVENOR)
    request = Membership.objects.create(network=closed_network, user=other_staff,
                                        status=Membership.Status.PENDING)
    client.force_login(teacher_boras)
    client.post(reverse("networks:member_action", args=["strakar", request.pk]),
                {"action": "decline"})
    assert not closed_network.memberships.filter(user=other_staff).exists()


def test_a_member_leaves_at_will(client, guitar, convenor, member):
    client.force_login(member)
    response = client.post(reverse("networks:leave", args=["gitarr"]), follow=True)
    assert "Du har lämnat Gitarrnätverket" in response.content.decode()
    assert not guitar.memberships.filter(user=member).exists()
    assert client.get(reverse("networks:members", args=["gitarr"])).status_code == 404


def test_the_last_convenor_cannot_leave_before_handing_on(client, guitar, convenor, member):
    client.force_login(convenor)
    response = client.post(reverse("networks:leave", args=["gitarr"]), follow=True)
    assert "Lämna över rollen" in response.content.decode()
    assert guitar.memberships.filter(user=convenor).exists()


def test_a_convenor_hands_on_the_role_and_can_then_leave(client, guitar, convenor, member):
    client.force_login(convenor)
    target = guitar.memberships.get(user=member)
    client.post(reverse("networks:member_action", args=["gitarr", target.pk]),
                {"action": "hand_over"})
    target.refresh_from_db()
    assert target.role == Membership.Role.CONVENOR
    assert guitar.memberships.get(user=convenor).role == Membership.Role.MEMBER
    client.post(reverse("networks:leave", args=["gitarr"]))
    assert not guitar.memberships.filter(user=convenor).exists()


def test_the_role_cannot_go_to_a_pending_member(client, guitar, convenor, other_staff):
    request = Membership.objects.create(network=guitar, user=other_staff,
                                        status=Membership.Status.PENDING)
    client.force_login(convenor)
    response = client.post(reverse("networks:member_action", args=["gitarr", request.pk]),
                           {"action": "hand_over"}, follow=True)
    assert "Bara aktiva medlemmar" in response.content.decode()
    assert guitar.memberships.get(user=convenor).role == Membership.Role.CONVENOR


def test_a_convenor_removes_a_member(client, guitar, convenor, member):
    client.force_login(convenor)
    target = guitar.memberships.get(user=member)
    client.post(reverse("networks:member_action", args=["gitarr", target.pk]),
                {"action": "remove"})
    assert not guitar.memberships.filter(user=member).exists()


def test_an_unknown_action_changes_nothing(client, guitar, convenor, member):
    client.force_login(convenor)
    target = guitar.memberships.get(user=member)
    response = client.post(reverse("networks:member_action", args=["gitarr", target.pk]),
                           {"action": "delete_everything"}, follow=True)
    assert "Okänd åtgärd" in response.content.decode()
    assert guitar.memberships.count() == 2


def test_the_coordinator_appoints_a_convenor_without_being_a_member(client, guitar, member,
                                                                     coordinator):
    client.force_login(coordinator)
    target = guitar.memberships.get(user=member)
    client.post(reverse("networks:member_action", args=["gitarr", target.pk]),
                {"action": "hand_over"})
    target.refresh_from_db()
    assert target.role == Membership.Role.CONVENOR
    assert not guitar.memberships.filter(user=coordinator).exists()


def test_a_member_turns_post_notifications_on_and_off(client, guitar, member):
    client.force_login(member)
    client.post(reverse("networks:notify", args=["gitarr"]), {"notify_posts": "on"})
    assert guitar.memberships.get(user=member).notify_posts
    client.post(reverse("networks:notify", args=["gitarr"]), {})
    assert not guitar.memberships.get(user=member).notify_posts


def _two_convenors_leave_at_once(guitar, convenors, member):
    """Each sees the other as convenor; the lock on the network makes one of them wait."""
    Membership.objects.filter(network=guitar).delete()
    for user in convenors:
        Membership.objects.create(network=guitar, user=user, role=Membership.Role.CONVENOR)
    Membership.objects.create(network=guitar, user=member)
    return run_concurrently([lambda u=user: services.leave(guitar, u) for user in convenors],
                            refusals=services.MembershipError)


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_two_convenors_leaving_at_once_leave_one_behind(schools, guitar, teacher_boras,
                                                        teacher_tranemo, teacher_ulricehamn):
    race = _two_convenors_leave_at_once(guitar, [teacher_boras, teacher_tranemo],
                                        teacher_ulricehamn)
    assert race.errors == [] and len(race.refused) == 1
    assert guitar.memberships.convenors().count() == 1


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_without_the_network_lock_both_convenors_could_leave(schools, guitar, teacher_boras,
                                                             teacher_tranemo, teacher_ulricehamn,
                                                             without_row_locks):
    def no_convenor_left():
        _two_convenors_leave_at_once(guitar, [teacher_boras, teacher_tranemo],
                                     teacher_ulricehamn)
        return not guitar.memberships.convenors().exists()

    assert breaks_in_some_attempt(no_convenor_left, attempts=20)


def test_a_pending_request_can_be_withdrawn(client, closed_network, other_staff):
    Membership.objects.create(network=closed_network, user=other_staff,
                              status=Membership.Status.PENDING)
    client.force_login(other_staff)
    response = client.post(reverse("networks:leave", args=["strakar"]), follow=True)
    assert "Din förfrågan om att gå med är tillbakadragen." in response.content.decode()
    assert not closed_network.memberships.exists()
    assert "Be om att få gå med" in response.content.decode()


def test_handing_over_to_someone_who_has_left_is_refused(client, guitar, convenor, member):
    successor = guitar.memberships.get(user=member)
    Membership.objects.filter(pk=successor.pk).delete()  # left a moment ago
    with pytest.raises(services.MembershipError):
        services.hand_over(guitar, convenor, successor)
    assert guitar.memberships.get(user=convenor).is_convenor


def test_a_lock_wait_when_leaving_says_try_again(client, guitar, member, monkeypatch):
    def locked(*args):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_lock_network", locked)
    client.force_login(member)
    response = client.post(reverse("networks:leave", args=["gitarr"]), follow=True)
    assert ("Det är många som gör ändringar just nu. Försök igen om en liten "
            "stund.") in response.content.decode()
    assert guitar.memberships.filter(user=member).exists()
