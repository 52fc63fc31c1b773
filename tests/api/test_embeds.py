"""The embeds' headers: framed only by the sites listed in admin, everything else never;
Swedish or English; and the admin page with the snippet to copy."""

import pytest
from django.core.exceptions import ValidationError

from api.models import EmbedOrigin

pytestmark = pytest.mark.django_db


def frame_ancestors(response):
    policy = response["Content-Security-Policy"]
    return next(part.split()[1:] for part in policy.split(";")
                if part.strip().startswith("frame-ancestors"))


def test_with_no_site_listed_nobody_may_frame_an_embed(client, world):
    response = client.get("/inbaddning/skola/boras/")
    assert response.status_code == 200
    assert frame_ancestors(response) == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"


def test_the_listed_sites_become_frame_ancestors_and_nothing_contradicts_them(client, world):
    EmbedOrigin.objects.create(origin="https://www.boras.se")
    EmbedOrigin.objects.create(origin="https://intra.mark.se", is_active=False)
    response = client.get("/inbaddning/kommun/1490/")
    assert frame_ancestors(response) == ["https://www.boras.se"]
    assert "X-Frame-Options" not in response
    # Every other page keeps refusing to be framed.
    other = client.get("/kurser/")
    assert frame_ancestors(other) == ["'none'"] and other["X-Frame-Options"] == "DENY"
    api = client.get("/api/v1/courses/")
    assert api["X-Frame-Options"] == "DENY"


def test_a_site_listed_later_applies_at_once(client, world):
    assert frame_ancestors(client.get("/inbaddning/skola/boras/")) == ["'none'"]
    EmbedOrigin.objects.create(origin="https://www.boras.se")
    assert frame_ancestors(client.get("/inbaddning/skola/boras/")) == ["https://www.boras.se"]


def test_the_embed_lists_courses_and_events_in_swedish_or_english(client, world):
    swedish = client.get("/inbaddning/skola/boras/").content.decode()
    assert 'lang="sv"' in swedish and "Harpa för nybörjare" in swedish
    assert "Vårkonsert" in swedish and "Personalmöte" not in swedish and "Utkast" not in swedish
    english = client.get("/inbaddning/skola/boras/?lang=en")
    assert 'lang="en"' in english.content.decode() and "Upcoming events" in english.content.decode()
    browser = client.get("/inbaddning/skola/boras/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert browser["Content-Language"] == "en"
    assert "Accept-Language" in browser["Vary"]
    assert not browser.cookies


def test_an_origin_is_a_scheme_and_host_only():
    for bad in ["www.boras.se", "https://boras.se/kultur", "https://a.se 'unsafe-inline'", "*"]:
        with pytest.raises(ValidationError):
            EmbedOrigin(origin=bad).full_clean()
    origin = EmbedOrigin(origin="HTTPS://*.Boras.se/")
    origin.full_clean()
    assert origin.origin == "https://*.boras.se"


def test_the_admin_page_shows_the_snippet_to_copy(client, coordinator, world):
    origin = EmbedOrigin.objects.create(origin="https://www.boras.se")
    client.force_login(coordinator)
    page = client.get(f"/admin/api/embedorigin/{origin.pk}/change/").content.decode()
    assert "/inbaddning/skola/boras/" in page and "/inbaddning/kommun/1490/" in page
    assert "&lt;iframe" in page and "kulturskoleportal:resize" in page
