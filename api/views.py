"""The read-only public API, version 1: thin views over the capabilities' own querysets.

The course list is the catalogue: the same filters (courses.filters.CatalogueFilter, same
parameter names), sort orders and bounded paging (courses.catalogue.catalogue_page). Other
lists page the same way, bounded at MAX_RESULTS. Labels are in Swedish, the portal's
language; codes beside them are stable.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.http import JsonResponse
from django.utils import timezone, translation
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound, ParseError
from rest_framework.response import Response
from rest_framework.views import APIView

from api import serializers as s
from api.http import public_answer
from core import bounds
from courses.catalogue import MAX_RESULTS, PAGE_SIZE, catalogue_page
from courses.filters import CatalogueFilter, catalogue_queryset
from events import permissions as event_permissions
from events.models import Event, Kind
from programme.models import Contribution
from schools.models import Municipality, School, Subject

INVALID = "Ogiltigt värde i filtret."
NOT_FOUND_TEXT = "Finns inte."
EVENT_PAGE_SIZE = 50
MAX_ID = 2**63 - 1
ANONYMOUS = AnonymousUser()

PAGE = OpenApiParameter("sida", {"type": "integer", "minimum": 1, "maximum": MAX_ID},
                        description="Page number, from 1 (past the last: the last).")
ERRORS = {
    400: OpenApiResponse(s.ErrorSerializer, description="A filter's value is not valid."),
    429: OpenApiResponse(s.ErrorSerializer, description="Too many requests; see Retry-After."),
}
NOT_FOUND = {404: OpenApiResponse(s.ErrorSerializer, description="No such public object."),
             429: ERRORS[429]}


class PublicView(APIView):
    """GET only, Swedish labels, cached per version (api.http.public_answer)."""

    http_method_names = ["get", "head", "options"]
    # The query parameters this view declares in the schema; checked before it runs.
    parameters: list = []

    @classmethod
    def as_view(cls, **initkwargs):
        return public_answer(super().as_view(**initkwargs))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        translation.activate("sv")
        if errors := query_errors(request, self.parameters):
            raise ParseError({"detail": INVALID, "errors": errors})


def _page_links(request, number: int, num_pages: int):
    def link(n):
        query = request.GET.copy()
        query["sida"] = n
        return request.build_absolute_uri(request.path + "?" + query.urlencode())

    return (link(number + 1) if number < num_pages else None,
            link(number - 1) if number > 1 else None)


def _page_number(raw, num_pages: int) -> int:
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), num_pages)


def bounded_page(request, queryset, page_size):
    """One page of `queryset` (ordered), counting at most MAX_RESULTS + 1 rows; two
    queries whatever the page and however many rows match."""
    ids = list(queryset.values_list("pk", flat=True)[:MAX_RESULTS + 1])
    more = len(ids) > MAX_RESULTS
    ids = ids[:MAX_RESULTS]
    num_pages = max(1, -(-len(ids) // page_size))
    number = _page_number(request.GET.get("sida"), num_pages)
    page_ids = ids[(number - 1) * page_size:number * page_size]
    rows = sorted(queryset.filter(pk__in=page_ids), key=lambda row: page_ids.index(row.pk))
    return rows, {"count": len(ids), "more": more, "max_results": MAX_RESULTS,
                  "page": number, "num_pages": num_pages}


def _page_answer(request, rows, facts, serializer):
    following, previous = _page_links(request, facts["page"], facts["num_pages"])
    return Response({**facts, "next": following, "previous": previous,
                     "results": serializer(rows, many=True).data})


def query_errors(request, parameters) -> dict:
    """The query checked against the operation's declared parameters (the schema's own
    list): an integer, a boolean or one of an enumeration where the schema says so, each
    at most once. The values of reference data (a subject, a municipality) are checked by
    the filters themselves."""
    errors = {}
    for parameter in parameters:
        values = request.GET.getlist(parameter.name)
        if not values:
            continue
        if len(values) > 1:
            errors[parameter.name] = ["Ange parametern en gång."]
            continue
        value = values[0]
        kind = parameter.type
        if isinstance(kind, dict) and kind.get("type") == "integer" or kind is int:
            limits = kind if isinstance(kind, dict) else {}
            if bounds.parse_int(value, limits.get("minimum", 0),
                                limits.get("maximum", MAX_ID)) is None:
                errors[parameter.name] = ["Ange ett heltal inom gränserna."]
        elif kind is bool and value not in ("true", "false"):
            errors[parameter.name] = ["Ange true eller false."]
        elif parameter.enum and value not in parameter.enum:
            errors[parameter.name] = ["Okänt värde."]
    return errors


def _invalid(errors):
    return Response({"detail": INVALID,
                     "errors": {name: [str(e) for e in errs] for name, errs in errors.items()}},
                    status=400)


# --- reference data -------------------------------------------------------------------------

class MunicipalityList(PublicView):
    parameters = [PAGE]

    @extend_schema(operation_id="municipalities_list", parameters=parameters,
                   responses={200: s.page_serializer("MunicipalityPage",
                                                     s.MunicipalitySerializer), **ERRORS})
    def get(self, request):
        rows, facts = bounded_page(request, Municipality.objects.all(), 100)
        return _page_answer(request, rows, facts, s.MunicipalitySerializer)


class SubjectList(PublicView):
    parameters = [PAGE]

    @extend_schema(operation_id="subjects_list", parameters=parameters,
                   responses={200: s.page_serializer("SubjectPage", s.SubjectSerializer),
                              **ERRORS})
    def get(self, request):
        rows, facts = bounded_page(request, Subject.objects.all(), 100)
        return _page_answer(request, rows, facts, s.SubjectSerializer)


def _schools():
    return School.objects.select_related("municipality").prefetch_related(
        Prefetch("subjects", queryset=Subject.objects.order_by("name")))


class SchoolList(PublicView):
    parameters = [PAGE, OpenApiParameter("partner", bool, description=(
        "true: only partner schools outside Sjuhärad; false: only the region's."))]

    @extend_schema(operation_id="schools_list", parameters=parameters,
        responses={200: s.page_serializer("SchoolPage", s.SchoolSerializer), **ERRORS})
    def get(self, request):
        schools = _schools()
        partner = request.GET.get("partner")
        if partner == "true":
            schools = schools.partners()
        elif partner == "false":
            schools = schools.in_region()
        rows, facts = bounded_page(request, schools, 100)
        return _page_answer(request, rows, facts, s.SchoolSerializer)


class SchoolDetail(PublicView):
    @extend_schema(operation_id="schools_retrieve",
                   responses={200: s.SchoolSerializer, **NOT_FOUND})
    def get(self, request, slug):
        school = _schools().filter(slug=slug).first()
        if school is None:
            raise NotFound(NOT_FOUND_TEXT)
        return Response(s.SchoolSerializer(school).data)


# --- courses: the catalogue -------------------------------------------------------------------

def _catalogue_parameters():
    """The catalogue's filters as OpenAPI parameters, read from the filterset itself."""
    descriptions = {
        "sok": "Free text: title, description or subject.",
        "amne": "A subject's slug (see /subjects/).",
        "kommun": "The school's municipality (id, see /municipalities/).",
        "hemkommun": "Open to pupils from this municipality (id).",
        "alder": "The pupil's age.",
        "niva": "Level; a course for all levels matches every level.",
        "undervisningsform": "Format.",
        "veckodag": "Weekday, 1 = Monday.",
        "lediga": "true: only courses with free seats.",
        "sortera": "Sort order (default ansokningsdag).",
    }
    parameters = []
    for name, field in CatalogueFilter.base_filters.items():
        kind = type(field).__name__
        if name in ("kommun", "hemkommun"):
            parameter = OpenApiParameter(name, int)
        elif kind == "NumberFilter":
            parameter = OpenApiParameter(name, {"type": "integer", "minimum": 0,
                                                "maximum": bounds.MAX_AGE})
        elif kind == "BooleanFilter":
            parameter = OpenApiParameter(name, bool)
        elif kind == "ChoiceFilter":
            parameter = OpenApiParameter(name, str, enum=[
                str(value) for value, _label in field.extra["choices"]])
        else:
            parameter = OpenApiParameter(name, str)
        parameter.description = descriptions.get(name, "")
        parameters.append(parameter)
    return [*parameters, PAGE]


