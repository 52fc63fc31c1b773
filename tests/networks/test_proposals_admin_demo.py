"""Heads propose networks, the coordinator creates and approves them; admin; demo data."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core.weekdays import Weekday
from courses.models import Course
from networks.models import Membership, Network, Resource
from networks.services import best_windows
from schools.models import Subject


def propose(client, **data):
    payload = {"name": "Teaternätverket", "kind": Network.Kind.SUBJECT,
               "subject": Subject.objects.get(slug="teater").pk,
               "description": "Teaterpedagoger", "is_open": "on", **data}
    return client.post(reverse("networks:create"), payload, follow=True)


def test_a_head_proposes_and_the_coordinator_approves_in_admin(client, schools, head_boras,
                                                               coordinator, teacher_tranemo):
    client.force_login(head_boras)
    html = propose(client).content.decode()
    assert "har skickats till samordnaren" in html
    network = Network.objects.get(name="Teaternätverket")
    assert network.status == Network.Status.PROPOSED and network.proposed_by == head_boras
    client.force_login(teacher_tranemo)
    assert "Teaternätverket" not in client.get(reverse("networks:list")).content.decode()

    client.force_login(coordinator)
    changelist = reverse("admin:networks_network_changelist")
    assert "Teaternätverket" in client.get(changelist, {"status": "proposed"}).content.decode()
    client.post(changelist, {"action": "approve_proposals", "_selected_action": [network.pk]})
    network.refresh_from_db()
    assert network.status == Network.Status.ACTIVE
    assert network.memberships.get(user=head_boras).role == Membership.Role.CONVENOR
    client.force_login(teacher_tranemo)
    assert "Teaternätverket" in client.get(reverse("networks:list")).content.decode()


def test_the_coordinator_creates_an_active_network_in_the_ui(client, schools, coordinator):
    client.force_login(coordinator)
    response = propose(client, name="Nytt")  # "nytt" is the create page's own path
    network = Network.objects.get(name="Nytt")
    assert network.status == Network.Status.ACTIVE and network.slug == "nytt-natverk"
    assert response.redirect_chain[-1][0] == network.get_absolute_url()


def test_a_bad_proposal_is_answered_on_the_form(client, schools, head_boras):
    Network.objects.create(name="Gitarrnätverket", slug="gitarr")
    client.force_login(head_boras)
    html = propose(client, name="gitarrnätverket", subject="", description="Min text").content
    html = html.decode()
    assert "Det finns redan ett nätverk med det namnet." in html
    assert "Välj vilket ämne nätverket gäller." in html
    assert "Min text" in html
    assert Network.objects.count() == 1


def test_a_head_cannot_propose_a_heads_network(client, schools, head_boras):
    client.force_login(head_boras)
    html = propose(client, kind=Network.Kind.HEADS).content.decode()
    assert "Välj ett giltigt alternativ" in html
    assert not Network.objects.filter(kind=Network.Kind.HEADS).exists()


def test_network_admin_pages_answer_with_a_stored_file(client, schools, coordinator, settings):
    network = Network.objects.create(name="Gitarr", slug="gitarr")
    piece = Resource(network=network, title="Noter")
    piece.file.save("noter.pdf", SimpleUploadedFile("noter.pdf", b"%PDF-1.4"), save=False)
    piece.file_name = "noter.pdf"
    piece.save()
    client.force_login(coordinator)
    for name in ("network", "membership", "resource", "planningslot", "thread", "post"):
        assert client.get(reverse(f"admin:networks_{name}_changelist"),
                          {"q": "Borås"}).status_code == 200
        assert client.get(reverse(f"admin:networks_{name}_add")).status_code == 200
    html = client.get(reverse("admin:networks_resource_change", args=[piece.pk])).content
    assert reverse("networks:resource_file", args=["gitarr", piece.pk]) in html.decode()


def test_a_resource_without_link_or_file_is_refused_in_admin(client, schools, coordinator):
    network = Network.objects.create(name="Gitarr", slug="gitarr")
    client.force_login(coordinator)
    response = client.post(reverse("admin:networks_resource_add"), {
        "network": network.pk, "title": "Tom", "level": Resource.Level.BEGINNER, "link": "",
        "occasion": ""})
    assert response.status_code == 200
    assert "Ange en länk eller ladda upp en fil." in response.content.decode()


@pytest.mark.django_db
def test_demo_data_loads_twice_and_leaves_ulricehamn_outside_the_guitar_network(schools):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    guitar = Network.objects.get(name="Gitarrnätverket Sjuhärad")
    emails = set(guitar.memberships.values_list("user__email", flat=True))
    assert "larare.ulricehamn@demo.example" not in emails
    assert len(emails) == 4 and guitar.memberships.convenors().count() == 1
    schools_in_network = set(guitar.memberships.values_list(
        "user__staffings__school__slug", flat=True))
    assert len(schools_in_network) >= 3
    assert guitar.resources.count() == 5 and guitar.threads.get().posts.count() == 3
    assert Membership.objects.filter(network=guitar, planning_slots__isnull=False).exists()
    heads = Network.objects.get(kind=Network.Kind.HEADS)
    assert heads.memberships.count() == 7
    assert Network.objects.filter(slug__in=["strakar", "dans"]).count() == 2


@pytest.mark.django_db
def test_demo_planning_windows_and_courses_count_weekdays_alike(schools):
    """One weekday enum: the demo's best guitar window and the Borås cello course are both
    on Wednesday, and both say so."""
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    with translation.override("sv"):
        windows, _silent, _total = best_windows(Network.objects.get(slug="gitarr"), limit=1)
        assert (windows[0].weekday_label, windows[0].start, windows[0].end) == (
            "onsdag", "15.00", "16.00")
        cello = Course.objects.get(title="Cello i liten grupp")
        assert cello.weekday == Weekday.WEDNESDAY == 3
        assert cello.get_weekday_display() == windows[0].weekday_label


def test_a_teachers_proposal_mails_the_coordinators_and_the_answer_reaches_them(
        client, schools, teacher_tranemo, coordinator, django_capture_on_commit_callbacks):
    from django.core import mail

    from core.models import OutgoingMail
    from networks import services

    client.force_login(teacher_tranemo)
    with django_capture_on_commit_callbacks(execute=True):
        propose(client, name="Cirkusnätverket")
    network = Network.objects.get(name="Cirkusnätverket")
    [to_coordinator] = mail.outbox
    assert to_coordinator.to == [coordinator.email]
    assert "Cirkusnätverket" in to_coordinator.subject
    assert "/admin/networks/network/?status__exact=proposed" in to_coordinator.body
    assert OutgoingMail.objects.filter(template="network_proposed").count() == 1

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.approve_proposal(network)
        assert not services.approve_proposal(network)  # once
    [answer] = mail.outbox
    assert answer.to == [teacher_tranemo.email]
    assert "godkänt" in answer.subject and network.get_absolute_url() in answer.body


def test_a_declined_proposal_is_told_to_the_proposer_once(
        client, schools, head_boras, coordinator, django_capture_on_commit_callbacks):
    from django.core import mail

    client.force_login(head_boras)
    propose(client, name="Filmnätverket")
    network = Network.objects.get(name="Filmnätverket")
    mail.outbox.clear()
    client.force_login(coordinator)
    changelist = reverse("admin:networks_network_changelist")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(changelist, {"action": "decline_proposals", "_selected_action": [network.pk]})
        client.post(changelist, {"action": "decline_proposals", "_selected_action": [network.pk]})
    # The send task sends every due row: the coordinator's notice of the proposal goes too.
    [answer] = [m for m in mail.outbox if m.to == [head_boras.email]]
    assert "avslagit" in answer.body and "Filmnätverket" in answer.body


def test_the_coordinators_own_network_mails_nobody(client, schools, coordinator):
    from django.core import mail

    client.force_login(coordinator)
    propose(client, name="Dansnätverket")
    assert mail.outbox == []
