"""Browser-side defences that every response gets: the Content-Security-Policy (django-csp,
with one addition for Django admin), a Permissions-Policy, and no caching of personal pages.

The policy itself is settings.CONTENT_SECURITY_POLICY; the portal's own pages need no inline
script or style at all (scripts and styles are static files, bars are widths by class).
"""

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.utils.cache import patch_cache_control

# Django admin's change list writes one inline <style> when a model admin has no actions
# (django/contrib/admin/templates/admin/change_list.html, Django 5.2). Rather than allow
# inline styles in admin, the policy there allows exactly that block by its hash;
# tests/security/test_headers.py recomputes it from the installed Django.
ADMIN_INLINE_STYLE_HASHES = ["'sha256-blvLUW3UscWqsXGByNOqdBboM+ShWAuugp2mC/wbafU='"]


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; under /admin/ the policy also allows admin's one inline style."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            parts.update = {**(parts.update or {}), "style-src": ADMIN_INLINE_STYLE_HASHES}
        return parts


class BrowserPolicyMiddleware:
    """Permissions-Policy on every response; personal responses are never stored.

    Anything shown to a signed-in person (their pages, the data download) gets
    `Cache-Control: private, no-store`, so neither a shared
    proxy nor the browser's back button keeps a copy after logout. Comes after
    AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
