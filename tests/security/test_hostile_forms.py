"""Every form of the portal, found through the URL resolver, gets hostile input (issue 13).

For each URL (tests/security/resolver.py) the first persona of PERSONAS whose GET answers
200 with a POST form uses it. Each field in turn gets the hostile values for its kind while
the others keep a plausible value; then the whole form is sent with every field missing and
with every field repeated. No answer may be a server error, and a form shown again (200)
must say what is wrong. Each URL's posts run in a savepoint that is rolled back, so a
deleting form cannot take the objects away from the next one.

Findings that belong to another part of issue 13 (date and integer ranges, hostile1) are
listed in KNOWN with the reason; they are reported as warnings, never hidden, and the test
fails on anything else.
"""

import warnings
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tests.clock import TEST_TODAY
from tests.security.conftest import log_in
from tests.security.resolver import portal_routes

pytestmark = [pytest.mark.django_db, pytest.mark.hostile]

PERSONAS = ["coordinator", "head_boras", "teacher_boras", "guardian_mark", "pupil", "anonymous"]
# Forms whose successful post ends the session; walked last in their own right elsewhere.
SKIP = {"account_logout"}
# Server errors that are another part of issue 13 (hostile1: date ranges, the one redirect
# helper); see the module docstring. (where the form posts, field) -> why.
KNOWN: dict = {}  # none left: add a line with its reason only for a known, tracked gap


def _known(target, what):
    return next((why for (path, field), why in KNOWN.items()
                 if path in target and f"'{field}'" in what.split("=")[0]), None)

LONG = "å" * 10_000
TEXT = [LONG, "🎻 مرحبا שלום \u202egnp.exe\u202c", "a\x00b",
        "\"><script>alert(1)</script><img src=x onerror=alert(1)> ' OR 1=1; DROP TABLE x; --"]
NUMBERS = ["2147483648", "9223372036854775808", "-1", "1.5", "1e309"]
DATES = ["0001-01-01", "9999-12-31", "2026-02-30"]
DATETIMES = ["0001-01-01T00:00", "9999-12-31T23:59", "2026-02-30T10:00"]
TIMES = ["25:61", "9999999999:00"]
CHOICES = ["unknown-choice", "99999999999999999999"]
HOSTILE = {"text": TEXT, "textarea": TEXT, "email": TEXT + ["a@b", "@" * 300],
           "url": TEXT + ["javascript:alert(1)", "http://" + "a" * 3000 + ".se"],
           "search": TEXT, "password": TEXT, "tel": TEXT, "number": NUMBERS + TEXT[:1],
           "date": DATES, "datetime-local": DATETIMES, "time": TIMES, "select": CHOICES,
           "radio": CHOICES, "checkbox": CHOICES, "button": CHOICES,
           "hidden": TEXT[:1] + NUMBERS[1:2]}


class _Forms(HTMLParser):
    """The POST forms of a page: action and fields (name, kind, value, options)."""

    def __init__(self):
        super().__init__()
        self.forms, self._select, self._textarea = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self.forms.append({"action": a.get("action") or "", "fields": {}, "multipart":
                               "multipart" in (a.get("enctype") or "")})
        if not self.forms or not a.get("name"):
            return
        fields = self.forms[-1]["fields"]
        if tag == "button" or (tag == "input" and a.get("type") == "submit"):
            # A named button says what to do (action=offer/decline): the last one is sent.
            field = fields.setdefault(a["name"], {"kind": "button", "value": None, "options": []})
            field["options"].append(a.get("value", ""))
            field["value"] = a.get("value", "")
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            field = fields.setdefault(a["name"], {"kind": kind, "value": None, "options": []})
            if kind in ("radio", "checkbox"):
                field["options"].append(a.get("value", "on"))
                if "checked" in a or field["value"] is None:
                    field["value"] = a.get("value", "on")
            elif a.get("value") is not None:
                field["value"] = a["value"]
        elif tag == "select":
            self._select = fields.setdefault(a["name"], {"kind": "select", "value": None,
                                                         "options": []})
        elif tag == "textarea":
            self._textarea = fields.setdefault(a["name"], {"kind": "textarea", "value": "",
                                                           "options": []})

    def handle_data(self, data):
        if self._textarea is not None and data.strip():
            self._textarea["value"] = data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)



class _FormsWithOptions(_Forms):
    def handle_starttag(self, tag, attrs):
        if tag == "option" and self._select is not None:
            a = dict(attrs)
            value = a.get("value", "")
            self._select["options"].append(value)
            if value and (self._select["value"] in (None, "") or "selected" in a):
                self._select["value"] = value
            return
        super().handle_starttag(tag, attrs)


PLAUSIBLE = {
    "email": "ny.person@example.se", "url": "https://example.se/a", "number": "2",
    "date": (TEST_TODAY + timedelta(days=30)).isoformat(),
    "datetime-local": (TEST_TODAY + timedelta(days=30)).isoformat() + "T10:00",
    "time": "17:00", "password": "ett-bra-lösenord-42", "tel": "0701234567",
}


def _baseline(fields):
    data = {}
    for name, field in fields.items():
        if field["kind"] == "file":
            continue
        value = field["value"]
        if value in (None, ""):
            value = PLAUSIBLE.get(field["kind"], "Prov")
            if field["options"]:
                value = next((o for o in field["options"] if o), "")
        data[name] = value
    return data


def _files(fields, content=b"%PDF-1.4 prov", name="prov.pdf"):
    return {n: SimpleUploadedFile(name, content) for n, f in fields.items() if f["kind"] == "file"}


# Kinds whose values reach the database as they are (ranges), so each field is tried alone;
# fields of the other kinds get their hostile values all at once (a form checks every field).
ONE_BY_ONE = {"number", "date", "datetime-local", "time"}


def _variants(fields):
    """(what, data) pairs: hostile values by field or by kind, then whole-form ones."""
    base = _baseline(fields)
    files = _files(fields)
    kinds = {}
    for name, field in fields.items():
        if name != "csrfmiddlewaretoken":
            kinds.setdefault(field["kind"], []).append(name)
    for kind, names in kinds.items():
        if kind == "file":
            for content, filename in [(b"", "tom.pdf"), (b"MZ\x90\x00", "program.exe"),
                                      (b"%PDF-1.4", "a" * 300 + ".pdf")]:
                yield f"{names}={filename}", {**base, **{n: SimpleUploadedFile(filename, content)
                                                         for n in names}}
            continue
        groups = [[n] for n in names] if kind in ONE_BY_ONE else [names]
        for group in groups:
            for value in HOSTILE.get(kind, TEXT):
                yield f"{group}={value[:30]!r}", {**base, **files, **{n: value for n in group}}
    token = {k: v for k, v in base.items() if k == "csrfmiddlewaretoken"}
    yield "all fields missing", token
    yield "every field repeated", {**{k: [v, TEXT[3]] for k, v in base.items()
                                      if k != "csrfmiddlewaretoken"}, **token}


def _form_pages(client, world):
    """(route, persona, url, form) for every page with a POST form someone may use."""
    for route in portal_routes():
        if route.name in SKIP or (route.name == "" and route.arguments):
            continue
        url = route.url(world.objects)
        for persona in PERSONAS:
            client.logout()
            log_in(client, world.people[persona])
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _FormsWithOptions()
            parser.feed(response.content.decode())
            forms = [f for f in parser.forms if f["fields"]]
            if forms:
                yield route, persona, url, forms
                break


def _shows_an_error(response):
    html = response.content.decode()
    return any(marker in html for marker in ['class="errorlist', 'class="message error',
                                             "message error", 'role="alert"'])


def _post(client, url, data):
    try:
        return client.post(url, data)
    except Exception as error:  # noqa: BLE001 - every server error is a finding
        return error


def test_every_form_survives_hostile_input(client, world, settings):
    settings.PUBLIC_FORM_RATE_LIMITS = {scope: {"client": "100000/m", "target": "100000/m"}
                                        for scope in settings.PUBLIC_FORM_RATE_LIMITS}
    settings.ACCOUNT_RATE_LIMITS = False
    findings, known, walked = [], [], []
    for route, persona, url, forms in list(_form_pages(client, world)):
        walked.append(route.name)
        for form in forms:
            target = form["action"] or url
            if not target.startswith("/"):
                continue
            client.logout()
            log_in(client, world.people[persona])
            for what, data in _variants(form["fields"]):
                with transaction.atomic():
                    response = _post(client, target, data)
                    transaction.set_rollback(True)
                status = getattr(response, "status_code", 500)
                problem = None
                if status >= 500:
                    problem = f"{status} {response!r}"[:300]
                elif status == 200 and "html" in response.get("Content-Type", "") and \
                        not _shows_an_error(response):
                    problem = "shown again without an error message"
                if problem:
                    entry = f"{route.name} {target} as {persona}: {what}: {problem}"
                    reason = _known(target, what)
                    (known if reason else findings).append(f"{entry} [{reason}]" if reason
                                                           else entry)
    for entry in known:
        warnings.warn(f"Known, issue 13 (hostile1): {entry}", stacklevel=1)
    assert len(walked) >= 25, walked
    assert findings == [], "\n".join(findings)
