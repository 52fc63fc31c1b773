"""Anonymous public pages can be held by a shared HTTP cache in front of the portal: no
Set-Cookie, no `Vary: Cookie`, a `Cache-Control` that says how long (core/pagecache.py);
personal responses never; and the nginx example that does it is valid."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from schools.models import School
from tests.courses.conftest import make_course

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def public_pages(schools):
    course = make_course(schools["boras"], title="Harpa")
    return [reverse("courses:catalogue"), reverse("courses:catalogue") + "?sortera=lediga",
            reverse("courses:detail", args=[course.pk]), reverse("schools:list"),
            School.objects.get(pk=schools["boras"].pk).get_absolute_url()]


def vary(response) -> set[str]:
    return {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}


def test_anonymous_public_pages_may_be_shared(public_pages, settings):
    settings.PUBLIC_PAGE_MAX_AGE = 30
    for url in public_pages:
        for attempt in ("miss", "hit"):
            response = Client().get(url)
            assert response.status_code == 200, url
            assert not response.cookies, (url, attempt)
            assert "Set-Cookie" not in response, (url, attempt)
            assert "cookie" not in vary(response), (url, attempt)
            assert response["Cache-Control"] == "public, max-age=0, s-maxage=30", (url, attempt)


def test_a_language_choice_keeps_the_page_shareable_in_that_language(public_pages):
    visitor = Client()
    visitor.cookies["django_language"] = "en"
    response = visitor.get(public_pages[0])
    assert "Courses in Sjuhärad" in response.content.decode()
    assert response["Cache-Control"].startswith("public")
    assert response["Content-Language"] == "en"


def test_signed_in_and_session_holding_visitors_get_nothing_to_share(public_pages,
                                                                     guardian_mark):
    person = Client()
    person.force_login(guardian_mark)
    session_only = Client()
    session_only.cookies["sessionid"] = "an-expired-session"
    for visitor in (person, session_only):
        for url in public_pages:
            response = visitor.get(url)
            assert "public" not in response.get("Cache-Control", ""), url
            assert "cookie" in vary(response), url
    assert "no-store" in person.get(public_pages[0])["Cache-Control"]


def test_other_pages_and_errors_are_not_marked_public(schools):
    for url in [reverse("home"), reverse("account_login"),
                reverse("courses:detail", args=[999999])]:
        assert "public" not in Client().get(url).get("Cache-Control", ""), url


def test_the_nginx_example_is_valid_and_caches_only_what_the_portal_allows(tmp_path):
    conf = (ROOT / "deploy" / "nginx.conf").read_text()
    assert "proxy_cache_key \"$scheme$host$request_uri|$cookie_django_language\";" in conf
    assert "proxy_cache_bypass $portal_personal;" in conf
    assert "proxy_no_cache $portal_personal;" in conf
    assert "map $cookie_sessionid$cookie_messages $portal_personal" in conf
    # No proxy_cache_valid: nginx then stores only what Cache-Control allows.
    assert "proxy_cache_valid" not in conf
    nginx, openssl = shutil.which("nginx") or "/usr/sbin/nginx", shutil.which("openssl")
    if not Path(nginx).exists() or openssl is None:
        pytest.skip("nginx -t needs nginx and openssl (apt-get install nginx-light)")
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=kulturskola.example.se", "-keyout", tmp_path / "key.pem",
                    "-out", tmp_path / "cert.pem"], check=True, capture_output=True)
    conf = (conf.replace("/etc/ssl/kulturskola/fullchain.pem", str(tmp_path / "cert.pem"))
            .replace("/etc/ssl/kulturskola/privkey.pem", str(tmp_path / "key.pem"))
            .replace("/var/cache/nginx/", f"{tmp_path}/cache/")
            .replace("/var/log/nginx/", f"{tmp_path}/"))
    version = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr
    found = re.search(r"nginx/(\d+)\.(\d+)\.(\d+)", version)
    if found and tuple(map(int, found.groups())) < (1, 25, 1):
        # `http2 on;` is nginx 1.25.1+; Debian 12's nginx (1.22) says it on `listen`.
        conf = conf.replace("    http2 on;\n", "").replace("listen 443 ssl;",
                                                            "listen 443 ssl http2;")
    (tmp_path / "cache").mkdir()
    (tmp_path / "site.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n")
    result = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
