"""The benchmark's comparison views, in front of the portal's own URLs.

* `/__bench__/bare/`: an `HttpResponse` through the same middleware, the ceiling.
* `/__bench__/layout/`: the site's layout (`base.html`) with empty content, what
  any page costs before it renders anything of its own.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from sjuharad.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok")


def layout(request):
    return render(request, "base.html")


urlpatterns = [
    path("__bench__/bare/", bare),
    path("__bench__/layout/", layout),
    *site_urlpatterns,
]
