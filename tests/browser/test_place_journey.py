"""Issue 11 end to end in Chromium (desktop and 390 px), axe on every portal page:
an offer expires and passes to the next child on the waiting list, who accepts; the
Borås head exports the admitted pupils with contact details; the coordinator opens a
survey round; an anonymous visitor answers it on a phone with a school's code; the
results keep a single answer to themselves ("Färre än 5 svar.")."""

import datetime

import pytest

from courses import services
from courses.models import Application
from surveys import services as survey_services
from surveys.models import SurveyAnswer, SurveyRound
from tests.browser_support import sign_in
from tests.clock import born_years_ago, today
from tests.courses.conftest import make_agreement, make_application, make_course
from tests.factories import ChildFactory, UserFactory, staff

S = Application.Status
PHONE_390 = {"width": 390, "height": 844}


@pytest.fixture(params=["desktop", "phone-390"])
def viewport(request):
    return None if request.param == "desktop" else PHONE_390


@pytest.fixture
def harp(schools, municipalities):
    tranemo = municipalities["Tranemo"]
    make_agreement(schools["boras"], tranemo, fee=0)
    course = make_course(schools["boras"], title="Harpa i Borås", capacity=1, open_to=[tranemo])
    late_guardian = UserFactory(email="sen.tranemo@example.se", home_municipality=tranemo)
    late = make_application(course, ChildFactory(guardian=late_guardian, first_name="Alva",
                                                 home_municipality=tranemo,
                                                 birth_year=born_years_ago(10)),
                            status=S.OFFERED)
    Application.objects.filter(pk=late.pk).update(reply_by=today() - datetime.timedelta(days=1))
    next_guardian = UserFactory(email="nasta.tranemo@example.se", first_name="Karin",
                                last_name="Lind", home_municipality=tranemo)
    waiting = make_application(course, ChildFactory(guardian=next_guardian, first_name="Elis",
                                                    last_name="Lind", home_municipality=tranemo,
                                                    birth_year=born_years_ago(11)),
                               status=S.WAITING)
    Application.objects.filter(pk=waiting.pk).update(
        contact_phone="0325-123 45", adaptation_needs="Behöver sitta nära tavlan")
    return course, late, waiting


@pytest.mark.django_db(transaction=True)
def test_offer_expires_next_accepts_head_exports_and_the_survey_is_answered(
        page, axe, live_server, harp, schools, coordinator, browser):
    course, late, waiting = harp
    # The beat sweep runs (tests/courses/test_worker.py runs it on real workers).
    assert services.expire_offers() == [late.pk]

    # The next family on the waiting list sees the offer with its reply date and accepts.
    sign_in(page, live_server, waiting.applicant)
    page.goto("/kurser/mina-ansokningar/")
    axe.check(page)
    assert "Svara senast" in page.content()
    page.get_by_role("button", name="Tacka ja till Harpa i Borås").click()
    page.wait_for_load_state("load")
    assert "Du har tackat ja till platsen." in page.content()
    axe.check(page)
    # The family whose offer expired sees it.
    page.context.clear_cookies()
    sign_in(page, live_server, late.applicant)
    page.goto("/kurser/mina-ansokningar/")
    assert "Svarstiden gick ut" in page.content()

    # The Borås head finds the admitted pupils through the menu and exports them.
    head = staff(schools["boras"], role="head", email="chef.boras@example.se")
    page.context.clear_cookies()
    sign_in(page, live_server, head)
    page.goto("/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role(
        "link", name="Antagna elever").click()
    axe.check(page)
    page.get_by_role("link", name="Harpa i Borås").click()
    axe.check(page)
    content = page.content()
    assert "Elis Lind" in content and "nasta.tranemo@example.se" in content
    assert "0325-123 45" in content and "Behöver sitta nära tavlan" in content
    assert "Alva" not in content
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner som kalkylblad (CSV)").click()
    exported = open(download.value.path(), encoding="utf-8").read()
    assert exported.startswith("\ufeffElev;") and "Elis Lind;" in exported
    assert "0325-123 45" in exported

    # The coordinator opens a survey round in admin.
    page.context.clear_cookies()
    sign_in(page, live_server, coordinator)
    page.goto("/admin/surveys/surveyround/add/")
    page.get_by_label("Rubrik").fill("Kartläggning i Sjuhärad")
    page.get_by_label("Inledning").fill("Vad vill du göra i kulturskolan?")
    page.get_by_label("Öppnar").fill(today().isoformat())
    page.get_by_label("Stänger").fill((today() + datetime.timedelta(days=30)).isoformat())
    page.get_by_role("button", name="Spara", exact=True).click()
    page.wait_for_url("**/admin/surveys/surveyround/")
    survey_round = SurveyRound.objects.get()
    # A new round takes answers with the codes the schools hand out (one code, one answer).
    assert survey_round.requires_code
    [code] = survey_services.create_codes(survey_round, schools["tranemo"], 1)

    # An anonymous visitor answers on a phone, through the link on the code's slip.
    phone = browser.new_context(base_url=live_server.url, locale="sv-SE", viewport=PHONE_390)
    visitor = phone.new_page()
    visitor.goto(f"/kartlaggning/?kod={code.code}")
    axe.check(visitor)
    assert "Vad vill du göra i kulturskolan?" in visitor.content()
    visitor.get_by_label("Vilken kommun bor du i?").select_option(label="Tranemo")
    visitor.get_by_label("10–12 år").check()
    visitor.get_by_label("Cirkus").check()
    visitor.get_by_label("Nej").first.check()
    visitor.get_by_label("Avståndet").check()
    visitor.get_by_label("Kanske").check()
    visitor.get_by_role("button", name="Skicka svaret").click()
    visitor.wait_for_url("**/kartlaggning/tack/")
    axe.check(visitor)
    phone.close()

    # The answer is stored; with a single answer the results say "färre än 5" rather than
    # show what one person answered.
    assert SurveyAnswer.objects.filter(survey_round=survey_round).count() == 1
    page.goto(f"/kartlaggning/resultat/{survey_round.pk}/")
    axe.check(page)
    assert "Färre än 5 svar." in page.content()
    assert "Cirkus" not in page.locator("main").inner_text()
