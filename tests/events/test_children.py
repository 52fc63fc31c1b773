"""Children and school groups at joint events (issue 10): a guardian registers children,
pupils of 13+ register themselves, a head or teacher registers a group; the places,
the school quotas and the waiting list work as for people (races: test_concurrency.py)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from events import services
from events.models import Event, Kind, Registration, SchoolQuota
from tests import clock
from tests.events.conftest import make_event
from tests.factories import ChildFactory, UserFactory, staff

pytestmark = pytest.mark.django_db
Status = Registration.Status


@pytest.fixture
def string_camp(schools):
    """The string camp: public, two places each for Mark and Tranemo, participant info asked."""
    event = make_event([schools["vargarda"]], title="Stråkläger", kind=Kind.CAMP,
                       audience=Event.Audience.PUBLIC, registration_required=True,
                       asks_participant_info=True)
    SchoolQuota.objects.create(event=event, school=schools["mark"], places=2)
    SchoolQuota.objects.create(event=event, school=schools["tranemo"], places=2)
    return event


@pytest.fixture
def family(guardian_mark, schools, municipalities, string_camp):
    """Three children of the guardian in Mark, 9, 14 (attends Tranemo) and 16 in the camp's
    year (the age an event counts; the camp may fall in next year on the test's day)."""
    make = lambda name, age, school: ChildFactory(  # noqa: E731
        guardian=guardian_mark, first_name=name, last_name="Ek", school=schools[school],
        birth_year=string_camp.year - age, home_municipality=municipalities["Mark"])
    return {"nine": make("Alva", 9, "mark"), "fourteen": make("Måns", 14, "tranemo"),
            "sixteen": make("Vera", 16, "mark")}


def _info(**extra):
    return {"emergency_phone": "070-123 45 67", "medical_notes": "Nötallergi",
            "adaptations": "", "photo_consent": True, **extra}


def test_each_child_takes_a_place_of_the_school_they_attend(string_camp, guardian_mark, family,
                                                           schools):
    registrations = services.register_children(
        string_camp, guardian_mark, [(family["nine"], _info()), (family["fourteen"], _info())])
    assert [(r.child, r.school, r.status) for r in registrations] == [
        (family["nine"], schools["mark"], Status.REGISTERED),
        (family["fourteen"], schools["tranemo"], Status.REGISTERED)]
    assert services.count_places(string_camp).quotas[schools["mark"].pk] == (2, 1)


def test_a_child_beyond_the_schools_quota_waits_and_moves_up_in_order(
        string_camp, guardian_mark, family, schools, municipalities):
    other = UserFactory()
    mark_kids = [ChildFactory(guardian=other, school=schools["mark"]) for _ in range(2)]
    services.register_children(string_camp, other, [(kid, _info()) for kid in mark_kids])
    [late] = services.register_children(string_camp, guardian_mark, [(family["nine"], _info())])
    assert late.status == Status.WAITING
    _cancelled, promoted = services.cancel_registration(
        string_camp, other, registration_pk=mark_kids[0].event_registrations.get().pk)
    assert [r.child for r in promoted] == [family["nine"]]


def test_a_child_without_a_school_counts_against_the_home_municipalitys(string_camp,
                                                                      guardian_mark, schools):
    child = ChildFactory(guardian=guardian_mark)  # Mark, no school chosen
    [registration] = services.register_children(string_camp, guardian_mark, [(child, {})])
    assert registration.school == schools["mark"]


def test_the_same_child_cannot_be_registered_twice(string_camp, guardian_mark, family):
    services.register_children(string_camp, guardian_mark, [(family["nine"], _info())])
    with pytest.raises(services.RegistrationError, match="redan anmäld"):
        services.register_children(string_camp, guardian_mark, [(family["nine"], _info())])


def test_a_guardian_cannot_register_someone_elses_child(string_camp, outsider, family):
    with pytest.raises(services.RegistrationError):
        services.register_children(string_camp, outsider, [(family["nine"], {})])
    assert not string_camp.registrations.exists()


def test_a_pupil_of_13_registers_themselves_a_younger_one_cannot(string_camp, municipalities):
    # Ages in the camp's year, as the rule counts them.
    pupil = UserFactory(account_type=User.AccountType.PUPIL, birth_year=string_camp.year - 13,
                        home_municipality=municipalities["Mark"])
    assert services.register(string_camp, pupil).status == Status.REGISTERED
    young = UserFactory(account_type=User.AccountType.PUPIL, birth_year=string_camp.year - 12,
                        home_municipality=municipalities["Mark"])
    with pytest.raises(services.RegistrationError, match="under 13"):
        services.register(string_camp, young)


def test_children_only_for_kinds_open_to_pupils(training_day, guardian_mark, family):
    with pytest.raises(services.RegistrationError):
        services.register_children(training_day, guardian_mark, [(family["nine"], {})])


def test_the_guardian_picks_children_on_the_page_with_their_information(
        client, string_camp, guardian_mark, family):
    client.force_login(guardian_mark)
    page = client.get(string_camp.get_absolute_url()).content.decode()
    assert "Anmäl barn" in page
    url = reverse("events:register_children", args=[string_camp.pk])
    form = client.get(url).content.decode()
    assert "Alva Ek (9 år)" in form and "Måns Ek (14 år)" in form
    nine, fourteen = f"barn-{family['nine'].pk}", f"barn-{family['fourteen'].pk}"
    response = client.post(url, {
        f"{nine}-selected": "on", f"{nine}-emergency_phone": "070-123 45 67",
        f"{nine}-medical_notes": "Nötallergi", f"{nine}-photo_consent": "no",
        f"{fourteen}-selected": "on", f"{fourteen}-emergency_phone": "070-765 43 21",
        f"{fourteen}-photo_consent": "yes"}, follow=True)
    assert "Alva Ek är anmäld." in response.content.decode()
    alva = Registration.objects.get(child=family["nine"])
    assert (alva.user, alva.medical_notes, alva.photo_consent) == (
        guardian_mark, "Nötallergi", False)
    assert Registration.objects.get(child=family["fourteen"]).photo_consent is True
    assert "Avanmäl Alva Ek" in response.content.decode()


def test_bad_participant_information_is_answered_in_swedish_and_kept(
        client, string_camp, guardian_mark, family):
    client.force_login(guardian_mark)
    nine = f"barn-{family['nine'].pk}"
    response = client.post(reverse("events:register_children", args=[string_camp.pk]), {
        f"{nine}-selected": "on", f"{nine}-emergency_phone": "ring mamma",
        f"{nine}-medical_notes": "Nötallergi"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ange ett telefonnummer, t.ex. 070-123 45 67." in page
    assert "Svara ja eller nej." in page
    assert "ring mamma" in page and "Nötallergi" in page
    assert not string_camp.registrations.exists()


def test_choosing_no_child_is_a_message_not_an_error(client, string_camp, guardian_mark, family):
    client.force_login(guardian_mark)
    response = client.post(reverse("events:register_children", args=[string_camp.pk]), {})
    assert "Välj minst ett barn att anmäla." in response.content.decode()


def test_the_guardian_cancels_one_child_and_keeps_the_other(client, string_camp, guardian_mark,
                                                          family):
    alva, mans = services.register_children(
        string_camp, guardian_mark, [(family["nine"], _info()), (family["fourteen"], _info())])
    client.force_login(guardian_mark)
    client.post(reverse("events:cancel_own", args=[string_camp.pk, alva.pk]))
    alva.refresh_from_db()
    mans.refresh_from_db()
    assert (alva.status, mans.status) == (Status.CANCELLED, Status.REGISTERED)


def test_nobody_cancels_another_familys_child(client, string_camp, guardian_mark, family,
                                             outsider):
    [alva] = services.register_children(string_camp, guardian_mark, [(family["nine"], _info())])
    client.force_login(outsider)
    client.post(reverse("events:cancel_own", args=[string_camp.pk, alva.pk]))
    alva.refresh_from_db()
    assert alva.status == Status.REGISTERED


def test_only_own_children_are_offered(client, string_camp, guardian_mark, family, outsider):
    ChildFactory(guardian=outsider, first_name="Främling")
    client.force_login(guardian_mark)
    page = client.get(reverse("events:register_children", args=[string_camp.pk])).content.decode()
    assert "Främling" not in page


def test_a_forged_child_in_the_post_is_ignored(client, string_camp, guardian_mark, outsider):
    stranger = ChildFactory(guardian=outsider)
    client.force_login(guardian_mark)
    ChildFactory(guardian=guardian_mark)
    client.post(reverse("events:register_children", args=[string_camp.pk]),
                {f"barn-{stranger.pk}-selected": "on"})
    assert not Registration.objects.filter(child=stranger).exists()


def test_erasing_a_child_frees_the_place(string_camp, guardian_mark, family, client):
    services.register_children(string_camp, guardian_mark, [(family["nine"], _info())])
    client.force_login(guardian_mark)
    client.post(reverse("accounts:child_erase", args=[family["nine"].pk]), {"confirm": "on"})
    assert not string_camp.registrations.filter(status=Status.REGISTERED).exists()


# --- groups ----------------------------------------------------------------------


def test_a_teacher_registers_a_group_that_takes_places_from_the_quota(
        string_camp, teacher_tranemo, schools):
    group = services.register_group(string_camp, teacher_tranemo, schools["tranemo"], 2,
                                    teacher_tranemo, "Stråkgruppen")
    assert (group.status, group.places) == (Status.REGISTERED, 2)
    assert services.count_places(string_camp).quotas[schools["tranemo"].pk] == (2, 2)
    bigger = services.register_group(string_camp, teacher_tranemo, schools["tranemo"], 1,
                                     teacher_tranemo)
    assert bigger.status == Status.WAITING


def test_a_group_too_big_for_the_quota_waits_as_a_whole(string_camp, teacher_tranemo, schools):
    group = services.register_group(string_camp, teacher_tranemo, schools["tranemo"], 3,
                                    teacher_tranemo)
    assert group.status == Status.WAITING
    assert services.count_places(string_camp).taken == 0


def test_the_group_form_takes_the_teachers_school_and_checks_the_count(
        client, string_camp, teacher_ulricehamn, teacher_tranemo, schools):
    client.force_login(teacher_tranemo)
    url = reverse("events:register_group", args=[string_camp.pk])
    response = client.post(url, {"school": schools["tranemo"].pk, "places": "0",
                                 "group_name": "Fiolerna",
                                 "responsible_teacher": teacher_tranemo.pk})
    assert "En grupp har minst en elev." in response.content.decode()
    assert "Fiolerna" in response.content.decode()
    response = client.post(url, {"school": schools["ulricehamn"].pk, "places": "2",
                                 "responsible_teacher": teacher_ulricehamn.pk})
    assert response.status_code == 200 and not string_camp.registrations.exists()
    client.post(url, {"school": schools["tranemo"].pk, "places": "2",
                      "responsible_teacher": teacher_tranemo.pk, "names": "Ida, Olle"})
    group = string_camp.registrations.get()
    assert (group.school, group.places, group.group_names) == (schools["tranemo"], 2, "Ida, Olle")


@pytest.mark.parametrize("persona", ["guardian_mark", "pupil", "outsider"])
def test_only_staff_register_groups(client, string_camp, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("events:register_group", args=[string_camp.pk])).status_code == 404


def test_old_events_keep_one_registration_per_person(concert, pupil):
    services.register(concert, pupil)
    services.cancel_registration(concert, pupil)
    assert services.register(concert, pupil).pk == concert.registrations.get().pk


def test_registration_closed_after_start(string_camp, guardian_mark, family):
    string_camp.starts_at = timezone.now() - timedelta(hours=1)
    string_camp.ends_at = timezone.now() + timedelta(hours=1)
    string_camp.save()
    with pytest.raises(services.RegistrationError, match="stängd"):
        services.register_children(string_camp, guardian_mark, [(family["nine"], {})])



def test_staff_of_the_school_add_the_names_later(client, string_camp, teacher_tranemo,
                                                 head_tranemo, teacher_ulricehamn, schools):
    group = services.register_group(string_camp, teacher_tranemo, schools["tranemo"], 2,
                                    teacher_tranemo, "Fiolerna")
    url = reverse("events:group_edit", args=[string_camp.pk, group.pk])
    client.force_login(teacher_ulricehamn)
    assert client.get(url).status_code == 404
    client.force_login(head_tranemo)
    response = client.post(url, {"group_name": "Fiolerna", "responsible_teacher": "",
                                 "group_names": "Ida\nOlle"})
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert "Ida\nOlle" in response.content.decode()
    client.post(url, {"group_name": "Fiolerna", "responsible_teacher": head_tranemo.pk,
                      "group_names": "Ida\nOlle"})
    group.refresh_from_db()
    assert (group.group_names, group.responsible_teacher, group.places) == (
        "Ida\nOlle", head_tranemo, 2)


def test_a_pupil_registers_themselves_with_the_information_asked_for(client, string_camp,
                                                                   municipalities):
    pupil = UserFactory(account_type=User.AccountType.PUPIL, birth_year=clock.born_years_ago(14),
                        home_municipality=municipalities["Mark"])
    client.force_login(pupil)
    assert client.post(reverse("events:register", args=[string_camp.pk]))["Location"] == (
        reverse("events:register_self", args=[string_camp.pk]))
    url = reverse("events:register_self", args=[string_camp.pk])
    response = client.post(url, {"medical_notes": "Laktos"})
    assert "Ange ett telefonnummer vi kan nå i nödfall." in response.content.decode()
    assert "Laktos" in response.content.decode() and not string_camp.registrations.exists()
    client.post(url, {"emergency_phone": "0701234567", "medical_notes": "Laktos",
                      "photo_consent": "yes"})
    registration = string_camp.registrations.get()
    assert (registration.user, registration.participant, registration.medical_notes,
            registration.photo_consent) == (pupil, "person", "Laktos", True)


def test_the_own_information_page_is_for_pupils_only(client, string_camp, guardian_mark,
                                                     teacher_tranemo):
    for user in (guardian_mark, teacher_tranemo):
        client.force_login(user)
        assert client.get(reverse("events:register_self",
                                  args=[string_camp.pk])).status_code == 404


def test_the_teacher_menus_name_a_teacher_who_hid_the_address_as_everywhere_else(
        client, string_camp, teacher_tranemo, schools):
    """Issue 19: the address of a nameless teacher who hides it is not in the menus."""
    hidden = staff(schools["tranemo"], email="dold.larare@example.se", first_name="",
                   last_name="")
    client.force_login(teacher_tranemo)
    page = client.get(reverse("events:register_group", args=[string_camp.pk])).content.decode()
    assert f"Medlem utan namn (nr {hidden.pk})" in page
    assert "dold.larare@example.se" not in page
    group = services.register_group(string_camp, teacher_tranemo, schools["tranemo"], 1,
                                    hidden)
    page = client.get(reverse("events:group_edit", args=[string_camp.pk, group.pk])
                      ).content.decode()
    assert f"Medlem utan namn (nr {hidden.pk})" in page
    assert "dold.larare@example.se" not in page


def test_a_group_that_moves_up_is_spoken_of_as_a_group(
        string_camp, teacher_tranemo, head_tranemo, schools, django_capture_on_commit_callbacks):
    """Issue 19: the head got "…du är nu anmäld", a text for one person."""
    first = services.register_group(string_camp, teacher_tranemo, schools["tranemo"], 2,
                                    teacher_tranemo, "Fiolerna")
    waiting = services.register_group(string_camp, head_tranemo, schools["tranemo"], 2,
                                      head_tranemo, "Cellona")
    assert waiting.status == Status.WAITING
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(string_camp, teacher_tranemo, registration_pk=first.pk)
    (message,) = [m for m in mail.outbox if m.to == [head_tranemo.email]]
    assert "Gruppen har fått plats" in message.subject
    assert f"Gruppen från {schools['tranemo'].name} har fått plats på Stråkläger" in message.body
    assert ": 2 elever." in message.body
    assert "du är nu anmäld" not in message.body
    assert "Gruppen från" in message.alternatives[0][0]
