"""The catalogue journey in real Chromium, with axe (WCAG 2.1 AA) on every page."""

import pytest
from playwright.sync_api import expect

from courses.models import Application, Wish
from tests.browser_support import open_filters, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_guardian_finds_applies_and_accepts_a_place(page, axe, live_server, harp_boras,
                                                      guardian_mark, child_mark, head_boras,
                                                      mark):
    page.goto("/kurser/")
    axe.check(page)
    open_filters(page)
    page.get_by_label("Öppen för elever från").select_option(str(mark.pk))
    page.get_by_label("Bara kurser med lediga platser").check()
    page.get_by_role("button", name="Visa kurser").click()
    assert "1 kurs" in page.locator("#result-heading").inner_text()
    assert f"hemkommun={mark.pk}" in page.url
    page.get_by_role("link", name="Harpa för nybörjare").click()
    page.get_by_label("Din hemkommun").select_option(str(mark.pk))
    page.get_by_role("button", name="Visa avgift").click()
    # The click returns before the answer has loaded; expect() waits for it.
    expect(page.locator("main")).to_contain_text("600 kr per termin")
    axe.check(page)

    sign_in(page, live_server, guardian_mark)
    page.goto(f"/kurser/{harp_boras.pk}/ansok/")
    axe.check(page)
    expect(page.get_by_label("Barnets förnamn")).to_be_hidden()  # until "new child" is chosen
    page.get_by_label("Ett nytt barn").check()
    page.get_by_label("Barnets förnamn").fill("Saga")
    page.get_by_role("button", name="Skicka ansökan").click()
    expect(page.locator("main")).to_contain_text("Fyll i det här fältet för ett nytt barn.")
    assert page.get_by_label("Barnets förnamn").input_value() == "Saga"
    axe.check(page)
    page.get_by_label(child_mark.name, exact=False).check()
    expect(page.get_by_role("group", name="Nytt barn")).to_be_hidden()
    page.get_by_role("button", name="Skicka ansökan").click()
    assert "Ansökan är skickad" in page.locator(".messages").inner_text()
    axe.check(page)
    application = Application.objects.get(child=child_mark)

    sign_in(page, live_server, head_boras)
    page.goto("/kurser/hantera/")
    axe.check(page)
    page.get_by_role("link", name="Harpa för nybörjare").click()
    axe.check(page)
    page.get_by_role("button", name=f"Erbjud {child_mark.name} plats").click()
    application.refresh_from_db()
    assert application.status == Application.Status.OFFERED

    sign_in(page, live_server, guardian_mark)
    page.goto("/kurser/mina-ansokningar/")
    axe.check(page)
    page.get_by_role("button", name="Tacka ja till Harpa för nybörjare").click()
    assert "Plats antagen" in page.locator("table").inner_text()
    axe.check(page)


@pytest.mark.django_db(transaction=True)
def test_a_head_sees_demand_and_settlement(page, axe, live_server, harp_boras, head_boras,
                                           guardian_mark, mark):
    sign_in(page, live_server, guardian_mark)
    page.goto("/kurser/onskemal/")
    axe.check(page)
    page.get_by_label("Ämne").select_option(label="Film")
    page.get_by_label("Hemkommun").select_option(str(mark.pk))
    page.get_by_label("Ålder").fill("11")
    page.get_by_role("button", name="Skicka önskemål").click()
    assert Wish.objects.filter(subject__slug="film").count() == 1

    sign_in(page, live_server, head_boras)
    for path in ["/kurser/efterfragan/", "/kurser/avrakning/", "/kurser/hantera/ny/",
                 f"/kurser/hantera/{harp_boras.pk}/andra/"]:
        page.goto(path)
        assert page.locator("h1").count() == 1, path
        axe.check(page)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [390, 800, 1280])
def test_no_word_is_split_on_the_catalogue_cards(page, live_server, harp_boras, width):
    """"Sista ansökningsdag" wraps between the words at most, never as "ansöknings dag"."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto("/kurser/")
    labels = page.locator(".course-cards .facts dt")
    assert labels.count() > 0
    split = page.evaluate("""() => {
        const broken = [];
        for (const dt of document.querySelectorAll('.course-cards .facts dt')) {
            const text = dt.firstChild;
            const words = text.textContent.split(' ');
            let offset = 0;
            for (const word of words) {
                const range = document.createRange();
                range.setStart(text, offset);
                range.setEnd(text, offset + word.length);
                const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(word);
                offset += word.length + 1;
            }
        }
        return broken;
    }""")
    assert split == []
