"""Signing in with the municipality's account and with e-legitimation, the whole round trip
in Chromium: portal → demo identity provider (demo_idp/, a second process) → portal.

Unit tests of the same rules: tests/accounts/test_sign_in_services.py.
"""

import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.test import override_settings
from playwright.sync_api import expect

from accounts.models import Invitation, SignInEvent, Staffing, User
from tests.browser_support import sign_in
from tests.demo_idp_support import PASSWORD
from tests.factories import PASSWORD as PORTAL_PASSWORD
from tests.factories import UserFactory, staff

MUNICIPAL = "Borås stad (demo)"
EID = "BankID eller Freja eID (demo)"


@pytest.fixture(params=["desktop"])
def viewport(request):
    # The round trips once, at desktop width: the provider's pages are not the portal's.
    return None


def at_provider(page, idp, email):
    """Sign in on the demo provider's own page (skipped when already signed in there)."""
    page.wait_for_url(lambda url: url.startswith(idp.url) or "/konto/" not in url
                      or "localhost" in url and "/oidc/" not in url)
    if page.url.startswith(idp.url):
        page.locator("input[name=login]").fill(email)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form button[type=submit]").first.click()


def start(page, axe, button, path="/konto/login/"):
    page.goto(path)
    axe.check(page)
    page.get_by_role("link", name=button).click()
    axe.check(page)
    page.get_by_role("button", name="Fortsätt").click()


def back_at_portal(page, live_server):
    page.wait_for_url(lambda url: url.startswith(live_server.url))
    page.wait_for_load_state("load")


def test_an_invited_head_signs_in_with_the_municipal_account_and_lands_on_the_heads_page(
        page, axe, live_server, demo_idp, schools, coordinator):
    Invitation.objects.create(email="ny.chef@demo.example", school=schools["boras"],
                              role=Staffing.Role.HEAD, invited_by=coordinator)
    demo_idp.add_person("ny.chef@demo.example", amr=["pwd", "mfa"])

    with override_settings(MFA_REQUIRED_FOR_LEADERS=True):
        start(page, axe, MUNICIPAL)
        at_provider(page, demo_idp, "ny.chef@demo.example")
        back_at_portal(page, live_server)
        # The provider did MFA: no set-up page, straight to the head's home page.
        assert page.url == live_server.url + "/"
        axe.check(page)
        expect(page.get_by_role("main")).to_contain_text("Kulturskolan i Borås")

    head = User.objects.get(email="ny.chef@demo.example")
    assert head.head_school_ids == {schools["boras"].pk}
    assert not head.has_usable_password()
    assert SignInEvent.objects.filter(user=head, action="login", method="demo-boras",
                                      mfa_by_provider=True).exists()


def test_an_unknown_municipal_user_gets_an_account_with_no_role_and_an_explanation(
        page, axe, live_server, demo_idp):
    start(page, axe, MUNICIPAL)
    at_provider(page, demo_idp, "ny.pedagog@demo.example")
    back_at_portal(page, live_server)

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Du är inloggad, men har ingen roll än")
    axe.check(page)
    user = User.objects.get(email="ny.pedagog@demo.example")
    assert not user.staffings.exists() and not user.is_staff and not user.is_superuser


def test_a_guardian_links_e_legitimation_signs_in_with_it_and_unlinks_it(
        page, axe, live_server, demo_idp, municipalities):
    guardian = UserFactory(email="greta@example.se", first_name="Greta",
                           home_municipality=municipalities["Tranemo"])
    sign_in(page, live_server, guardian)

    page.goto("/konto/mina-uppgifter/")
    page.get_by_role("link", name="Hantera inloggningssätt").click()
    axe.check(page)
    start(page, axe, f"Koppla {EID}", path=page.url)
    at_provider(page, demo_idp, "e-legitimation@demo.example")
    back_at_portal(page, live_server)
    expect(page.get_by_role("main")).to_contain_text("kopplad")
    axe.check(page)

    account = SocialAccount.objects.get(user=guardian)
    assert "19121212" not in json.dumps(account.extra_data) + account.uid
    assert account.uid.startswith("pnr-hmac:")

    # Signed out of the portal; signed in again with the e-legitimation alone.
    page.context.clear_cookies(domain="localhost")
    start(page, axe, EID)
    at_provider(page, demo_idp, "e-legitimation@demo.example")
    back_at_portal(page, live_server)
    assert page.url == live_server.url + "/"
    expect(page.get_by_role("banner")).to_contain_text("Greta")

    page.goto("/konto/3rdparty/")
    page.get_by_role("button", name="Ta bort kopplingen").click()
    expect(page.get_by_role("main")).to_contain_text("Du har inget kopplat än.")
    assert not SocialAccount.objects.filter(user=guardian).exists()
    actions = list(SignInEvent.objects.filter(user=guardian).values_list("action", flat=True))
    assert sorted(actions) == ["link", "login", "unlink"]

    # The password account still works.
    page.context.clear_cookies(domain="localhost")
    page.goto("/konto/login/")
    page.get_by_label("E-postadress").fill("greta@example.se")
    page.get_by_label("Lösenord").fill(PORTAL_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/")


@pytest.mark.parametrize("tamper", ["signature", "nonce"])
def test_a_tampered_id_token_or_a_wrong_nonce_is_refused(page, axe, live_server, demo_idp,
                                                         schools, tamper):
    staff(schools["boras"], Staffing.Role.HEAD, email="chef.boras@demo.example")
    demo_idp.add_person("manipulerad@demo.example", tamper=tamper)

    start(page, axe, MUNICIPAL)
    at_provider(page, demo_idp, "manipulerad@demo.example")
    back_at_portal(page, live_server)

    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggningen misslyckades")
    axe.check(page)
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="manipulerad@demo.example").count() == 0
    page.goto("/konto/mina-uppgifter/")
    assert "/konto/login/" in page.url


