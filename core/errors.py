"""Error pages that render without the database.

Like Django's own handlers for 400 and 500, these render the template without the
request, so no context processor runs (the navigation's role flags would query the
database that may be the very thing that failed). They add the request id, so a
person can quote it and an operator can find the log lines.
"""

from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from core.locks import LockWaitTimeout, is_lock_wait


def _render(template_name, request) -> str:
    return loader.get_template(template_name).render(
        {"request_id": getattr(request, "request_id", "")})


@requires_csrf_token
def bad_request(request, exception, template_name="400.html"):
    return HttpResponseBadRequest(_render(template_name, request))


@requires_csrf_token
def server_error(request, template_name="500.html"):
    return HttpResponseServerError(_render(template_name, request))


class LockWaitMiddleware:
    """A lock wait that no view turned into its own friendly message (with the
    user's input kept) still answers "busy, try again" (503), never a 500.
    Only lock waits: every other database error stays an error (core.locks)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not (isinstance(exception, LockWaitTimeout) or is_lock_wait(exception)):
            return None
        response = HttpResponse(_render("503_busy.html", request), status=503)
        response["Retry-After"] = "5"
        return response
