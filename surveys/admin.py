from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from surveys.models import SurveyRound


@admin.register(SurveyRound)
class SurveyRoundAdmin(admin.ModelAdmin):
    """The coordinator opens a round here (dates, intro); answers come from the public
    form and are read on the results page, never edited."""

    list_display = ["title", "opens_on", "closes_on", "requires_code", "answer_count",
                    "results_link"]
    date_hierarchy = "opens_on"
    readonly_fields = ["created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate_answer_count()

    @admin.display(description=_("svar"), ordering="answer_count")
    def answer_count(self, obj):
        return obj.answer_count

    @admin.display(description=_("resultat"))
    def results_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("surveys:results", args=[obj.pk]),
                           _("Visa resultat"))
