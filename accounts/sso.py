"""Sign-in through a municipality's identity provider or an e-legitimation broker.

Each provider is one allauth SocialApp (admin, or settings.SSO_APPS): provider
"openid_connect" (or "saml"), a provider_id such as "boras", and in its settings JSON:

    kind                   "municipality" (staff) or "eid" (guardians and pupils)
    municipality           SCB code of the municipality whose domains it speaks for
    server_url             the discovery URL (OpenID Connect)
    mfa_amr, mfa_acr       ID-token values that mean the provider did multi-factor authentication
    personal_number_claim  the claim with the personal identity number (kind eid)

allauth's openid_connect provider is used with three additions (PortalOIDCProvider and
PortalOIDCAdapter): a nonce sent and checked, the ID token's signature always checked
against the provider's keys (allauth skips it when the token came straight from the token
endpoint), and the personal identity number replaced by a keyed hash before anything is
stored. The rules for who may sign in are in accounts.adapter.SocialAccountAdapter.
"""

import hashlib
import hmac
import re
import secrets
from functools import wraps
from urllib.parse import urlencode, urlsplit

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.socialaccount.providers.saml.provider import SAMLProvider
from allauth.socialaccount.providers.saml.views import FinishACSView
from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.crypto import constant_time_compare
from requests import RequestException

KIND_MUNICIPALITY = "municipality"
KIND_EID = "eid"
DEFAULT_PERSONAL_NUMBER_CLAIM = "personal_number"
# Where the sign-in remembers how the person signed in (MFA by the provider, sign-out URL).
SESSION_KEY = "portal_sso"
STATE_MFA = "portal_mfa"
STATE_END_SESSION = "portal_end_session"
PERSONAL_NUMBER_HASH_FIELD = "personal_number_hash"
SAML_AUTHN_CONTEXTS = "authn_contexts"


def kind(app) -> str:
    return (app.settings or {}).get("kind", KIND_MUNICIPALITY) if app else ""


def personal_number_hash(personal_number: str) -> str:
    """The keyed hash (HMAC-SHA256, settings.PERSONAL_NUMBER_HASH_KEY) that recognises a
    person again; the number itself is never stored. 19121212-1212, 191212121212 and
    1912 1212 1212 give the same hash."""
    digits = re.sub(r"\D", "", str(personal_number))
    key = settings.PERSONAL_NUMBER_HASH_KEY.encode()
    return hmac.new(key, f"personnummer:{digits}".encode(), hashlib.sha256).hexdigest()


def strip_personal_number(app, *claim_sets: dict) -> str:
    """Remove the personal identity number from every claim set (ID token, userinfo) and
    return its keyed hash ("" when the provider sent none)."""
    claim = (app.settings or {}).get("personal_number_claim", DEFAULT_PERSONAL_NUMBER_CLAIM)
    found = ""
    for claims in claim_sets:
        if claims and claim in claims:
            value = claims.pop(claim)
            if value:
                found = found or personal_number_hash(value)
    return found


def mfa_by_provider(app, id_token: dict) -> bool:
    """True when the ID token says the provider did multi-factor authentication: one of
    the provider's mfa_amr values in `amr`, or `acr` one of its mfa_acr values. Nothing
    configured means the portal never takes the provider's word for it."""
    config = app.settings or {}
    amr = id_token.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(config.get("mfa_amr", [])) & {str(v) for v in amr}:
        return True
    acr = id_token.get("acr")
    return bool(acr) and str(acr) in {str(v) for v in config.get("mfa_acr", [])}


def login_mfa_by_provider(sociallogin) -> bool:
    if isinstance(sociallogin, dict):
        sociallogin = SocialLogin.deserialize(sociallogin)
    return bool(sociallogin and (sociallogin.state or {}).get(STATE_MFA))


def provider_origins(apps) -> list[str]:
    """The origins the sign-in forms may post on to (Content-Security-Policy form-action
    also covers the redirect to the provider)."""
    origins = set()
    for app in apps:
        config = app.settings or {}
        urls = [config.get("server_url", ""), *config.get("form_action_origins", [])]
        idp = config.get("idp") or {}
        urls += [idp.get("sso_url", ""), idp.get("metadata_url", ""), idp.get("entity_id", "")]
        for url in urls:
            parts = urlsplit(url or "")
            if parts.scheme in ("http", "https") and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


def end_session_url(request, session_info: dict | None) -> str:
    """The provider's end-session URL that also signs the person out there
    (OpenID Connect RP-Initiated Logout, with client_id: no ID token is kept)."""
    if not session_info or not session_info.get("end_session"):
        return ""
    query = urlencode({"client_id": session_info["client_id"],
                       "post_logout_redirect_uri": request.build_absolute_uri("/")})
    return f"{session_info['end_session']}?{query}"


