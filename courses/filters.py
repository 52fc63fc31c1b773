"""The public catalogue's filters, kept in the URL (GET form).

The subject and municipality menus come from lists kept per process and version
(core.pagecache.memo), so neither rendering nor validating them costs a query, and
they render without a template per option (core.widgets.QuickSelect).
"""

from functools import lru_cache

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core import bounds, pagecache
from core.weekdays import Weekday
from core.widgets import QuickSelect
from courses.models import Course
from schools.models import Municipality, Subject

# The filters' names are the query parameters, Swedish like every URL of the portal
# (sida, termin, hemkommun on the course page too).
SORTS = {
    "ansokningsdag": ("application_deadline", "title", "id"),
    "terminsstart": ("term_start", "title", "id"),
    "titel": ("title", "id"),
    # The stored seats left (Course.seats_left) and its index: no counting per course.
    "lediga": ("-seats_left", "application_deadline", "id"),
}
DEFAULT_SORT = "ansokningsdag"


def subject_rows(version: str) -> list[tuple[int, str, str]]:
    """(pk, slug, name) of every subject, by name."""
    return pagecache.memo("catalogue:subjects", version, lambda: list(
        Subject.objects.values_list("pk", "slug", "name")))


def municipality_rows(version: str) -> list[tuple[int, str]]:
    """(pk, name) of every municipality, by name."""
    return pagecache.memo("catalogue:municipalities", version, lambda: list(
        Municipality.objects.values_list("pk", "name")))


@lru_cache(maxsize=512)
def _subjects_matching(version: str, text: str) -> tuple[int, ...]:
    query = SearchQuery(text, config="swedish", search_type="websearch")
    return tuple(Subject.objects.alias(document=SearchVector("name", config="swedish"))
                 .filter(document=query).values_list("pk", flat=True))


def search_courses(queryset, text: str, version: str | None = None):
    """Free-text search over title, description and subject name.

    PostgreSQL: Swedish full-text search (stemming, websearch syntax) on the stored
    `search_document` column and its GIN index (migration 0003), OR'ed with the
    subjects whose name matches. SQLite: every word must occur (case-insensitively)
    in one of the fields; same courses for simple words.
    """
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config="swedish", search_type="websearch")
        # Subject ids as a list, not a subquery: then the planner can OR the GIN index
        # with the subject index. Kept per version and text: one query per new search.
        subjects = _subjects_matching(version or pagecache.current_version(), text)
        return queryset.filter(Q(search_document=query) | Q(subject__in=subjects))
    for word in text.split():
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word)
                                   | Q(subject__name__icontains=word))
    return queryset


class CatalogueForm(forms.Form):
    """Checks the menus' values against the lists the filterset sets in `menu_values`,
    with Django's own message for a choice that is not there."""

    menu_values: dict = {}

    def _menu_value(self, name):
        value = self.cleaned_data.get(name)
        if value and value not in self.menu_values[name]:
            raise forms.ValidationError(
                forms.ChoiceField.default_error_messages["invalid_choice"],
                code="invalid_choice", params={"value": value})
        return value

    def clean_amne(self):
        return self._menu_value("amne")

    def clean_kommun(self):
        return self._menu_value("kommun")

    def clean_hemkommun(self):
        return self._menu_value("hemkommun")


