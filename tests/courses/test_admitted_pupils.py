"""Admitted pupils' contact details and adaptation needs: the receiving head and the
course's teachers see them once the place is accepted; nobody else, never before."""

import datetime

import pytest
from django.urls import reverse

from core import privacy
from courses import privacy as courses_privacy
from courses.models import Application
from tests.courses.conftest import make_application
from tests.factories import staff

pytestmark = pytest.mark.django_db
S = Application.Status


def with_contacts(course, status, phone="070-123 45 67", needs="Hörselslinga", child=None):
    application = make_application(course, child, status=status)
    application.contact_phone, application.adaptation_needs = phone, needs
    application.save(update_fields=["contact_phone", "adaptation_needs"])
    return application


@pytest.fixture
def harp_teacher(harp_boras, schools):
    teacher = staff(schools["boras"], email="harpa.boras@example.se")
    harp_boras.teachers.add(teacher)
    return teacher


def test_the_application_form_asks_optionally_about_adaptations(
        client, harp_boras, guardian_mark, child_mark):
    client.force_login(guardian_mark)
    page = client.get(reverse("courses:apply", args=[harp_boras.pk])).content.decode()
    assert "Behöver barnet anpassningar? (valfritt)" in page
    client.post(reverse("courses:apply", args=[harp_boras.pk]), {
        "child": child_mark.pk, "contact_phone": "070-111 22 33",
        "adaptation_needs": "Rullstol, behöver hiss"})
    application = Application.objects.get()
    assert (application.contact_phone, application.adaptation_needs) == (
        "070-111 22 33", "Rullstol, behöver hiss")


def test_a_bad_phone_number_is_refused_with_the_input_kept(
        client, harp_boras, guardian_mark, child_mark):
    client.force_login(guardian_mark)
    response = client.post(reverse("courses:apply", args=[harp_boras.pk]), {
        "child": child_mark.pk, "contact_phone": "ring mig",
        "adaptation_needs": "Behöver sitta nära"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Skriv telefonnumret med siffror" in page
    assert "Behöver sitta nära" in page and "ring mig" in page
    assert not Application.objects.exists()


def test_the_head_and_the_teacher_see_admitted_pupils_only(
        client, harp_boras, head_boras, harp_teacher, django_assert_max_num_queries):
    admitted = with_contacts(harp_boras, S.ACCEPTED)
    offered = with_contacts(harp_boras, S.OFFERED, phone="070-999 99 99", needs="Hemligt")
    for user in [head_boras, harp_teacher]:
        client.force_login(user)
        with django_assert_max_num_queries(8):
            page = client.get(reverse("courses:admitted", args=[harp_boras.pk])
                              ).content.decode()
        assert admitted.child.name in page and admitted.applicant.email in page
        assert "070-123 45 67" in page and "Hörselslinga" in page
        assert offered.child.name not in page and "Hemligt" not in page


def test_the_page_costs_the_same_queries_for_many_pupils(
        client, harp_boras, head_boras, django_assert_max_num_queries):
    harp_boras.capacity = 30
    harp_boras.save()
    for _ in range(12):
        with_contacts(harp_boras, S.ACCEPTED)
    client.force_login(head_boras)
    with django_assert_max_num_queries(8):
        client.get(reverse("courses:admitted", args=[harp_boras.pk]))
    with django_assert_max_num_queries(8):
        client.get(reverse("courses:admitted_csv", args=[harp_boras.pk]))


@pytest.mark.parametrize("who", ["head_tranemo", "teacher_tranemo", "teacher_other",
                                 "coordinator", "guardian_mark", "outsider"])
def test_nobody_else_sees_them(client, harp_boras, schools, who, request):
    with_contacts(harp_boras, S.ACCEPTED)
    if who == "teacher_other":
        user = staff(schools["boras"], email="annan.larare@example.se")  # not this course's
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    for name in ["admitted", "admitted_csv"]:
        assert client.get(reverse(f"courses:{name}", args=[harp_boras.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, harp_boras):
    response = client.get(reverse("courses:admitted", args=[harp_boras.pk]))
    assert response.status_code == 302 and "/konto/login/" in response.url


def test_the_export_is_swedish_excel_with_formulas_neutralised(
        client, harp_boras, head_boras):
    with_contacts(harp_boras, S.ACCEPTED, needs="=HYPERLINK(\"http://x\")")
    client.force_login(head_boras)
    response = client.get(reverse("courses:admitted_csv", args=[harp_boras.pk]))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeffElev;Födelseår;Hemkommun;")
    assert "'=HYPERLINK" in body and ";070-123 45 67;" in body
    assert f"antagna-{harp_boras.pk}-{harp_boras.term}.csv" in response["Content-Disposition"]


def test_teachers_list_their_courses(client, harp_boras, harp_teacher):
    client.force_login(harp_teacher)
    page = client.get(reverse("courses:taught")).content.decode()
    assert reverse("courses:admitted", args=[harp_boras.pk]) in page


def test_families_have_no_teaching_list(client, guardian_mark):
    client.force_login(guardian_mark)
    assert client.get(reverse("courses:taught")).status_code == 404


def test_erasing_the_child_erases_the_contact_details(harp_boras, child_mark):
    application = with_contacts(harp_boras, S.ACCEPTED, child=child_mark)
    privacy.erase_child(child_mark)
    application.refresh_from_db()
    assert (application.contact_phone, application.adaptation_needs) == ("", "")


def test_retention_erases_them_with_the_application(harp_boras, settings):
    settings.RETENTION_DAYS_AFTER_TERM = 30
    application = with_contacts(harp_boras, S.ACCEPTED)
    later = datetime.datetime.combine(harp_boras.term_end + datetime.timedelta(days=31),
                                      datetime.time(12), tzinfo=datetime.UTC)
    assert courses_privacy.apply_retention(later) == 1
    application.refresh_from_db()
    assert (application.contact_phone, application.adaptation_needs,
            application.applicant) == ("", "", None)


def test_the_head_chooses_the_course_teachers_from_the_school_only(
        client, harp_boras, head_boras, schools, harp_teacher):
    other = staff(schools["mark"], email="larare.mark@example.se")
    client.force_login(head_boras)
    page = client.get(reverse("courses:edit", args=[harp_boras.pk])).content.decode()
    assert harp_teacher.email in page or harp_teacher.get_full_name() in page
    assert other.email not in page


def test_the_teaching_list_costs_the_same_for_many_courses(
        client, harp_boras, harp_teacher, schools, django_assert_max_num_queries):
    from tests.courses.conftest import make_course

    client.force_login(harp_teacher)
    with django_assert_max_num_queries(6) as few:
        client.get(reverse("courses:taught"))
    for i in range(10):
        make_course(schools["boras"], title=f"Harpa {i}").teachers.add(harp_teacher)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("courses:taught")).content.decode()
    assert "Harpa 9" in page
