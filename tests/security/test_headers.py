"""Browser-side defences (issue 13): Content-Security-Policy without inline script or style,
Permissions-Policy, no caching of personal responses, a language cookie that stays private."""

import base64
import hashlib
import json
import re
from pathlib import Path

import django
import pytest
from django.urls import reverse

from core.headers import ADMIN_INLINE_STYLE_HASHES
from tests.ops.support import clean_env, production_env, python

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]


def _policy(response):
    return dict(part.strip().split(" ", 1) for part in
                response["Content-Security-Policy"].split(";") if part.strip())


@pytest.mark.django_db
def test_every_page_gets_a_strict_content_security_policy(client):
    policy = _policy(client.get("/"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert "unsafe-inline" not in str(policy) and "unsafe-eval" not in str(policy)
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"


@pytest.mark.django_db
def test_permissions_policy_turns_off_what_the_portal_never_uses(client):
    header = client.get(reverse("courses:catalogue"))["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in header


@pytest.mark.django_db
def test_signed_in_pages_and_the_data_download_are_never_stored(client, guardian_mark):
    client.force_login(guardian_mark)
    for url in [reverse("home"), reverse("accounts:profile"),
                reverse("accounts:my_data_download"), reverse("courses:catalogue")]:
        cache_control = client.get(url)["Cache-Control"]
        assert "no-store" in cache_control and "private" in cache_control, url


@pytest.mark.django_db
def test_anonymous_public_pages_stay_cacheable(client, schools):
    assert "no-store" not in client.get(reverse("schools:list")).get("Cache-Control", "")


@pytest.mark.django_db
def test_admin_allows_only_its_own_inline_style_by_hash(client, coordinator):
    client.force_login(coordinator)
    policy = _policy(client.get(reverse("admin:index")))
    assert "unsafe-inline" not in policy["style-src"]
    assert policy["script-src"] == "'self'"
    template = (Path(django.__file__).parent /
                "contrib/admin/templates/admin/change_list.html").read_text()
    inline = re.findall(r"<style>(.*?)</style>", template, re.S)
    digests = ["'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
               for s in inline]
    assert digests == ADMIN_INLINE_STYLE_HASHES, "Django's admin changed its inline style"
    assert all(d in policy["style-src"] for d in digests)


def test_no_template_of_the_portal_has_inline_script_style_or_handlers():
    found = []
    for directory in TEMPLATE_DIRS:
        for path in directory.rglob("*.html"):
            if "emails" in path.parts:
                continue  # mails are not shown under the portal's policy
            text = path.read_text()
            for pattern in [r"\sstyle=", r"<style", r"<script(?![^>]*\bsrc=)(?![^>]*json)",
                            r"\son[a-z]+=", r"javascript:"]:
                if re.search(pattern, text):
                    found.append((str(path.relative_to(ROOT)), pattern))
    assert found == []


@pytest.mark.django_db
def test_language_cookie_is_http_only_lax_and_secure_when_configured(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["secure"] and cookie["httponly"] and cookie["samesite"] == "Lax"


def test_production_sends_the_language_cookie_only_over_https(tmp_path):
    code = ("import json; from sjuharad import settings as s;"
            "print(json.dumps([s.LANGUAGE_COOKIE_SECURE, s.LANGUAGE_COOKIE_HTTPONLY,"
            " s.LANGUAGE_COOKIE_SAMESITE]))")
    result = python(code, clean_env(tmp_path, **production_env(tmp_path)))
    assert json.loads(result.stdout) == [True, True, "Lax"], result.stderr
