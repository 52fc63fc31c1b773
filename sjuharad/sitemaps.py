"""The sitemap of the public pages (/sitemap.xml), named in /robots.txt.
Cached and conditional like the API (api.http), on the public pages' version.

Composition reads every app, so it lives here: the fixed public pages, the schools, the
published courses and the public events (what a visitor who is not signed in can open).
"""

from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from api.http import public_answer
from courses.models import Course
from events import permissions as event_permissions
from schools.models import School


class PublicPages(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["home", "courses:catalogue", "events:calendar", "schools:list",
                "accessibility", "privacy"]

    def location(self, item):
        return reverse(item)


class Schools(Sitemap):
    changefreq = "weekly"

    def items(self):
        return School.objects.order_by("name").only("slug")


class Courses(Sitemap):
    changefreq = "daily"
    limit = 10000

    def items(self):
        return Course.objects.published().order_by("pk").only("pk", "updated_at")

    def lastmod(self, course):
        return course.updated_at


class Events(Sitemap):
    changefreq = "weekly"
    limit = 10000

    def items(self):
        return (event_permissions.events_visible_to(AnonymousUser())
                .order_by("pk").only("pk", "updated_at"))

    def lastmod(self, event):
        return event.updated_at


SITEMAPS = {"pages": PublicPages, "schools": Schools, "courses": Courses, "events": Events}


@public_answer
def sitemap_xml(request):
    return sitemap(request, sitemaps=SITEMAPS)


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /konto/",
             f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