class CatalogueFilter(django_filters.FilterSet):
    sok = django_filters.CharFilter(label=_("Sök"), method="filter_search",
                                    help_text=_("Titel, beskrivning eller ämne"))
    # Menus of reference data: options and validation from the lists per version.
    amne = django_filters.CharFilter(label=_("Ämne"), method="filter_subject",
                                     widget=QuickSelect)
    kommun = django_filters.CharFilter(
        label=_("Skolans kommun"), method="filter_municipality", widget=QuickSelect)
    hemkommun = django_filters.CharFilter(
        label=_("Öppen för elever från"), method="filter_home", widget=QuickSelect,
        help_text=_("Din hemkommun: visar kurser du kan söka."))
    alder = django_filters.NumberFilter(label=_("Ålder"), method="filter_age",
                                        min_value=0, max_value=bounds.MAX_AGE,
                                        widget=forms.NumberInput(attrs={"min": 4, "max": 25}))
    # A level returns the courses at that level only (a "Spets" search is not flooded
    # with beginners' courses open to all levels); those have an option of their own.
    niva = django_filters.ChoiceFilter(
        label=_("Nivå"), method="filter_level", widget=QuickSelect,
        empty_label=_("Alla nivåer"),
        help_text=_("Visar kurser på den valda nivån. Kurser som passar alla nivåer har "
                    "ett eget val."),
        choices=[(value, _("Kurser för alla nivåer") if value == Course.Level.ALL else label)
                 for value, label in Course.Level.choices])
    # Not "form": that name is the filterset's form.
    undervisningsform = django_filters.ChoiceFilter(
        label=_("Form"), field_name="format", choices=Course.Format.choices,
        empty_label=_("Alla former"), widget=QuickSelect)
    veckodag = django_filters.ChoiceFilter(
        label=_("Veckodag"), field_name="weekday", choices=Weekday.choices,
        empty_label=_("Alla dagar"), widget=QuickSelect)
    lediga = django_filters.BooleanFilter(
        label=_("Bara kurser med lediga platser"), method="filter_seats",
        widget=forms.CheckboxInput)
    sortera = django_filters.ChoiceFilter(
        label=_("Sortera"), method="filter_sort", empty_label=None, widget=QuickSelect,
        choices=[("ansokningsdag", _("Sista ansökningsdag")),
                 ("terminsstart", _("Terminsstart")), ("titel", _("Titel")),
                 ("lediga", _("Flest lediga platser"))])

    class Meta:
        model = Course
        fields = []
        form = CatalogueForm

    empty_labels = {"amne": _("Alla ämnen"), "kommun": _("Alla kommuner"),
                    "hemkommun": _("Alla hemkommuner")}

    def __init__(self, data=None, queryset=None, *, version: str | None = None, **kwargs):
        self.version = version or pagecache.current_version()
        subjects = subject_rows(self.version)
        self.subject_ids = {slug: pk for pk, slug, _name in subjects}
        super().__init__(data, queryset, **kwargs)

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            municipalities = municipality_rows(self.version)
            form.menu_values = {
                "amne": self.subject_ids.keys(),
                "kommun": {str(pk) for pk, _name in municipalities},
            }
            form.menu_values["hemkommun"] = form.menu_values["kommun"]
            self._set_options("amne", [
                (slug, name) for _pk, slug, name in subject_rows(self.version)])
            self._set_options("kommun", municipalities)
            self._set_options("hemkommun", municipalities)
        return self._form

    def _set_options(self, name, options):
        self._form.fields[name].widget.option_list = [("", self.empty_labels[name]), *options]

    def filter_search(self, queryset, name, value):
        return search_courses(queryset, value, self.version)

    def filter_subject(self, queryset, name, value):
        return queryset.filter(subject_id=self.subject_ids[value])

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(school__municipality_id=int(value))

    def filter_home(self, queryset, name, value):
        # open_to is a many-to-many join; a course matches one home municipality at most
        # once, so no duplicates arise and no DISTINCT is needed.
        return queryset.filter(open_to=int(value))

    def filter_age(self, queryset, name, value):
        return queryset.filter(min_age__lte=value, max_age__gte=value)

    def filter_level(self, queryset, name, value):
        return queryset.filter(level=value)

    def filter_seats(self, queryset, name, value):
        return queryset.filter(seats_left__gt=0) if value else queryset

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS[DEFAULT_SORT]))

    def without_subject(self):
        """The courses under every filter but the subject (the subject menu counts them)."""
        queryset = self.queryset
        if self.is_bound:
            self.errors  # noqa: B018  (validates the form, filling cleaned_data)
            for name, value in self.form.cleaned_data.items():
                if name not in ("amne", "sortera"):
                    queryset = self.filters[name].filter(queryset, value)
        return queryset

    def label_subjects(self, counts: dict[int, int] | None) -> None:
        """Show in the subject menu how many courses each subject has under the other
        filters, so a visitor sees where the results are (when they were counted)."""
        if counts is None:
            return
        self.form  # noqa: B018  (builds the form and its menus first)
        self._set_options("amne", [
            (slug, f"{name} ({counts.get(pk, 0)})")
            for pk, slug, name in subject_rows(self.version)])

    @property
    def qs(self):
        queryset = super().qs
        # Invalid fields (age=abc) are left out of cleaned_data; the valid ones still apply.
        if not (self.is_bound and self.form.cleaned_data.get("sortera")):
            queryset = queryset.order_by(*SORTS[DEFAULT_SORT])
        return queryset


def catalogue_queryset():
    # Seats left are a stored column (Course.seats_left): no counting per page or row.
    return (Course.objects.published().select_related("school__municipality", "subject")
            .defer("search_document"))
