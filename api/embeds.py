"""Embeddable listings for municipal websites: a school's or a municipality's courses and
upcoming public events, in a compact page made for an iframe.

Only the sites the coordinator lists in admin (api.EmbedOrigin) may frame these pages:
they become the page's CSP frame-ancestors, and X-Frame-Options is left off them so it
cannot contradict that list (every other page keeps DENY and frame-ancestors 'none').
With no site listed, the embeds keep 'none' too. The page tells its parent how tall it is
(static/api/embed.js, a postMessage), so the host page can size the iframe.
"""

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from api.http import public_answer
from api.models import EmbedOrigin
from api.views import public_events
from core import pagecache
from courses.filters import catalogue_queryset
from events.models import Event
from schools.models import Municipality, School

COURSES_SHOWN = 20
EVENTS_SHOWN = 10


def allowed_origins(version: str) -> list[str]:
    """The active origins, kept per process and version (no query while nothing changed)."""
    return pagecache.memo("api:embed-origins", version, lambda: list(
        EmbedOrigin.objects.active().values_list("origin", flat=True)))


def embed_language(request) -> str:
    """?lang= first, then the browser's Accept-Language (the host site's visitor), else Swedish."""
    available = {code for code, _name in settings.LANGUAGES}
    chosen = request.GET.get("lang")
    if chosen in available:
        return chosen
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        code = code.split("-")[0].lower()
        if code in available:
            return code
    return settings.LANGUAGE_CODE


def embeddable(view):
    """Language, cache (api.http) and the framing headers of an embed page."""
    cached = public_answer(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = embed_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = cached(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        origins = allowed_origins(pagecache.version_for(request))
        if origins:
            response._csp_replace = {"frame-ancestors": origins}
            response.xframe_options_exempt = True
        return response

    return wrapper


def _render(request, title, courses, events, all_courses_url, calendar_url):
    courses = list(courses[:COURSES_SHOWN + 1])
    more = len(courses) > COURSES_SHOWN
    courses = courses[:COURSES_SHOWN]
    return render(request, "api/embed.html", {
        "title": title, "courses": courses, "more_courses": more,
        "events": list(events[:EVENTS_SHOWN]), "all_courses_url": all_courses_url,
        "calendar_url": calendar_url, "site_url": settings.SITE_URL,
        "today": timezone.localdate()})


def _upcoming(events):
    return events.filter(ends_at__gte=timezone.now(), status=Event.Status.SCHEDULED)


@embeddable
def school_embed(request, slug):
    school = get_object_or_404(School.objects.select_related("municipality"), slug=slug)
    hosted = School.hosted_events.through.objects.filter(school=school).values("event_id")
    return _render(
        request, school.name,
        catalogue_queryset().filter(school=school),
        _upcoming(public_events()).filter(pk__in=hosted),
        settings.SITE_URL + school.get_absolute_url(),
        settings.SITE_URL + reverse("api:feed_school", args=[school.slug]))


@embeddable
def municipality_embed(request, scb_code):
    municipality = Municipality.objects.filter(scb_code=scb_code).first()
    if municipality is None:
        raise Http404
    hosted = School.hosted_events.through.objects.filter(
        school__municipality=municipality).values("event_id")
    return _render(
        request, municipality.name,
        catalogue_queryset().filter(school__municipality=municipality),
        _upcoming(public_events()).filter(pk__in=hosted),
        f"{settings.SITE_URL}{reverse('courses:catalogue')}?kommun={municipality.pk}",
        settings.SITE_URL + reverse("api:feed_region"))


def snippet(url: str, title: str) -> str:
    """What a web editor pastes: the iframe, and a few lines that let it grow to fit."""
    return (
        f'<iframe src="{url}" title="{title}" style="width:100%;border:0" height="600" '
        f'loading="lazy"></iframe>\n'
        "<script>\n"
        "window.addEventListener('message', function (e) {\n"
        f"  if (e.origin !== '{settings.SITE_URL}' || !e.data || "
        "e.data.type !== 'kulturskoleportal:resize') return;\n"
        "  document.querySelectorAll('iframe').forEach(function (f) {\n"
        "    if (f.contentWindow === e.source) f.height = e.data.height;\n"
        "  });\n"
        "});\n"
        "</script>")
