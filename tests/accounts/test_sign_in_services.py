"""The rules of the municipal sign-in and e-legitimation (accounts/adapter.py, accounts/sso.py),
without a provider: a login arrives as the claims a provider would have sent.

Browser round trips against the demo identity provider: tests/browser/test_sign_in_services.py.
"""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal.flows.login import complete_login
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.test import RequestFactory, override_settings

from accounts import sso
from accounts.models import Invitation, SignInEvent, Staffing, User
from accounts.privacy import export
from tests.factories import UserFactory, staff

PERSONAL_NUMBER = "19121212-1212"


@pytest.fixture
def boras_app(schools):
    schools["boras"].municipality.__class__.objects.filter(scb_code="1490").update(
        email_domains="boras.se\nskola.example")
    return SocialApp.objects.create(
        provider="openid_connect", provider_id="boras", name="Borås stad",
        client_id="portal", secret="s",
        settings={"server_url": "https://idp.boras.example", "kind": "municipality",
                  "municipality": "1490", "mfa_amr": ["mfa"], "mfa_acr": ["loa3"]})


@pytest.fixture
def eid_app(db):
    return SocialApp.objects.create(
        provider="openid_connect", provider_id="eid", name="BankID",
        client_id="portal-eid", secret="s",
        settings={"server_url": "https://broker.example", "kind": "eid",
                  "mfa_amr": ["bankid"], "personal_number_claim": "personal_number"})


def make_request(user=None, path="/konto/oidc/boras/login/callback/"):
    request = RequestFactory().get(path)
    request.session = SessionStore()
    request.session.create()
    request.user = user or AnonymousUser()
    request._messages = FallbackStorage(request)
    return request


def arrive(request, app, claims, process="login"):
    """What PortalOIDCAdapter.complete_login hands on for these ID-token claims."""
    claims = {"sub": "sub-1", **claims}
    data = {"id_token": claims}
    pnr_hash = sso.strip_personal_number(app, claims)
    if pnr_hash:
        data[sso.PERSONAL_NUMBER_HASH_FIELD] = pnr_hash
    with allauth_context.request_context(request):
        provider = get_adapter().get_provider(request, app.provider_id)
        sociallogin = provider.sociallogin_from_response(request, data)
    sociallogin.state = {"process": process, sso.STATE_MFA: sso.mfa_by_provider(app, claims),
                         sso.STATE_END_SESSION: "https://idp.boras.example/logout"}
    with allauth_context.request_context(request):
        response = complete_login(request, sociallogin)
    request.session.save()  # what the session middleware does after a response
    return response


def test_an_invited_head_gets_the_invitations_role_and_nothing_from_the_provider(
        boras_app, schools, coordinator):
    Invitation.objects.create(email="anna.chef@boras.se", school=schools["boras"],
                              role=Staffing.Role.HEAD, invited_by=coordinator)
    request = make_request()
    response = arrive(request, boras_app, {
        "email": "Anna.Chef@boras.se", "given_name": "Anna", "family_name": "Chef",
        "roles": ["admin", "kulturskolechef"], "groups": ["Domain Admins"]})

    assert response.status_code == 302
    user = User.objects.get(email__iexact="anna.chef@boras.se")
    assert [(s.school.slug, s.role) for s in user.staffings.all()] == [("boras", "head")]
    assert not user.is_staff and not user.is_superuser
    assert user.account_type == User.AccountType.STAFF
    assert not user.has_usable_password()
    assert EmailAddress.objects.get(user=user).verified
    assert SocialAccount.objects.get(user=user).provider == "boras"
    assert request.user == user


def test_an_unknown_address_in_the_domain_gets_a_plain_account_and_the_explanation(
        boras_app):
    request = make_request()
    response = arrive(request, boras_app, {"email": "ny@boras.se", "name": "Ny Person"})

    user = User.objects.get(email="ny@boras.se")
    assert not user.staffings.exists()
    assert not user.is_coordinator and not user.is_staff
    assert response["Location"] == "/konto/kommunkonto-utan-roll/"


@pytest.mark.parametrize("claims", [
    {"email": "someone@gmail.com"},
    {"email": "chef@boras.se.evil.example"},
    {"email": "chef@boras.se", "email_verified": False},
    {},
])
def test_an_address_outside_the_domains_or_unverified_is_refused(boras_app, claims):
    request = make_request()
    response = arrive(request, boras_app, claims)

    assert response.status_code == 403
    assert "Kommunkontot kan inte användas här" in response.content.decode()
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


