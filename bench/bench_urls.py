"""The benchmark's comparison views, in front of the portal's own URLs.

* `/__bench__/bare/`: an `HttpResponse` through the same middleware, the ceiling.
* `/__bench__/layout/`: the site's layout (`base.html`) with empty content, what
  any page costs before it renders anything of its own.
* `/__bench__/after-change/?course=<id>&path=<page>`: one course changes (its version
  and the course lists are bumped, as a save of it does), then `<page>` is served as an
  anonymous visitor gets it: every request is the first one after a change.
"""

from urllib.parse import urlsplit

from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import path, resolve

from core import pagecache
from sjuharad.urls import urlpatterns as site_urlpatterns


def bare(request):
    return HttpResponse("ok")


def layout(request):
    return render(request, "base.html")


def after_change(request):
    pagecache.bump_course(int(request.GET["course"]))
    target = urlsplit(request.GET["path"])
    match = resolve(target.path)
    request.GET = QueryDict(target.query)
    request.path = request.path_info = target.path
    return match.func(request, *match.args, **match.kwargs)


urlpatterns = [
    path("__bench__/bare/", bare),
    path("__bench__/after-change/", after_change),
    path("__bench__/layout/", layout),
    *site_urlpatterns,
]
