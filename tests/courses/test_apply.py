"""Applying to a course: guardians for their children, pupils 13+ for themselves."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Child, User
from courses.models import Application
from tests.clock import born_years_ago
from tests.courses.conftest import TODAY, make_application, make_course
from tests.factories import ChildFactory, UserFactory

pytestmark = pytest.mark.django_db


def apply_url(course):
    return reverse("courses:apply", args=[course.pk])


def test_guardian_applies_for_own_child(client, harp_boras, guardian_mark, child_mark,
                                        django_capture_on_commit_callbacks):
    client.force_login(guardian_mark)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(harp_boras), {"child": child_mark.pk})
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.child == child_mark
    assert application.status == Application.Status.SUBMITTED
    assert application.home_municipality.name == "Mark"
    assert application.birth_year == child_mark.birth_year
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [guardian_mark.email]
    assert "Vi har tagit emot ansökan" in mail.outbox[0].subject


def test_guardian_adds_a_new_child_inline(client, harp_boras, guardian_mark, mark):
    client.force_login(guardian_mark)
    response = client.post(apply_url(harp_boras), {
        "child": "new", "first_name": "Saga", "last_name": "Lund", "birth_year": born_years_ago(10),
        "home_municipality": mark.pk})
    assert response.status_code == 302
    child = Child.objects.get(first_name="Saga")
    assert child.guardian == guardian_mark
    assert Application.objects.get().child == child


def test_new_child_fields_are_ignored_when_an_existing_child_is_chosen(
        client, harp_boras, guardian_mark, child_mark):
    """Without JavaScript the new child's fields stay on the page; what they hold when
    an existing child is chosen (even nonsense) neither blocks nor creates anything."""
    client.force_login(guardian_mark)
    response = client.post(apply_url(harp_boras), {
        "child": child_mark.pk, "first_name": "Saga", "birth_year": "abc",
        "home_municipality": "999999"})
    assert response.status_code == 302
    assert Application.objects.get().child == child_mark
    assert not Child.objects.filter(first_name="Saga").exists()


def test_new_child_fields_are_a_group_of_their_own(client, harp_boras, guardian_mark,
                                                   child_mark):
    client.force_login(guardian_mark)
    page = client.get(apply_url(harp_boras)).content.decode()
    fieldset = page[page.index('<fieldset class="new-child" data-shown-for="child=new">'):]
    fieldset = fieldset[:fieldset.index("</fieldset>")]
    assert "<legend>Nytt barn</legend>" in fieldset
    for name in ["first_name", "last_name", "birth_year", "home_municipality"]:
        assert f'name="{name}"' in fieldset
    assert 'name="child"' not in fieldset


def test_apply_form_keeps_what_was_typed_on_errors(client, harp_boras, guardian_mark):
    client.force_login(guardian_mark)
    response = client.post(apply_url(harp_boras), {
        "child": "new", "first_name": "Saga", "last_name": "Lund", "birth_year": ""})
    assert response.status_code == 200
    assert "Fyll i det här fältet för ett nytt barn." in response.content.decode()
    assert 'value="Saga"' in response.content.decode()
    assert not Child.objects.filter(first_name="Saga").exists()


def test_child_too_young_gets_a_clear_message(client, harp_boras, guardian_mark, mark):
    too_young = ChildFactory(guardian=guardian_mark, home_municipality=mark,
                             birth_year=harp_boras.term_start.year - 4, first_name="Ebbe")
    client.force_login(guardian_mark)
    response = client.post(apply_url(harp_boras), {"child": too_young.pk})
    assert response.status_code == 200
    assert "Kursen är för elever 6–20 år. Ebbe fyller 4 år" in response.content.decode()
    assert not Application.objects.exists()


def test_child_from_a_municipality_not_covered_cannot_apply(client, harp_boras,
                                                            guardian_mark, municipalities):
    child = ChildFactory(guardian=guardian_mark, birth_year=born_years_ago(11),
                         home_municipality=municipalities["Svenljunga"])
    client.force_login(guardian_mark)
    response = client.post(apply_url(harp_boras), {"child": child.pk})
    assert "Kursen är inte öppen för elever från Svenljunga." in response.content.decode()
    assert not Application.objects.exists()


def test_application_after_the_deadline_is_refused(client, harp_boras, guardian_mark,
                                                   child_mark):
    harp_boras.application_deadline = TODAY - datetime.timedelta(days=1)
    harp_boras.save()
    client.force_login(guardian_mark)
    response = client.post(apply_url(harp_boras), {"child": child_mark.pk})
    assert "har passerat" in response.content.decode()
    assert not Application.objects.exists()


def test_second_application_for_the_same_child_is_refused(client, harp_boras, guardian_mark,
                                                          child_mark):
    make_application(harp_boras, child_mark)
    client.force_login(guardian_mark)
    response = client.post(apply_url(harp_boras), {"child": child_mark.pk})
    assert "redan en ansökan" in response.content.decode()
    assert Application.objects.count() == 1


def test_withdrawn_application_may_be_renewed(client, harp_boras, guardian_mark, child_mark):
    make_application(harp_boras, child_mark, status=Application.Status.WITHDRAWN)
    client.force_login(guardian_mark)
    client.post(apply_url(harp_boras), {"child": child_mark.pk})
    assert harp_boras.applications.filter(status=Application.Status.SUBMITTED).count() == 1


def test_full_course_puts_the_application_on_the_waiting_list(
        client, harp_boras, guardian_mark, child_mark, django_capture_on_commit_callbacks):
    make_application(harp_boras, status=Application.Status.ACCEPTED)
    make_application(harp_boras, status=Application.Status.SUBMITTED)
    make_application(harp_boras, status=Application.Status.WAITING)
    client.force_login(guardian_mark)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(apply_url(harp_boras), {"child": child_mark.pk}, follow=True)
    application = Application.objects.get(child=child_mark)
    assert application.status == Application.Status.WAITING
    assert "väntelistan på plats 2" in response.content.decode()
    assert "plats 2 i kön" in response.content.decode()
    assert "väntelistan på plats 2" in mail.outbox[0].body


def test_pupil_applies_for_themselves(client, schools, municipalities):
    course = make_course(schools["boras"])
    pupil = UserFactory(account_type=User.AccountType.PUPIL, birth_year=born_years_ago(15),
                        home_municipality=municipalities["Borås"], first_name="Pelle")
    client.force_login(pupil)
    response = client.post(apply_url(course))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.child.is_self
    assert application.child.guardian == pupil
    assert application.applicant == pupil


def test_pupil_applies_from_the_home_municipality_in_the_profile(client, schools,
                                                                 municipalities):
    course = make_course(schools["boras"], open_to=[])
    pupil = UserFactory(account_type=User.AccountType.PUPIL, birth_year=born_years_ago(15),
                        home_municipality=municipalities["Borås"])
    Child.objects.create(guardian=pupil, is_self=True, first_name="P", last_name="P",
                         birth_year=pupil.birth_year, home_municipality=municipalities["Mark"])
    client.force_login(pupil)
    client.post(apply_url(course))
    assert Application.objects.get().home_municipality.name == "Borås"


def test_pupil_under_13_is_told_to_ask_a_guardian(client, schools, municipalities):
    course = make_course(schools["boras"])
    pupil = UserFactory(account_type=User.AccountType.PUPIL, birth_year=born_years_ago(11),
                        home_municipality=municipalities["Borås"])
    client.force_login(pupil)
    response = client.post(apply_url(course), follow=True)
    assert "behöver en vårdnadshavare" in response.content.decode()
    assert not Application.objects.exists()


def test_staff_cannot_apply(client, harp_boras, teacher_tranemo):
    client.force_login(teacher_tranemo)
    assert client.get(apply_url(harp_boras)).status_code == 404


def test_anonymous_is_sent_to_login_to_apply(client, harp_boras):
    response = client.get(apply_url(harp_boras))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_guardian_cannot_apply_with_another_guardians_child(client, harp_boras, outsider,
                                                            child_mark):
    client.force_login(outsider)
    response = client.post(apply_url(harp_boras), {"child": child_mark.pk})
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_draft_course_cannot_be_applied_to(client, schools, guardian_mark):
    draft = make_course(schools["mark"], status="draft")
    client.force_login(guardian_mark)
    assert client.get(apply_url(draft)).status_code == 404


def test_a_pupil_with_a_place_is_told_so_instead_of_offered_to_apply_again(
        client, schools, municipalities):
    course = make_course(schools["boras"])
    pupil = UserFactory(account_type=User.AccountType.PUPIL, birth_year=born_years_ago(15),
                        home_municipality=municipalities["Borås"], first_name="Pelle")
    client.force_login(pupil)
    page = client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert apply_url(course) in page
    client.post(apply_url(course))
    Application.objects.update(status=Application.Status.ACCEPTED)
    page = client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert f'href="{apply_url(course)}"' not in page
    assert "Du har redan ansökt till kursen (status: " in page
    assert reverse("courses:my_applications") in page


def test_a_guardian_sees_which_child_has_applied_and_may_apply_for_another(
        client, schools, municipalities, guardian_mark, child_mark):
    course = make_course(schools["boras"], open_to=[municipalities["Mark"]])
    make_application(course, child_mark, status=Application.Status.ACCEPTED)
    client.force_login(guardian_mark)
    page = client.get(reverse("courses:detail", args=[course.pk])).content.decode()
    assert "Du har redan ansökt till kursen för:" in page and child_mark.name in page
    assert f'href="{apply_url(course)}"' in page
