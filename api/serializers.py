"""What the API shows: only what the public pages show, and never a person.

No names of people (teachers, organisers, who submitted a contribution), no addresses
or contact details of people; a school's own address and contact are public on its page.
"""

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from courses.models import Course
from events.models import Event
from programme.models import Contribution
from schools.models import Municipality, School, Subject


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class MunicipalitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Municipality
        fields = ["id", "name", "scb_code", "in_sjuharad"]


class SubjectSerializer(serializers.ModelSerializer):
    family_label = serializers.CharField(source="get_family_display")

    class Meta:
        model = Subject
        fields = ["id", "slug", "name", "family", "family_label"]


class SchoolRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = School
        fields = ["id", "slug", "name"]


class SchoolSerializer(serializers.ModelSerializer):
    municipality = MunicipalitySerializer()
    is_partner = serializers.BooleanField()
    subjects = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = School
        fields = ["id", "slug", "name", "municipality", "is_partner", "description",
                  "street_address", "postal_code", "city", "email", "phone", "website",
                  "subjects", "url"]

    def get_subjects(self, school) -> list[str]:
        """The subjects' slugs (see /subjects/)."""
        return [subject.slug for subject in school.subjects.all()]

    def get_url(self, school) -> str:
        return absolute(school.get_absolute_url())


class CourseSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer()
    municipality = serializers.IntegerField(source="school.municipality_id",
                                            help_text="The school's municipality (id).")
    subject = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    level_label = serializers.CharField(source="get_level_display")
    format_label = serializers.CharField(source="get_format_display")
    weekday_label = serializers.CharField(source="get_weekday_display")
    term_label = serializers.CharField()
    start_time = serializers.SerializerMethodField()
    end_time = serializers.SerializerMethodField()
    open_to = serializers.SerializerMethodField()
    seats_left = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Course
        fields = ["id", "title", "description", "school", "municipality", "subject", "level",
                  "level_label", "min_age", "max_age", "format", "format_label", "place",
                  "weekday", "weekday_label", "start_time", "end_time", "term", "term_label",
                  "term_start", "term_end", "application_deadline", "capacity", "seats_left",
                  "own_fee", "open_to", "updated_at", "url"]

    # Wall-clock time in Sweden, "17:00": a time of day without a zone is not an RFC 3339
    # "time", so the schema says string with a pattern.
    @extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$",
                          "description": "Local time (Europe/Stockholm), HH:MM."})
    def get_start_time(self, course):
        return course.start_time.strftime("%H:%M")

    @extend_schema_field({"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$",
                          "description": "Local time (Europe/Stockholm), HH:MM."})
    def get_end_time(self, course):
        return course.end_time.strftime("%H:%M")

    def get_open_to(self, course) -> list[int]:
        """Ids of the municipalities whose pupils may apply."""
        return [m.pk for m in course.open_to.all()]

    def get_seats_left(self, course) -> int:
        return max(course.seats_left, 0)

    def get_url(self, course) -> str:
        return absolute(course.get_absolute_url())


class NetworkRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class EventSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display")
    host_schools = SchoolRefSerializer(many=True)
    network = serializers.SerializerMethodField()
    programme_published = serializers.BooleanField()
    url = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = ["id", "title", "kind", "kind_label", "description", "status", "place",
                  "online_link", "starts_at", "ends_at", "registration_required",
                  "registration_deadline", "host_schools", "network", "programme_published",
                  "sequence", "updated_at", "url", "calendar_url"]

    @extend_schema_field(NetworkRefSerializer(allow_null=True))
    def get_network(self, event):
        network = event.public_network
        return None if network is None else {"id": network.pk, "name": network.name}

    def get_url(self, event) -> str:
        return absolute(event.get_absolute_url())

    def get_calendar_url(self, event) -> str:
        return absolute(reverse("events:ics", args=[event.pk]))


class ProgrammeItemSerializer(serializers.ModelSerializer):
    school = SchoolRefSerializer()

    class Meta:
        model = Contribution
        fields = ["id", "position", "starts_at", "title", "ensemble", "school",
                  "length_minutes", "performers"]


def page_serializer(name, item_serializer):
    """A page of a bounded list: exact count up to `max_results`, then `more`."""
    return type(name, (serializers.Serializer,), {
        "count": serializers.IntegerField(help_text="Matches, exact up to max_results."),
        "more": serializers.BooleanField(help_text="More than max_results match."),
        "max_results": serializers.IntegerField(),
        "page": serializers.IntegerField(),
        "num_pages": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": item_serializer(many=True),
    })


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()),
                                   required=False)
