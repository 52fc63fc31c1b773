from urllib.parse import urlsplit

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts.sso import SESSION_KEY as SSO_SESSION_KEY

# Answered for a leader who has not set up MFA yet: the MFA pages themselves (set-up,
# recovery codes, the password check they ask for), logout, the language switch and static
# files. Everything else, the rest of /konto/ (invitations) and /admin/ included, is not.
OPEN_URL_NAMES = ("mfa_index", "account_reauthenticate", "account_logout", "set_language")
OPEN_PREFIXES = ("/static/",)


def open_paths() -> tuple[str, ...]:
    return OPEN_PREFIXES + tuple(reverse(name) for name in OPEN_URL_NAMES)


class RequireMFAMiddleware:
    """Send heads and coordinators without MFA to set it up (MFA_REQUIRED_FOR_LEADERS).

    One rule for every path (portal, /konto/, admin), not a check per form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.MFA_REQUIRED_FOR_LEADERS and self._must_set_up(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    @staticmethod
    def _must_set_up(request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        if request.path.startswith(open_paths()):
            return False
        if not user.is_leader:
            return False
        # A municipal or e-legitimation sign-in whose provider did MFA (accounts/sso.py).
        if (request.session.get(SSO_SESSION_KEY) or {}).get("mfa"):
            return False
        return not is_mfa_enabled(user)


class SignOutFormActionMiddleware:
    """Signing out of a session that began at a provider with an end-session endpoint
    redirects there (accounts.adapter.AccountAdapter.get_logout_redirect_url); browsers
    check that redirect against the Content-Security-Policy form-action of the page whose
    sign-out form was sent, so such a session's pages allow that one origin too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        info = session.get(SSO_SESSION_KEY) if session is not None else None
        origin = origin_of(info.get("end_session", "")) if info else ""
        if origin:
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = sorted({*update.get("form-action", ["'self'"]), origin})
            response._csp_update = update
        return response


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
