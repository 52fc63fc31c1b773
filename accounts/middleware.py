from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class RequireMFAMiddleware:
    """Send heads and coordinators without MFA to set it up (MFA_REQUIRED_FOR_LEADERS)."""

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
        path = request.path
        allowed = ("/konto/", "/i18n/", "/static/", "/tillganglighet/", "/integritet/")
        if path.startswith(allowed):
            return False
        if not (user.is_coordinator or user.is_head):
            return False
        return not is_mfa_enabled(user)