class PortalOIDCAdapter(OpenIDConnectOAuth2Adapter):
    # The state of this sign-in (allauth's, with our nonce), set by the callback view.
    state: dict | None = None

    def _decode_id_token(self, app, id_token):
        # Always against the provider's published keys, also when the token came
        # straight from the token endpoint: a tampered token is refused either way.
        return jwtkit.verify_and_decode(
            credential=id_token, keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"], audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk, verify_signature=True)

    def complete_login(self, request, app, token, **kwargs):
        id_token_str = kwargs["response"].get("id_token")
        if not id_token_str:
            raise OAuth2Error("no id_token")
        id_token = self._decode_id_token(app, id_token_str)
        expected = (self.state or {}).get("nonce")
        if not expected or not constant_time_compare(str(id_token.get("nonce", "")), expected):
            raise OAuth2Error("nonce mismatch")
        data = {"id_token": id_token}
        if app.settings.get("fetch_userinfo", True):
            userinfo = self._fetch_user_info(token.token)
            if str(userinfo.get("sub")) != str(id_token.get("sub")):
                raise OAuth2Error("userinfo for another subject")
            data["userinfo"] = userinfo
        pnr_hash = strip_personal_number(app, id_token, data.get("userinfo"))
        if pnr_hash:
            data[PERSONAL_NUMBER_HASH_FIELD] = pnr_hash
        if self.state is not None:
            self.state[STATE_MFA] = mfa_by_provider(app, id_token)
            self.state[STATE_END_SESSION] = self.openid_config.get("end_session_endpoint", "")
        return self.get_provider().sociallogin_from_response(request, data)


class PortalOIDCProvider(OpenIDConnectProvider):
    oauth2_adapter_class = PortalOIDCAdapter

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        # The nonce is kept in allauth's state for this sign-in (in the session).
        return super().redirect(request, process, next_url, data,
                                auth_params=auth_params, nonce=nonce, **kwargs)

    def extract_uid(self, data):
        # An e-legitimation is recognised by the hash of the personal identity number,
        # so a new broker (another `sub`) still finds the same person.
        if data.get(PERSONAL_NUMBER_HASH_FIELD):
            return "pnr-hmac:" + data[PERSONAL_NUMBER_HASH_FIELD]
        return super().extract_uid(data)


class PortalSAMLProvider(SAMLProvider):
    def extract_extra_data(self, data):
        # How the person authenticated (AuthnContextClassRef), for the MFA rule; allauth
        # keeps only the attributes.
        return {**super().extract_extra_data(data),
                SAML_AUTHN_CONTEXTS: list(data.get_last_authn_contexts())}


def saml_mfa_by_provider(app, extra_data: dict) -> bool:
    """A SAML provider's AuthnContextClassRef in its mfa_acr values means it did MFA."""
    contexts = {str(c) for c in (extra_data or {}).get(SAML_AUTHN_CONTEXTS, [])}
    return bool(contexts & {str(v) for v in (app.settings or {}).get("mfa_acr", [])})


def portal_provider(provider):
    """allauth's OpenID Connect and SAML providers, as the portal's subclasses."""
    if type(provider) is OpenIDConnectProvider:
        return PortalOIDCProvider(provider.request, app=provider.app)
    if type(provider) is SAMLProvider:
        return PortalSAMLProvider(provider.request, app=provider.app)
    return provider


class PortalFinishACSView(FinishACSView):
    def get_provider(self, organization_slug):
        return portal_provider(super().get_provider(organization_slug))


class PortalCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        self.adapter.state = state
        return state, response


def allow_provider_forms(view):
    """The provider's confirm page posts, and the answer redirects to the provider: its
    origin must be in the page's Content-Security-Policy form-action (browsers apply
    form-action to the redirect too)."""
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        origins = provider_origins(get_adapter().list_apps(request))
        if origins:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = ["'self'", *origins]
            response._csp_update = update
        return response
    return wrapped


def provider_unavailable(request, provider_name=""):
    return render(request, "socialaccount/provider_unavailable.html",
                  {"provider_name": provider_name}, status=503)


def _through_provider(view_class, request, provider_id):
    try:
        return view_class.adapter_view(PortalOIDCAdapter(request, provider_id))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    except RequestException:
        # The provider (its discovery document, keys or token endpoint) is down.
        return provider_unavailable(request)


@allow_provider_forms
def oidc_login(request, provider_id):
    return _through_provider(OAuth2LoginView, request, provider_id)


def oidc_callback(request, provider_id):
    return _through_provider(PortalCallbackView, request, provider_id)


def claims(sociallogin) -> dict:
    """The ID token's claims of this login (userinfo's where there is no ID token)."""
    data = sociallogin.account.extra_data or {}
    return data.get("id_token") or data.get("userinfo") or data

