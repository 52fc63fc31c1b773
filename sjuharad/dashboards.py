"""What each role's home page shows. Every function runs a fixed number of queries,
however many courses, applications, members or events there are."""

from django.db.models import Count, Exists, F, Max, OuterRef, Q, Subquery
from django.utils import timezone

from courses import permissions as course_permissions
from courses.models import Application, Course, Wish, term_bounds, term_code, waiting_positions
from courses.services import demand_table
from events import services as event_services
from events.models import Event
from networks.models import Membership, Resource
from networks.permissions import join_requests_for_convenor, networks_joined_by
from networks.services import best_window_per_network

LIST_LIMIT = 10


def head(user) -> dict:
    pending = (course_permissions.applications_managed_by(user).awaiting_decision()
               .select_related("course", "course__school", "child", "home_municipality")
               .order_by("created_at"))
    courses = (course_permissions.courses_managed_by(user).running()
               .with_seat_counts().select_related("school", "subject")
               .order_by("school__name", "term_start", "title"))
    meeting = event_services.next_heads_meeting(user)
    municipalities, demand_rows = demand_table()
    participation = (Membership.objects.active()
                     .filter(user__staffings__school_id__in=user.head_school_ids)
                     .values("network__name", "network__slug")
                     .annotate(people=Count("user", distinct=True))
                     .order_by("-people", "network__name"))
    return {
        "pending_count": pending.count(),
        "pending": pending[:LIST_LIMIT],
        "meeting": meeting,
        "agenda": list(meeting.agenda_items.all()) if meeting else [],
        "rotation": event_services.training_day_rotation(),
        "courses": courses[:50],
        "demand_municipalities": municipalities,
        "demand_rows": demand_rows[:LIST_LIMIT],
        "participation": participation,
        "join_requests": list(join_requests_for_convenor(user)[:LIST_LIMIT]),
    }


def teacher(user) -> dict:
    latest_resource = (Resource.objects.filter(network=OuterRef("pk"))
                       .order_by("-created_at").values("created_at")[:1])
    networks = list(networks_joined_by(user)
                    .select_related("subject")
                    .annotate(last_post_at=Max("threads__last_post_at"),
                              last_resource_at=Subquery(latest_resource))
                    .order_by("name"))
    best = best_window_per_network(n.pk for n in networks)
    for network in networks:
        network.best_window = best.get(network.pk)
        times = [t for t in (network.last_post_at, network.last_resource_at) if t]
        network.last_activity = max(times) if times else None
    return {
        "networks": networks,
        "events": list(event_services.events_for_user(user, limit=LIST_LIMIT)),
        "join_requests": list(join_requests_for_convenor(user)[:LIST_LIMIT]),
    }


def family(user) -> dict:
    applications = list(course_permissions.applications_made_by(user)
                        .select_related("course", "course__school", "child")
                        .order_by("-created_at")[:50])
    positions = waiting_positions(applications)
    for application in applications:
        application.position = positions.get(application.pk)
    wishes = list(Wish.objects.filter(user=user).select_related("subject", "home_municipality"))
    matching = Course.objects.none()
    if wishes:
        wanted = Q()
        for wish in wishes:
            wanted |= Q(subject=wish.subject, open_to=wish.home_municipality,
                        min_age__lte=wish.age, max_age__gte=wish.age)
        matching = (Course.objects.accepting().filter(wanted)
                    .with_seat_counts().select_related("school", "subject").distinct()
                    .order_by("application_deadline")[:LIST_LIMIT])
    open_events = (Event.objects.scheduled().published().upcoming()
                   .filter(audience=Event.Audience.PUBLIC)
                   .prefetch_related("host_schools").order_by("starts_at")[:LIST_LIMIT])
    return {"applications": applications, "wishes": wishes, "matching_courses": matching,
            "open_events": open_events}


def coordinator(user) -> dict:
    today = timezone.localdate()
    term = term_code(today)
    term_start, term_end = term_bounds(term)
    open_elsewhere = Exists(
        Course.open_to.through.objects.filter(course_id=OuterRef("pk"))
        .exclude(municipality_id=OuterRef("school__municipality_id")))
    cross_border = Course.objects.accepting(today).filter(open_elsewhere)
    placed = (Application.objects
              .filter(status=Application.Status.ACCEPTED, course__term=term)
              .exclude(home_municipality=F("course__school__municipality"))
              .values("home_municipality__name").annotate(pupils=Count("id"))
              .order_by("home_municipality__name"))
    events = (Event.objects.scheduled()
              .filter(starts_at__date__gte=term_start, starts_at__date__lte=term_end)
              .prefetch_related("host_schools").order_by("starts_at"))
    failed = event_services.failed_deliveries()
    return {
        "term_start": term_start,
        "term_end": term_end,
        "cross_border_count": cross_border.count(),
        "cross_border": cross_border.select_related("school", "subject")
                                    .order_by("application_deadline")[:LIST_LIMIT],
        "placed": placed,
        "events_count": events.count(),
        "events": events[:LIST_LIMIT],
        "failed_count": failed.count(),
        "failed": event_services.with_events(failed[:LIST_LIMIT]),
    }


FRONT_PAGE_LIMIT = 5


def front_page() -> dict:
    """What is current, for anyone: the next public events and the courses whose
    application closes soonest (a fixed number of queries however many there are)."""
    today = timezone.localdate()
    events = (Event.objects.scheduled().upcoming().filter(audience=Event.Audience.PUBLIC)
              .prefetch_related("host_schools").order_by("starts_at")[:FRONT_PAGE_LIMIT])
    closing = (Course.objects.published().filter(application_deadline__gte=today)
               .select_related("school", "subject")
               .order_by("application_deadline", "title")[:FRONT_PAGE_LIMIT])
    return {"next_events": events, "closing_courses": closing}
