"""The region's survey: the coordinator opens a round in admin, anyone answers without
an account, heads see their municipality's results and the coordinator all."""

import datetime

import pytest
from django.urls import reverse

from courses.models import Wish
from schools.models import Subject
from surveys.models import SurveyAnswer, SurveyRound
from tests.clock import today

pytestmark = pytest.mark.django_db
ANSWER = reverse("surveys:answer")


def make_round(title="Kartläggning 2026", days_before=5, days_after=20, requires_code=False):
    return SurveyRound.objects.create(
        title=title, intro="Hjälp oss planera kulturskolan.", requires_code=requires_code,
        opens_on=today() - datetime.timedelta(days=days_before),
        closes_on=today() + datetime.timedelta(days=days_after))


def answer_data(municipality, *subjects, **changes):
    return {"home_municipality": municipality.pk, "age_group": "10-12",
            "subjects": [Subject.objects.get(slug=s).pk for s in subjects],
            "attends": "1", "experience": "4", "experience_text": "Roligt!",
            "obstacles": ["obstacle_distance"], "distance_interest": "maybe", **changes}


def add_answer(survey_round, municipality, *subjects, **fields):
    answer = SurveyAnswer.objects.create(
        survey_round=survey_round, home_municipality=municipality, age_group="13-15",
        attends=False, distance_interest="yes", **fields)
    answer.subjects.set(Subject.objects.filter(slug__in=subjects))
    return answer


@pytest.fixture
def current(municipalities):
    return make_round()


def test_anyone_answers_without_an_account(client, current, municipalities):
    page = client.get(ANSWER).content.decode()
    assert "Hjälp oss planera kulturskolan." in page
    for personal in ["E-post", "Namn", "Telefon"]:
        assert f">{personal}" not in page
    response = client.post(ANSWER, answer_data(municipalities["Tranemo"], "harpa", "dans"))
    assert response.status_code == 302
    answer = SurveyAnswer.objects.get()
    assert answer.home_municipality.name == "Tranemo" and answer.experience == 4
    assert sorted(answer.subjects.values_list("slug", flat=True)) == ["dans", "harpa"]
    assert (answer.obstacle_distance, answer.obstacle_cost) == (True, False)


def test_bad_input_gets_swedish_messages_and_is_kept(client, current, municipalities):
    data = answer_data(municipalities["Mark"], "harpa", experience="",
                       experience_text="Vi bor långt bort")
    data["age_group"] = "99"
    response = client.post(ANSWER, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Välj hur du upplever kulturskolan (1–5)." in page
    assert "Välj ett giltigt alternativ" in page
    assert "Vi bor långt bort" in page
    assert not SurveyAnswer.objects.exists()


def test_the_honeypot_stores_nothing(client, current, municipalities):
    response = client.post(ANSWER, {**answer_data(municipalities["Mark"]),
                                    "website": "http://spam"})
    assert response.status_code == 302
    assert not SurveyAnswer.objects.exists()


def test_answers_are_rate_limited(client, current, municipalities, settings):
    settings.PUBLIC_FORM_RATE_LIMITS = {**settings.PUBLIC_FORM_RATE_LIMITS,
                                        "survey": {"client": "2/h"}}
    for _ in range(2):
        assert client.post(ANSWER, answer_data(municipalities["Mark"])).status_code == 302
    response = client.post(ANSWER, answer_data(municipalities["Mark"],
                                               experience_text="tredje"))
    assert response.status_code == 429
    assert "tredje" in response.content.decode()
    assert SurveyAnswer.objects.count() == 2


def test_no_open_round_says_so(client, municipalities):
    make_round(days_before=40, days_after=-10)
    page = client.get(ANSWER).content.decode()
    assert "Just nu pågår ingen kartläggning" in page


@pytest.fixture
def answered(current, municipalities):
    earlier = SurveyRound.objects.create(
        title="Kartläggning 2025", opens_on=today() - datetime.timedelta(days=400),
        closes_on=today() - datetime.timedelta(days=370))
    for _ in range(5):
        add_answer(earlier, municipalities["Borås"], "harpa")
    add_answer(earlier, municipalities["Borås"], "trummor")  # wished only last round
    add_answer(current, municipalities["Borås"], "harpa", "dans")
    for _ in range(6):
        add_answer(current, municipalities["Borås"], "harpa")
    for _ in range(5):
        add_answer(current, municipalities["Tranemo"], "teater", obstacle_cost=True)
    Wish.objects.create(subject=Subject.objects.get(slug="cirkus"),
                        home_municipality=municipalities["Borås"], age=10)
    return current


def test_the_coordinator_sees_every_answer_with_charts_and_comparison(
        client, answered, coordinator, django_assert_max_num_queries):
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("surveys:results", args=[answered.pk]))
    context = response.context
    assert context["total"] == 12
    assert context["municipalities"] == ["Borås", "Tranemo"]
    assert context["subjects"][0] == ("Harpa", [7, 0], 7)
    assert ("Harpa", 7, 5, 2) in context["comparison"]
    page = response.content.decode()
    assert page.count("<svg") == 5 and page.count('class="chart-data"') == 5
    assert "Cirkus" in page  # today's wishes feed the same view