def _courses(queryset):
    return queryset.prefetch_related("open_to")


class CourseList(PublicView):
    parameters = _catalogue_parameters()

    @extend_schema(operation_id="courses_list", parameters=parameters,
                   description=f"Published courses, {PAGE_SIZE} a page, counted exactly up to "
                               f"{MAX_RESULTS}: the catalogue's filters and sort orders.",
                   responses={200: s.page_serializer("CoursePage", s.CourseSerializer),
                              **ERRORS})
    def get(self, request):
        data = request.GET.copy()
        data.pop("sida", None)
        filterset = CatalogueFilter(data or None, queryset=_courses(catalogue_queryset()),
                                    version=request._request._public_pages_version)
        if filterset.is_bound and not filterset.is_valid():
            return _invalid(filterset.errors)
        page = catalogue_page(filterset, request.GET.get("sida"))
        facts = {"count": page.count, "more": page.more, "max_results": MAX_RESULTS,
                 "page": page.number, "num_pages": page.num_pages}
        return _page_answer(request, page.object_list, facts, s.CourseSerializer)


class CourseDetail(PublicView):
    @extend_schema(operation_id="courses_retrieve",
                   responses={200: s.CourseSerializer, **NOT_FOUND})
    def get(self, request, pk):
        if pk > MAX_ID:
            raise NotFound(NOT_FOUND_TEXT)
        course = _courses(catalogue_queryset()).filter(pk=pk).first()
        if course is None:
            raise NotFound(NOT_FOUND_TEXT)
        return Response(s.CourseSerializer(course).data)