def test_a_head_with_a_position_is_linked_on_their_verified_address(boras_app, schools):
    head = staff(schools["boras"], Staffing.Role.HEAD, email="birgitta@skola.example")
    request = make_request()
    arrive(request, boras_app, {"email": "birgitta@skola.example"})

    assert request.user == head
    assert SocialAccount.objects.get().user == head
    assert SignInEvent.objects.filter(user=head, action="link").exists()
    assert User.objects.count() == 1


def test_a_known_address_that_is_not_verified_is_never_linked(boras_app, schools):
    head = staff(schools["boras"], Staffing.Role.HEAD, email="birgitta@skola.example",
                 verified=False)
    EmailAddress.objects.create(user=head, email=head.email, verified=False, primary=True)
    request = make_request()
    response = arrive(request, boras_app, {"email": "birgitta@skola.example"})

    assert response.status_code == 403
    assert not SocialAccount.objects.exists()
    assert not request.user.is_authenticated


def test_an_operators_account_is_never_reached_through_a_provider(boras_app, schools):
    """The coordinators configure the providers: one of theirs must not sign in as an
    operator, even one who also holds a position at a school."""
    operator = staff(schools["boras"], Staffing.Role.HEAD, email="drift@skola.example")
    User.objects.filter(pk=operator.pk).update(is_superuser=True)
    request = make_request()
    response = arrive(request, boras_app, {"email": "drift@skola.example"})

    assert response.status_code == 403
    assert not SocialAccount.objects.exists()
    assert not request.user.is_authenticated


def test_a_guardian_account_with_the_same_address_is_not_taken_over(boras_app):
    guardian = UserFactory(email="foralder@boras.se")
    request = make_request()
    response = arrive(request, boras_app, {"email": "foralder@boras.se"})

    assert response.status_code == 403
    assert not SocialAccount.objects.filter(user=guardian).exists()
    assert not request.user.is_authenticated


def test_the_personal_number_is_kept_only_as_a_keyed_hash(eid_app):
    guardian = UserFactory(email="greta@example.se")
    request = make_request(user=guardian)
    arrive(request, eid_app, {"personal_number": PERSONAL_NUMBER, "name": "Tolvan",
                              "amr": ["bankid"]}, process="connect")

    account = SocialAccount.objects.get(user=guardian)
    stored = json.dumps(account.extra_data) + account.uid
    assert "191212" not in stored and "1212-1212" not in stored
    expected = sso.personal_number_hash("191212121212")
    assert account.uid == f"pnr-hmac:{expected}"
    assert expected != sso.personal_number_hash("191212121213")
    with override_settings(PERSONAL_NUMBER_HASH_KEY="another key"):
        assert sso.personal_number_hash(PERSONAL_NUMBER) != expected
    download = json.dumps(export(guardian))
    assert "191212" not in download and expected not in download


def test_an_e_legitimation_signs_in_only_the_person_who_linked_it(eid_app):
    guardian = UserFactory(email="greta@example.se")
    arrive(make_request(user=guardian), eid_app, {"personal_number": PERSONAL_NUMBER},
           process="connect")

    # Another broker `sub`, another spelling: the same person.
    request = make_request()
    arrive(request, eid_app, {"sub": "other-sub", "personal_number": "191212121212"})
    assert request.user == guardian

    stranger = make_request()
    response = arrive(stranger, eid_app, {"personal_number": "19121212-1213"})
    assert response.status_code == 403
    assert "inte kopplad till något konto" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.parametrize(("claims", "by_provider"), [
    ({"amr": ["pwd", "mfa"]}, True),
    ({"amr": "mfa"}, True),
    ({"acr": "loa3"}, True),
    ({"amr": ["pwd"]}, False),
    ({"amr": ["pwd"], "acr": "loa2"}, False),
    ({}, False),
])
def test_mfa_counts_only_when_the_token_says_the_provider_did_it(boras_app, claims,
                                                                  by_provider):
    assert sso.mfa_by_provider(boras_app, claims) is by_provider


def test_nothing_configured_means_the_providers_word_is_never_taken(db):
    app = SocialApp(provider="openid_connect", settings={})
    assert not sso.mfa_by_provider(app, {"amr": ["mfa", "hwk"], "acr": "loa3"})


