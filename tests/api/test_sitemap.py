"""/sitemap.xml lists the public pages; /robots.txt names it."""

import pytest

from courses.models import Course

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_public_pages_only(client, world):
    xml = client.get("/sitemap.xml").content.decode()
    harp, draft = world["harp"], Course.objects.get(title="Utkast")
    assert f"/kurser/{harp.pk}/</loc>" in xml and f"/kurser/{draft.pk}/</loc>" not in xml
    assert f"/evenemang/{world['concert'].pk}/</loc>" in xml
    assert "/skolor/boras/</loc>" in xml and "/kurser/</loc>" in xml
    staff_only = world["concert"].host_schools.get().hosted_events.exclude(
        audience="public").get()
    assert f"/evenemang/{staff_only.pk}/</loc>" not in xml


def test_robots_txt_names_the_sitemap(client, db):
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots
