"""One Swedish vocabulary: allauth's pages and mails use the portal's words (the table in
docs/developers/development.md, "Language and words").

allauth's Swedish catalogue drifts ("epost-adress", "Tvåfaktorsautentisering", "mail");
locale/sv overrides those entries, and allauth's mails name the portal, not the host.
"""

import re
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

from tests.accounts.test_signup_and_login import signup_data
from tests.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parent.parent.parent
# The drifting forms, and the glossary's word for each.
FORBIDDEN = {
    r"\b[Ee]post": "e-post / e-postadress",
    r"\b[Ee]-post-adress": "e-postadress",
    r"[Tt]våfaktor": "tvåstegsverifiering",
    # a word of its own ("mail", "e-mail", "mailet"), not inside an address or a path
    r"(?<![\w/.@-])(?:[Ee]-?)?[Mm]ail(?:et|en)?\b": "mejl",
}

ANONYMOUS_PAGES = ["account_login", "account_signup", "account_reset_password",
                   "account_reset_password_done", "account_email_verification_sent"]
SIGNED_IN_PAGES = ["account_email", "account_change_password", "account_reauthenticate",
                   "mfa_index", "mfa_activate_totp"]


def visible_text(html):
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return re.sub(r"<[^>]+>", " ", html)


def drift(text):
    return {pattern: re.findall(rf"\S*{pattern}\S*", text) for pattern in FORBIDDEN
            if re.search(pattern, text)}  # the words around each hit, for the message


@pytest.mark.django_db
@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_allauth_pages_for_everyone_use_the_glossary(client, name):
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert drift(text) == {}
    if name in ("account_login", "account_signup", "account_reset_password"):
        assert "E-postadress" in text  # the field's label (Django's word too)


@pytest.mark.django_db
@pytest.mark.parametrize("name", SIGNED_IN_PAGES)
def test_allauth_and_mfa_pages_for_a_signed_in_person_use_the_glossary(client, name):
    user = UserFactory(email="anna@example.se")
    client.force_login(user)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert drift(text) == {}
    if name == "mfa_index":
        assert "Tvåstegsverifiering" in text


@pytest.mark.django_db
def test_allauth_messages_on_bad_input_use_the_glossary(client):
    UserFactory(email="anna@example.se")
    response = client.post(reverse("account_login"),
                           {"login": "anna@example.se", "password": "fel-lösenord"})
    text = visible_text(response.content.decode())
    assert "E-postadressen och/eller lösenordet är felaktigt." in text
    assert drift(text) == {}


@pytest.mark.django_db
def test_verification_mail_names_the_portal_never_the_host(client, schools,
                                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        client.post(reverse("account_signup"), signup_data(), HTTP_HOST="127.0.0.1")
    (message,) = mail.outbox
    assert "Hej från Kulturskoleportalen Sjuhärad!" in message.body
    assert "Tack för att du använder Kulturskoleportalen Sjuhärad!" in message.body
    assert "Hej från 127.0.0.1" not in message.body
    assert drift(message.subject + message.body) == {}


@pytest.mark.django_db
def test_password_reset_mail_uses_the_glossary(client, django_capture_on_commit_callbacks):
    UserFactory(email="anna@example.se")
    with django_capture_on_commit_callbacks(execute=True):  # the outbox sends after commit
        client.post(reverse("account_reset_password"), {"email": "anna@example.se"})
    (message,) = mail.outbox
    assert "Kulturskoleportalen Sjuhärad" in message.body
    assert "testserver" not in message.body.split("http")[0]
    assert drift(message.subject + message.body) == {}


def test_the_portals_own_swedish_uses_the_glossary():
    """Our own templates and code: the drifting forms never come back."""
    found = {}
    for folder in ["templates", "accounts", "core", "courses", "events", "meetings",
                   "programme", "initiatives", "networks", "schools", "sjuharad"]:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix not in {".html", ".txt", ".py"} or "migrations" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            # Swedish text only: strings and template text, not identifiers such as `email`.
            hits = [h for pattern in [r"\b[Ee]post", r"[Tt]våfaktor", r"\b[Ee]-post-adress"]
                    for h in re.findall(pattern, text)]
            if hits:
                found[str(path.relative_to(ROOT))] = hits
    assert found == {}
