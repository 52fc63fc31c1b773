from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

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
        return not is_mfa_enabled(user)
