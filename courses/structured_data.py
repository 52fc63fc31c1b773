"""schema.org `Course` with one `CourseInstance` (the term) for a course's public page."""

from django.utils.safestring import mark_safe

from core import pagecache
from core import structured_data as sd
from core.weekdays import Weekday

COURSE_MODES = {"on_site": "onsite", "distance": "online", "mixed": "blended"}


# The availability is a seat value (courses/seats.py): the cached page holds a seat mark,
# filled on every response, so an application never needs the page rendered again.
AVAILABILITY_SLOT = "seats-availability-slot"


def availability(seats_left: int) -> str:
    return sd.enum("InStock" if seats_left > 0 else "SoldOut")


def course_jsonld_tag(course) -> str:
    """The page's <script> with the course, its availability left as a seat mark."""
    tag = sd.script_tag(course_jsonld(course, None))
    return mark_safe(tag.replace(AVAILABILITY_SLOT, pagecache.seat_mark("availability",
                                                                        course.pk)))


def course_jsonld(course, seats_left: int | None) -> dict:
    """What search engines may show: title, school, ages, term, weekly time, place, the
    own municipality's fee and whether seats are left before the deadline."""
    school = course.school
    schedule = {
        "@type": "Schedule",
        "byDay": sd.enum(sd.WEEKDAYS[Weekday(course.weekday) - 1]),
        "startTime": course.start_time.strftime("%H:%M"),
        "endTime": course.end_time.strftime("%H:%M"),
        "repeatFrequency": "P1W",
        "startDate": course.term_start.isoformat(),
        "endDate": course.term_end.isoformat(),
        "scheduleTimezone": "Europe/Stockholm",
    }
    instance = {
        "@type": "CourseInstance",
        "name": f"{course.title}, {course.term_label}",
        "courseMode": COURSE_MODES.get(course.format, "onsite"),
        "startDate": course.term_start.isoformat(),
        "endDate": course.term_end.isoformat(),
        "courseSchedule": schedule,
    }
    if course.place:
        instance["location"] = {"@type": "Place", "name": course.place}
    offer = {
        "@type": "Offer",
        "category": "Paid" if course.own_fee else "Free",
        "price": f"{course.own_fee:.2f}",
        "priceCurrency": "SEK",
        "availability": AVAILABILITY_SLOT if seats_left is None else availability(seats_left),
        "validThrough": course.application_deadline.isoformat(),
        "url": sd.absolute(course.get_absolute_url()),
    }
    return {
        "@type": "Course",
        "name": course.title,
        "description": course.description or course.title,
        "url": sd.absolute(course.get_absolute_url()),
        "about": {"@type": "Thing", "name": course.subject.name},
        "educationalLevel": str(course.get_level_display()),
        "typicalAgeRange": f"{course.min_age}-{course.max_age}",
        "inLanguage": "sv",
        "provider": sd.school_organisation(school),
        "offers": offer,
        "hasCourseInstance": instance,
    }