@override_settings(MFA_REQUIRED_FOR_LEADERS=True)
@pytest.mark.parametrize(("amr", "must_set_up"), [(["pwd", "mfa"], False), (["pwd"], True)])
def test_a_leader_without_mfa_is_sent_to_set_it_up_unless_the_provider_did_it(
        client, boras_app, schools, amr, must_set_up):
    staff(schools["boras"], Staffing.Role.HEAD, email="birgitta@boras.se")
    request = make_request()
    arrive(request, boras_app, {"email": "birgitta@boras.se", "amr": amr})
    client.cookies["sessionid"] = request.session.session_key

    response = client.get("/")
    assert (response.status_code == 302) is must_set_up
    if must_set_up:
        assert "/2fa/" in response["Location"]


def test_every_sign_in_link_and_unlink_is_in_the_log_and_the_download(boras_app, schools):
    head = staff(schools["boras"], Staffing.Role.HEAD, email="birgitta@boras.se")
    arrive(make_request(), boras_app, {"email": "birgitta@boras.se", "amr": ["mfa"]})
    account = SocialAccount.objects.get(user=head)
    from accounts.services import record_link
    record_link(head, account, linked=False)

    data = export(head)
    actions = [(e["action"], e["method"], e["mfa_by_provider"]) for e in data["sign_in_log"]]
    assert ("link", "boras", False) in actions
    assert ("login", "boras", True) in actions
    assert ("unlink", "boras", False) in actions
    assert data["linked_sign_in_services"][0]["provider"] == "boras"


def test_sign_out_also_ends_the_providers_session(client, boras_app, schools):
    staff(schools["boras"], Staffing.Role.HEAD, email="birgitta@boras.se")
    request = make_request()
    arrive(request, boras_app, {"email": "birgitta@boras.se"})
    client.cookies["sessionid"] = request.session.session_key

    response = client.post("/konto/logout/")
    assert response["Location"].startswith("https://idp.boras.example/logout?client_id=portal&")
    assert "post_logout_redirect_uri=http" in response["Location"]
    assert not client.get("/konto/mina-uppgifter/").wsgi_request.user.is_authenticated


def test_a_password_sign_in_ends_nothing_elsewhere(client, head_boras):
    client.force_login(head_boras)
    assert client.post("/konto/logout/")["Location"] == "/"


# The token checks of PortalOIDCAdapter, with a key of our own standing in for the provider's.

ISSUER = "https://idp.boras.example"


@pytest.fixture
def provider_key():
    from cryptography.hazmat.primitives.asymmetric import rsa

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def oidc_adapter(boras_app, provider_key, monkeypatch):
    import jwt

    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(provider_key.public_key()))
    keys = {"keys": [{**jwk, "kid": "k1", "alg": "RS256", "use": "sig"}]}
    monkeypatch.setattr("allauth.socialaccount.internal.jwtkit.fetch_key",
                        lambda credential, url, lookup: ("RS256", lookup(keys, "k1")))
    adapter = sso.PortalOIDCAdapter(make_request(), "boras")
    adapter._openid_config = {"issuer": ISSUER, "jwks_uri": ISSUER + "/jwks",
                              "userinfo_endpoint": ISSUER + "/userinfo",
                              "end_session_endpoint": ISSUER + "/logout"}
    adapter.state = {"process": "login", "nonce": "the-nonce"}
    boras_app.settings["fetch_userinfo"] = False
    return adapter


def signed(key, **claims):
    import time

    import jwt

    payload = {"iss": ISSUER, "aud": "portal", "sub": "sub-1", "nonce": "the-nonce",
               "iat": int(time.time()), "exp": int(time.time()) + 300,
               "email": "birgitta@boras.se", **claims}
    return jwt.encode(payload, key, algorithm="RS256", headers={"kid": "k1"})


def complete(adapter, app, id_token):
    from allauth.socialaccount.models import SocialToken

    with allauth_context.request_context(adapter.request):
        return adapter.complete_login(adapter.request, app, SocialToken(token="t"),
                                      response={"id_token": id_token})