def test_a_head_sees_their_municipality_only(client, answered, head_tranemo):
    client.force_login(head_tranemo)
    context = client.get(reverse("surveys:results", args=[answered.pk])).context
    assert context["total"] == 5
    assert context["municipalities"] == ["Tranemo"]
    assert [name for name, _c, _t in context["subjects"]] == ["Teater"]
    assert "Cirkus" not in str(context["charts"][-1].bars)


def test_the_results_page_costs_the_same_for_many_answers(
        client, answered, coordinator, municipalities, django_assert_max_num_queries):
    for _ in range(20):
        add_answer(answered, municipalities["Mark"], "piano", "gitarr")
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        client.get(reverse("surveys:results", args=[answered.pk]))


@pytest.mark.parametrize("who", ["guardian_mark", "teacher_tranemo", "pupil", "outsider"])
def test_nobody_else_sees_results(client, answered, who, request):
    client.force_login(request.getfixturevalue(who))
    for url in [reverse("surveys:rounds"), reverse("surveys:results", args=[answered.pk]),
                reverse("surveys:results_csv", args=[answered.pk])]:
        assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_log_in_for_results(client, answered):
    response = client.get(reverse("surveys:results", args=[answered.pk]))
    assert response.status_code == 302


def test_the_csv_export(client, answered, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("surveys:results_csv", args=[answered.pk]))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeffÄmne;Borås;Tranemo;Totalt")
    assert "Harpa;7;0;7" in body


def test_the_coordinator_opens_a_round_in_admin(client, coordinator):
    client.force_login(coordinator)
    url = reverse("admin:surveys_surveyround_add")
    response = client.post(url, {"title": "Ny", "intro": "", "opens_on": "2026-13-01",
                                 "closes_on": today().isoformat()})
    assert response.status_code == 200 and "Ny" in response.content.decode()
    response = client.post(url, {"title": "Ny", "intro": "Välkommen",
                                 "opens_on": (today() + datetime.timedelta(days=3)).isoformat(),
                                 "closes_on": today().isoformat()})
    assert "Omgången kan inte stänga innan den öppnar." in response.content.decode()
    response = client.post(url, {"title": "Ny", "intro": "Välkommen",
                                 "opens_on": today().isoformat(),
                                 "closes_on": (today() + datetime.timedelta(days=30)).isoformat()})
    assert response.status_code == 302
    assert SurveyRound.objects.get().title == "Ny"
    assert client.get(reverse("admin:surveys_surveyround_changelist")).status_code == 200


def test_the_form_page_costs_a_fixed_number_of_queries(client, current,
                                                        django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(ANSWER)
    assert response.status_code == 200


def test_the_age_and_distance_questions_have_no_empty_choice(client, current):
    page = client.get(ANSWER).content.decode()
    assert "---------" not in page
    assert 'name="age_group" value=""' not in page
    assert 'name="distance_interest" value=""' not in page
    assert 'name="age_group" value="6-9"' in page


def test_the_comparison_keeps_subjects_wished_only_last_round(client, answered, coordinator):
    client.force_login(coordinator)
    context = client.get(reverse("surveys:results", args=[answered.pk])).context
    assert ("Trummor och slagverk", 0, 1, -1) in context["comparison"]


@pytest.mark.parametrize("who", ["coordinator", "head_tranemo"])
def test_fewer_than_five_answers_are_not_shown_to_anyone(client, current, municipalities,
                                                         who, request):
    """A head of a municipality with a single answer sees "färre än 5", as does the
    coordinator for a round with four answers in all."""
    for name in ["Tranemo", "Borås", "Borås", "Borås"]:
        add_answer(current, municipalities[name], "harpa")
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("surveys:results", args=[current.pk]))
    page = response.content.decode()
    assert "Färre än 5 svar." in page
    assert "<svg" not in page and "Harpa" not in page
    assert response.context["subjects"] == []