# --- events and festival programmes ---------------------------------------------------------

def public_events():
    """What the public calendar shows a visitor who is not signed in (events.permissions)."""
    return (event_permissions.events_visible_to(ANONYMOUS)
            .select_related("network")
            .prefetch_related(Prefetch("host_schools", queryset=School.objects.order_by("name"))))


def _with_networks(events):
    for event in events:
        event.public_network = event_permissions.shown_network(ANONYMOUS, event)
    return events


class EventList(PublicView):
    parameters = [
        OpenApiParameter("skola", str, description="A host school's slug."),
        OpenApiParameter("kommun", int, description="A host school's municipality (id)."),
        OpenApiParameter("natverk", int, description="The network (id)."),
        OpenApiParameter("typ", str, enum=[value for value, _label in Kind.choices]),
        PAGE]

    @extend_schema(operation_id="events_list", parameters=parameters,
        description="Upcoming public events (also cancelled ones, with status), by start.",
        responses={200: s.page_serializer("EventPage", s.EventSerializer), **ERRORS})
    def get(self, request):
        events = public_events().filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")
        query = request.GET
        if query.get("skola"):
            events = events.filter(pk__in=Event.host_schools.through.objects.filter(
                school__slug=query["skola"]).values("event_id"))
        if query.get("kommun"):
            events = events.filter(pk__in=Event.host_schools.through.objects.filter(
                school__municipality_id=int(query["kommun"])).values("event_id"))
        if query.get("natverk"):
            events = events.filter(network_id=int(query["natverk"]))
        if query.get("typ"):
            events = events.filter(kind=query["typ"])
        rows, facts = bounded_page(request, events, EVENT_PAGE_SIZE)
        return _page_answer(request, _with_networks(rows), facts, s.EventSerializer)


def _public_event(pk):
    if pk > MAX_ID:
        raise NotFound(NOT_FOUND_TEXT)
    event = public_events().filter(pk=pk).first()
    if event is None:
        raise NotFound(NOT_FOUND_TEXT)
    return _with_networks([event])[0]


class EventDetail(PublicView):
    @extend_schema(operation_id="events_retrieve",
                   responses={200: s.EventSerializer, **NOT_FOUND})
    def get(self, request, pk):
        return Response(s.EventSerializer(_public_event(pk)).data)


class Programme(PublicView):
    @extend_schema(operation_id="events_programme",
                   description="A festival's programme once published (else empty), in order.",
                   responses={200: s.ProgrammeItemSerializer(many=True), **NOT_FOUND})
    def get(self, request, pk):
        event = _public_event(pk)
        if not event.programme_published:
            return Response([])
        items = (event.contributions.filter(status=Contribution.Status.ACCEPTED)
                 .select_related("school"))
        return Response(s.ProgrammeItemSerializer(items, many=True).data)



@public_answer
def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, not the site's HTML page."""
    return JsonResponse({"detail": NOT_FOUND_TEXT}, status=404,
                        json_dumps_params={"ensure_ascii": False})
