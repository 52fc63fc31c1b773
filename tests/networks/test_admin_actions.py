"""In admin, network and membership statuses (and the convenor role) are read-only; the
coordinator changes them with actions that go through the services."""

import pytest
from django.urls import reverse

from networks.models import Membership, Network

pytestmark = pytest.mark.django_db
MEMBERSHIPS = "admin:networks_membership_changelist"


def act(client, changelist, action, objects):
    return client.post(reverse(changelist), {
        "action": action, "_selected_action": [o.pk for o in objects]}, follow=True)


def test_membership_status_and_role_cannot_be_edited(client, coordinator, guitar, member):
    membership = guitar.memberships.get(user=member)
    client.force_login(coordinator)
    url = reverse("admin:networks_membership_change", args=[membership.pk])
    page = client.get(url).content.decode()
    assert 'name="role"' not in page and 'name="status"' not in page
    client.post(url, {"network": guitar.pk, "user": member.pk, "role": "convenor",
                      "status": "pending"})
    membership.refresh_from_db()
    assert (membership.role, membership.status) == (Membership.Role.MEMBER,
                                                    Membership.Status.ACTIVE)
    network_page = client.get(reverse("admin:networks_network_change", args=[guitar.pk]))
    assert 'name="memberships-0-role"' not in network_page.content.decode()
    assert 'name="status"' not in network_page.content.decode()


def test_requests_are_approved_and_convenors_appointed_by_actions(
        client, coordinator, closed_network, other_staff):
    pending = Membership.objects.create(network=closed_network, user=other_staff,
                                        status=Membership.Status.PENDING)
    client.force_login(coordinator)
    assert "1 medlemskap ändrades." in act(client, MEMBERSHIPS, "approve_requests",
                                           [pending]).content.decode()
    act(client, MEMBERSHIPS, "make_convenors", [pending])
    pending.refresh_from_db()
    assert pending.is_convenor


def test_the_last_convenor_is_neither_removed_nor_stepped_down(client, coordinator, guitar,
                                                                convenor, member):
    convening = guitar.memberships.get(user=convenor)
    client.force_login(coordinator)
    for action in ("remove_members", "step_down"):
        page = act(client, MEMBERSHIPS, action, [convening]).content.decode()
        assert "Nätverket behöver minst en sammankallande." in page
    response = client.post(reverse("admin:networks_membership_delete", args=[convening.pk]),
                           {"post": "yes"}, follow=True)
    assert "Nätverket behöver minst en sammankallande." in response.content.decode()
    assert guitar.memberships.convenors().get() == convening
    act(client, MEMBERSHIPS, "remove_members", [guitar.memberships.get(user=member)])
    assert list(guitar.memberships.all()) == [convening]


def test_a_convenor_steps_down_when_another_convenes(client, coordinator, guitar, convenor,
                                                     member):
    guitar.memberships.filter(user=member).update(role=Membership.Role.CONVENOR)
    client.force_login(coordinator)
    act(client, MEMBERSHIPS, "step_down", [guitar.memberships.get(user=convenor)])
    assert list(guitar.memberships.convenors().values_list("user", flat=True)) == [member.pk]


def test_a_proposal_is_declined_by_an_action(client, coordinator, schools, head_boras):
    proposal = Network.objects.create(name="Cirkus", slug="cirkus", proposed_by=head_boras,
                                      status=Network.Status.PROPOSED)
    client.force_login(coordinator)
    act(client, "admin:networks_network_changelist", "decline_proposals", [proposal])
    proposal.refresh_from_db()
    assert proposal.status == Network.Status.DECLINED
    assert not proposal.memberships.exists()
