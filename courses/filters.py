"""The public catalogue's filters, kept in the URL (GET form)."""

import django_filters
from django import forms
from django.db import connection
from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from courses.models import Application, Course, count_applications
from schools.models import Municipality, Subject

SORTS = {
    "deadline": ("application_deadline", "title", "id"),
    "start": ("term_start", "title", "id"),
    "title": ("title", "id"),
    "seats": ("-seats_free", "application_deadline", "id"),
}


def search_courses(queryset, text: str):
    """Free-text search over title, description and subject name.

    PostgreSQL: Swedish full-text search (stemming, websearch syntax), served by the
    GIN expression index from migration 0002. SQLite: every word must occur
    (case-insensitively) in one of the fields; same courses for simple words.
    """
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        query = SearchQuery(text, config="swedish", search_type="websearch")
        # Subject ids as a list, not a subquery: then the planner can OR the GIN index
        # with the subject index instead of computing to_tsvector for every course.
        subjects = list(Subject.objects.alias(
            document=SearchVector("name", config="swedish")).filter(document=query)
            .values_list("pk", flat=True))
        return queryset.alias(
            document=SearchVector("title", "description", config="swedish"),
        ).filter(Q(document=query) | Q(subject__in=subjects))
    for word in text.split():
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word)
                                   | Q(subject__name__icontains=word))
    return queryset


class CatalogueFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Sök"), method="filter_search",
                                  help_text=_("Titel, beskrivning eller ämne"))
    subject = django_filters.ModelChoiceFilter(
        label=_("Ämne"), queryset=Subject.objects.all(), to_field_name="slug",
        empty_label=_("Alla ämnen"))
    municipality = django_filters.ModelChoiceFilter(
        label=_("Skolans kommun"), field_name="school__municipality",
        queryset=Municipality.objects.all(), empty_label=_("Alla kommuner"))
    home = django_filters.ModelChoiceFilter(
        label=_("Öppen för elever från"), field_name="open_to",
        queryset=Municipality.objects.all(), empty_label=_("Alla hemkommuner"),
        help_text=_("Din hemkommun: visar kurser du kan söka."))
    age = django_filters.NumberFilter(label=_("Ålder"), method="filter_age",
                                      widget=forms.NumberInput(attrs={"min": 4, "max": 25}))
    format = django_filters.ChoiceFilter(label=_("Form"), choices=Course.Format.choices,
                                         empty_label=_("Alla former"))
    weekday = django_filters.ChoiceFilter(
        label=_("Veckodag"), choices=Course.Weekday.choices, empty_label=_("Alla dagar"))
    seats = django_filters.BooleanFilter(
        label=_("Bara kurser med lediga platser"), method="filter_seats",
        widget=forms.CheckboxInput)
    sort = django_filters.ChoiceFilter(
        label=_("Sortera"), method="filter_sort", empty_label=None,
        choices=[("deadline", _("Sista ansökningsdag")), ("start", _("Terminsstart")),
                 ("title", _("Titel")), ("seats", _("Flest lediga platser"))])

    class Meta:
        model = Course
        fields = []

    def filter_search(self, queryset, name, value):
        return search_courses(queryset, value)

    def filter_age(self, queryset, name, value):
        return queryset.filter(min_age__lte=value, max_age__gte=value)

    def filter_seats(self, queryset, name, value):
        return with_seats_free(queryset).filter(seats_free__gt=0) if value else queryset

    def filter_sort(self, queryset, name, value):
        if value == "seats":
            queryset = with_seats_free(queryset)
        return queryset.order_by(*SORTS.get(value, SORTS["deadline"]))

    def label_subjects_with_counts(self):
        """Show in the subject menu how many courses each subject has under the other
        filters (one grouped query), so a visitor sees where the results are."""
        queryset = self.queryset
        if self.is_bound:
            self.errors  # noqa: B018  (validates the form, filling cleaned_data)
            for name, value in self.form.cleaned_data.items():
                if name not in ("subject", "sort"):
                    queryset = self.filters[name].filter(queryset, value)
        counts = dict(queryset.order_by().values_list("subject__slug").annotate(n=Count("id")))
        self.form.fields["subject"].label_from_instance = (
            lambda subject: f"{subject.name} ({counts.get(subject.slug, 0)})")

    @property
    def qs(self):
        queryset = super().qs
        # Invalid fields (age=abc) are left out of cleaned_data; the valid ones still apply.
        if not (self.is_bound and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by(*SORTS["deadline"])
        # open_to is a many-to-many join; a course matches one home municipality at most
        # once, so no duplicates arise and no DISTINCT is needed.
        return queryset


def with_seats_free(queryset):
    if "seats_free" in queryset.query.annotations:
        return queryset
    return queryset.annotate(
        seats_free=F("capacity") - count_applications(Application.SEAT_HOLDING))


def catalogue_queryset():
    # Seat counts are added only when a filter or the sort needs them; the page's
    # rows get theirs from add_seats_free(), so deep pages do not count every course.
    return Course.objects.published().select_related("school__municipality", "subject")


def add_seats_free(courses) -> None:
    """Set `seats_free` on one page of courses, with one query."""
    held = dict(Course.objects.filter(pk__in=[c.pk for c in courses]).with_seat_counts()
                .values_list("pk", "seats_held"))
    for course in courses:
        course.seats_free = course.capacity - held.get(course.pk, 0)