def test_a_small_municipality_is_shown_as_fewer_than_five(client, answered, coordinator,
                                                          municipalities):
    add_answer(answered, municipalities["Mark"], "harpa")
    client.force_login(coordinator)
    response = client.get(reverse("surveys:results", args=[answered.pk]))
    assert response.context["municipalities"] == ["Borås", "Mark", "Tranemo"]
    assert response.context["subjects"][0] == ("Harpa", [7, None, 0], 7)
    assert "färre än 5" in response.content.decode()
    body = client.get(reverse("surveys:results_csv", args=[answered.pk])).content.decode()
    assert "Harpa;7;färre än 5;0;7" in body


@pytest.fixture
def coded(municipalities):
    return make_round(title="Kartläggning med koder", requires_code=True)


def test_a_round_with_codes_takes_one_answer_per_code(client, coded, municipalities, schools):
    from surveys import services

    [code] = services.create_codes(coded, schools["mark"], 1)
    page = client.get(ANSWER, {"kod": code.code}).content.decode()
    assert "Svarskod" in page and f'value="{code.code}"' in page
    data = answer_data(municipalities["Mark"], "harpa")
    response = client.post(ANSWER, {**data, "code": code.display_code.lower()})
    assert response.status_code == 302
    assert SurveyAnswer.objects.count() == 1
    again = client.post(ANSWER, {**data, "code": code.code})
    assert again.status_code == 200
    assert "redan använts" in again.content.decode()
    none = client.post(ANSWER, data)
    assert "Skriv svarskoden du har fått." in none.content.decode()
    assert SurveyAnswer.objects.count() == 1


def test_a_code_of_another_round_is_refused(client, coded, current, municipalities, schools):
    from surveys import services

    other = make_round(title="Nästa", days_before=-30, days_after=60, requires_code=True)
    [code] = services.create_codes(other, schools["mark"], 1)
    coded.opens_on = current.opens_on - datetime.timedelta(days=1)
    coded.save()
    current.delete()
    response = client.post(ANSWER, {**answer_data(municipalities["Mark"]), "code": code.code})
    assert "Koden gäller inte" in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_a_head_makes_and_prints_codes_for_their_school(client, coded, head_tranemo, schools):
    from surveys.models import SurveyCode

    client.force_login(head_tranemo)
    page = client.get(reverse("surveys:codes")).content.decode()
    assert "Kulturskolan i Borås" not in page  # only the schools they lead
    response = client.post(reverse("surveys:codes"), {
        "survey_round": coded.pk, "school": schools["tranemo"].pk, "count": 25})
    assert response.status_code == 302
    codes = SurveyCode.objects.filter(school=schools["tranemo"])
    assert codes.count() == 25 and len({c.code for c in codes}) == 25
    slips = client.get(response.url).content.decode()
    assert slips.count('class="code-slip"') == 25
    assert f"?kod={codes[0].code}" in slips and codes[0].display_code in slips
    bad = client.post(reverse("surveys:codes"), {
        "survey_round": coded.pk, "school": schools["boras"].pk, "count": 5})
    assert bad.status_code == 200 and "Välj ett giltigt alternativ" in bad.content.decode()
    assert client.get(reverse("surveys:codes_print", args=[coded.pk, schools["boras"].pk])
                      ).status_code == 404


@pytest.mark.parametrize("who", ["guardian_mark", "teacher_tranemo", "pupil"])
def test_only_heads_and_the_coordinator_make_codes(client, coded, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("surveys:codes")).status_code == 404


def test_new_rounds_require_codes_by_default(db):
    survey_round = SurveyRound(title="Ny", opens_on=today(), closes_on=today())
    assert survey_round.requires_code