def test_a_foreign_next_is_not_followed(page, axe, live_server, demo_idp, schools):
    staff(schools["boras"], Staffing.Role.TEACHER, email="larare.boras@demo.example")
    start(page, axe, MUNICIPAL, path="/konto/login/?next=https://evil.example/steal")
    at_provider(page, demo_idp, "larare.boras@demo.example")
    back_at_portal(page, live_server)
    assert page.url == live_server.url + "/"


@pytest.mark.parametrize(("amr", "asked_for_code"), [(["pwd", "mfa"], False), (["pwd"], True)])
def test_a_leaders_own_mfa_is_skipped_only_when_the_token_says_the_provider_did_it(
        page, axe, live_server, demo_idp, schools, amr, asked_for_code):
    head = staff(schools["boras"], Staffing.Role.HEAD, email="mfa.chef@demo.example")
    secret = generate_totp_secret()
    TOTP.activate(head, secret)
    assert Authenticator.objects.filter(user=head).exists()
    demo_idp.add_person("mfa.chef@demo.example", amr=amr)

    start(page, axe, MUNICIPAL)
    at_provider(page, demo_idp, "mfa.chef@demo.example")
    back_at_portal(page, live_server)
    assert ("/2fa/authenticate/" in page.url) is asked_for_code


def test_a_provider_that_is_down_gives_a_swedish_page_and_passwords_still_work(
        page, axe, live_server, demo_idp, head_boras):
    SocialApp.objects.filter(provider_id="demo-boras").update(
        settings={"kind": "municipality", "municipality": "1490",
                  "server_url": "http://127.0.0.1:9"})
    page.goto("/konto/login/")
    page.get_by_role("link", name=MUNICIPAL).click()
    page.get_by_role("button", name="Fortsätt").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Inloggningstjänsten svarar inte just nu")
    axe.check(page)
    page.get_by_role("link", name="Logga in med e-post och lösenord").click()
    page.get_by_label("E-postadress").fill(head_boras.email)
    page.get_by_label("Lösenord").fill(PORTAL_PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(live_server.url + "/")


def test_signing_out_also_ends_the_session_at_the_provider(page, axe, live_server, demo_idp,
                                                           schools):
    staff(schools["boras"], Staffing.Role.TEACHER, email="larare.boras@demo.example")
    start(page, axe, MUNICIPAL)
    at_provider(page, demo_idp, "larare.boras@demo.example")
    back_at_portal(page, live_server)

    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_url(lambda url: url.startswith(demo_idp.url + "/identity/o/logout"))
    # The provider asks (no ID token is kept to prove who asks) and then sends the
    # person back to the portal, signed out of both.
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(live_server.url + "/")
    expect(page.get_by_role("banner")).to_contain_text("Logga in")


SAML = "Borås stad via SAML (demo)"


def test_a_teacher_signs_in_through_saml_and_lands_on_the_teachers_page(
        page, axe, live_server, demo_idp, schools):
    teacher = staff(schools["boras"], Staffing.Role.TEACHER, email="larare.boras@demo.example")
    start(page, axe, SAML)
    at_provider(page, demo_idp, "larare.boras@demo.example")
    # The provider posts its signed answer back (HTTP-POST binding).
    page.get_by_role("button", name="Fortsätt till tjänsten").click()
    back_at_portal(page, live_server)

    assert page.url == live_server.url + "/"
    axe.check(page)
    assert SocialAccount.objects.get(user=teacher).provider == "demo-boras-saml"
    assert SignInEvent.objects.filter(user=teacher, action="login",
                                      method="demo-boras-saml").exists()


def test_a_saml_assertion_changed_after_signing_is_refused(page, axe, live_server, demo_idp,
                                                           schools):
    staff(schools["boras"], Staffing.Role.HEAD, email="chef.boras@demo.example")
    demo_idp.add_person("manipulerad@demo.example", tamper="signature")
    start(page, axe, SAML)
    at_provider(page, demo_idp, "manipulerad@demo.example")
    page.get_by_role("button", name="Fortsätt till tjänsten").click()
    back_at_portal(page, live_server)

    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggningen misslyckades")
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize(("acr", "asked_for_code"), [("https://refeds.org/profile/mfa", False),
                                                     ("", True)])
def test_a_saml_sign_in_skips_the_portals_mfa_only_when_the_provider_states_mfa(
        page, axe, live_server, demo_idp, schools, acr, asked_for_code):
    head = staff(schools["boras"], Staffing.Role.HEAD, email="saml.chef@demo.example")
    TOTP.activate(head, generate_totp_secret())
    demo_idp.add_person("saml.chef@demo.example", acr=acr)

    start(page, axe, SAML)
    at_provider(page, demo_idp, "saml.chef@demo.example")
    page.get_by_role("button", name="Fortsätt till tjänsten").click()
    back_at_portal(page, live_server)
    assert ("/2fa/authenticate/" in page.url) is asked_for_code