def test_a_good_id_token_is_accepted_and_its_mfa_noted(oidc_adapter, boras_app, provider_key):
    login = complete(oidc_adapter, boras_app, signed(provider_key, amr=["mfa"]))
    assert login.account.uid == "sub-1"
    assert oidc_adapter.state[sso.STATE_MFA] is True
    assert oidc_adapter.state[sso.STATE_END_SESSION] == ISSUER + "/logout"


def test_a_token_changed_after_signing_is_refused(oidc_adapter, boras_app, provider_key):
    import base64

    from allauth.socialaccount.providers.oauth2.client import OAuth2Error

    header, payload, signature = signed(provider_key).split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["email"] = "samordnare@boras.se"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    with pytest.raises(OAuth2Error):
        complete(oidc_adapter, boras_app, f"{header}.{forged}.{signature}")


def test_a_token_signed_by_another_key_is_refused(oidc_adapter, boras_app):
    from allauth.socialaccount.providers.oauth2.client import OAuth2Error
    from cryptography.hazmat.primitives.asymmetric import rsa

    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(OAuth2Error):
        complete(oidc_adapter, boras_app, signed(other))


@pytest.mark.parametrize("nonce", ["another-nonce", None])
def test_a_wrong_or_missing_nonce_is_refused(oidc_adapter, boras_app, provider_key, nonce):
    from allauth.socialaccount.providers.oauth2.client import OAuth2Error

    with pytest.raises(OAuth2Error, match="nonce"):
        complete(oidc_adapter, boras_app, signed(provider_key, nonce=nonce))


@pytest.mark.parametrize("claims", [{"aud": "another-client"}, {"iss": "https://evil.example"},
                                    {"exp": 1}])
def test_a_token_for_another_client_issuer_or_time_is_refused(oidc_adapter, boras_app,
                                                              provider_key, claims):
    from allauth.socialaccount.providers.oauth2.client import OAuth2Error

    with pytest.raises(OAuth2Error):
        complete(oidc_adapter, boras_app, signed(provider_key, **claims))


def test_the_sign_in_request_carries_a_fresh_nonce_and_pkce(client, boras_app, monkeypatch):
    from urllib.parse import parse_qs, urlsplit

    monkeypatch.setattr(sso.PortalOIDCAdapter, "openid_config", {
        "issuer": ISSUER, "authorization_endpoint": ISSUER + "/authorize",
        "token_endpoint": ISSUER + "/token", "jwks_uri": ISSUER + "/jwks"})
    first = parse_qs(urlsplit(client.post("/konto/oidc/boras/login/")["Location"]).query)
    second = parse_qs(urlsplit(client.post("/konto/oidc/boras/login/")["Location"]).query)

    assert first["nonce"] != second["nonce"] and len(first["nonce"][0]) >= 32
    assert first["code_challenge_method"] == ["S256"] and first["code_challenge"]
    assert first["state"] != second["state"]


def test_the_demo_data_points_both_buttons_at_the_demo_provider_and_prints_its_logins(schools):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    call_command("load_demo_data", stdout=io.StringIO())  # twice changes nothing

    apps = {a.provider_id: a for a in SocialApp.objects.all()}
    assert sorted(apps) == ["demo-boras", "demo-boras-saml", "demo-e-legitimation"]
    assert apps["demo-boras"].settings["server_url"] == "http://127.0.0.1:8001"
    assert sso.kind(apps["demo-e-legitimation"]) == sso.KIND_EID
    assert schools["boras"].municipality.__class__.objects.get(
        scb_code="1490").owns_address("chef.boras@demo.example")
    assert "e-legitimation@demo.example" in out.getvalue()
    assert "demo-idp" in out.getvalue()


def test_the_demo_provider_is_not_part_of_the_portal():
    from django.conf import settings

    assert not any(app.startswith(("idp_site", "allauth.idp")) for app in settings.INSTALLED_APPS)


def test_a_saml_authn_context_counts_as_mfa_only_when_configured(db):
    app = SocialApp(provider="saml", settings={"mfa_acr": ["https://refeds.org/profile/mfa"]})
    assert sso.saml_mfa_by_provider(app, {"authn_contexts": ["https://refeds.org/profile/mfa"]})
    assert not sso.saml_mfa_by_provider(app, {"authn_contexts": [
        "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"]})
    assert not sso.saml_mfa_by_provider(SocialApp(provider="saml", settings={}),
                                        {"authn_contexts": ["https://refeds.org/profile/mfa"]})
