"""Follow a `next` target only when it stays on this site.

Every view that takes a `next` parameter redirects through `redirect_to_next`, so
`?next=https://evil.example/x` or `//evil.example/x` land on the view's own default.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next_url(request, param: str = "next") -> str | None:
    """The `next` target from POST or GET when it is a same-site URL, else None."""
    target = request.POST.get(param) or request.GET.get(param) or ""
    if target and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return None


def redirect_to_next(request, default, *args, param: str = "next", **kwargs):
    """Redirect to a same-site `next`, otherwise to `default` (a URL name, URL or model)."""
    target = safe_next_url(request, param)
    if target is not None:
        # A URL as it is: redirect() would take a bare word ("123") for a view name.
        return HttpResponseRedirect(target)
    return redirect(default, *args, **kwargs)
