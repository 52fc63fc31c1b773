"""A festival's programme (issue 10): schools submit contributions, organisers accept and
place them, the public page shows the published programme; withdrawing until it is
published, changes after that mail the organisers."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Kind
from programme import services
from programme.models import Contribution
from tests import clock
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def festival(schools, head_boras):
    return make_event([schools["boras"]], title="Sjuhäradsdagen", kind=Kind.FESTIVAL,
                      audience=Event.Audience.PUBLIC)


def _submit(client, festival, school, **values):
    data = {"school": school.pk, "title": "Gitarrfest", "ensemble": "Gitarrgruppen",
            "performers": 5, "length_minutes": 10, "technical_needs": "Två mikrofoner",
            **values}
    return client.post(reverse("programme:contributions", args=[festival.pk]), data)


def test_a_teacher_submits_and_the_organiser_places_and_publishes(
        client, festival, teacher_ulricehamn, head_boras, schools):
    client.force_login(teacher_ulricehamn)
    _submit(client, festival, schools["ulricehamn"])
    contribution = Contribution.objects.get()
    assert (contribution.school, contribution.status) == (schools["ulricehamn"], "submitted")
    client.logout()
    assert "Gitarrfest" not in client.get(festival.get_absolute_url()).content.decode()

    client.force_login(head_boras)
    when = (timezone.localtime(festival.starts_at) + timedelta(minutes=30))
    client.post(reverse("programme:contribution_place", args=[festival.pk, contribution.pk]), {
        f"p{contribution.pk}-status": "accepted", f"p{contribution.pk}-position": 1,
        f"p{contribution.pk}-starts_at": when.strftime("%Y-%m-%dT%H:%M")})
    contribution.refresh_from_db()
    assert (contribution.status, contribution.position) == ("accepted", 1)
    client.post(reverse("programme:publish_programme", args=[festival.pk]))
    client.logout()
    page = client.get(festival.get_absolute_url()).content.decode()
    assert "Gitarrfest" in page and when.strftime("%H:%M") in page


def test_bad_input_is_answered_in_swedish_and_kept(client, festival, teacher_ulricehamn,
                                                  schools, head_boras):
    client.force_login(teacher_ulricehamn)
    response = _submit(client, festival, schools["ulricehamn"], performers="0",
                       length_minutes="9999", title="Min punkt")
    page = response.content.decode()
    assert "Minst en medverkande." in page and "Högst 240 minuter." in page
    assert 'value="Min punkt"' in page and not Contribution.objects.exists()
    response = _submit(client, festival, schools["ulricehamn"], performers="många")
    assert "Ange antalet som en siffra." in response.content.decode()
    _submit(client, festival, schools["ulricehamn"])
    contribution = Contribution.objects.get()
    client.force_login(head_boras)
    response = client.post(reverse("programme:contribution_place",
                                   args=[festival.pk, contribution.pk]),
                           {f"p{contribution.pk}-status": "accepted",
                            f"p{contribution.pk}-starts_at": "3000-01-01T10:00"})
    page = response.content.decode()
    assert "Ange var i programmet bidraget ska ligga." in page
    assert "Ange en tid mellan år 2000 och 2100." in page


def test_a_school_submits_only_for_its_own_schools(client, festival, teacher_ulricehamn,
                                                   schools):
    client.force_login(teacher_ulricehamn)
    response = _submit(client, festival, schools["boras"])
    assert response.status_code == 200 and not Contribution.objects.exists()


def test_withdraw_until_published_then_changes_mail_the_organisers(
        client, festival, teacher_ulricehamn, head_boras, schools,
        django_capture_on_commit_callbacks):
    client.force_login(teacher_ulricehamn)
    _submit(client, festival, schools["ulricehamn"])
    _submit(client, festival, schools["ulricehamn"], title="Andra punkten")
    first, second = Contribution.objects.order_by("pk")
    client.post(reverse("programme:contribution_withdraw", args=[festival.pk, first.pk]))
    first.refresh_from_db()
    assert first.status == "withdrawn"
    services.publish_programme(festival)
    response = client.post(reverse("programme:contribution_withdraw",
                                   args=[festival.pk, second.pk]), follow=True)
    assert "Programmet är publicerat." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programme:contribution_edit", args=[festival.pk, second.pk]), {
            "school": schools["ulricehamn"].pk, "title": "Andra punkten", "ensemble": "Trio",
            "performers": 3, "length_minutes": 8})
    [message] = mail.outbox
    assert message.to == [head_boras.email]
    assert "har ändrat ett bidrag till Sjuhäradsdagen" in message.body and "Trio" in message.body


@pytest.mark.parametrize("persona", ["guardian_mark", "pupil", "outsider"])
def test_families_do_not_reach_the_programme_pages(client, festival, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("programme:contributions", args=[festival.pk])).status_code == 404


def test_other_schools_cannot_change_or_place_a_contribution(client, festival, schools,
                                                            teacher_ulricehamn,
                                                            teacher_tranemo, head_tranemo):
    client.force_login(teacher_ulricehamn)
    _submit(client, festival, schools["ulricehamn"])
    contribution = Contribution.objects.get()
    client.force_login(teacher_tranemo)
    assert client.get(reverse("programme:contribution_edit",
                              args=[festival.pk, contribution.pk])).status_code == 404
    assert client.post(reverse("programme:contribution_withdraw",
                               args=[festival.pk, contribution.pk])).status_code == 404
    client.force_login(head_tranemo)  # a head, but not a host of the festival
    assert client.post(reverse("programme:contribution_place",
                               args=[festival.pk, contribution.pk]),
                       {f"p{contribution.pk}-status": "declined"}).status_code == 404
    assert client.post(reverse("programme:publish_programme",
                               args=[festival.pk])).status_code == 404


def test_only_festivals_take_contributions(client, concert, teacher_ulricehamn):
    client.force_login(teacher_ulricehamn)
    assert client.get(reverse("programme:contributions", args=[concert.pk])).status_code == 404


def test_a_slot_outside_the_festival_is_refused_on_the_form_and_in_the_model(
        client, schools, head_boras):
    """Issue 19: 17:30 for a festival that ends at 16:00 is a Swedish form error, and the
    rule is Contribution.clean(), so admin's forms refuse it too."""
    day = clock.today() + timedelta(days=20)
    start = datetime.combine(day, time(10), tzinfo=clock.STOCKHOLM)
    festival = make_event([schools["boras"]], title="Sjuhäradsdagen", kind=Kind.FESTIVAL,
                          audience=Event.Audience.PUBLIC, starts_at=start,
                          ends_at=start + timedelta(hours=6))
    contribution = Contribution.objects.create(
        event=festival, school=schools["boras"], title="Gitarrfest", ensemble="Gitarrgruppen",
        performers=5, length_minutes=10)
    client.force_login(head_boras)
    late = f"{day.isoformat()}T17:30"
    response = client.post(
        reverse("programme:contribution_place", args=[festival.pk, contribution.pk]),
        {f"p{contribution.pk}-status": "accepted", f"p{contribution.pk}-position": 1,
         f"p{contribution.pk}-starts_at": late})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Programpunkten måste rymmas inom festivalen" in page and "–16:00" in page
    assert f'value="{late}"' in page  # what was entered is kept
    contribution.refresh_from_db()
    assert (contribution.status, contribution.starts_at) == ("submitted", None)

    contribution.starts_at = datetime.combine(day, time(17, 30), tzinfo=clock.STOCKHOLM)
    with pytest.raises(ValidationError) as refused:
        contribution.full_clean()  # what admin's forms run
    assert "starts_at" in refused.value.error_dict
    contribution.starts_at = datetime.combine(day, time(15, 50), tzinfo=clock.STOCKHOLM)
    contribution.full_clean()  # ten minutes from 15:50 fits
