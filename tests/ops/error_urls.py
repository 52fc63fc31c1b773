"""The portal's URLs plus views that fail in each way, for the error page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.urls import path

from sjuharad.urls import handler400, handler500  # noqa: F401
from sjuharad.urls import urlpatterns as portal_urls


def forbidden(request):
    raise PermissionDenied


def suspicious(request):
    raise SuspiciousOperation("bad input")


def crash(request):
    raise OperationalError("the database went away")


urlpatterns = [
    path("test/403/", forbidden),
    path("test/400/", suspicious),
    path("test/500/", crash),
    *portal_urls,
]
