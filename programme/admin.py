from django.contrib import admin

from core.admin import ReadOnlyAdmin
from programme.models import Contribution


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    """Schools submit contributions and organisers place them on the programme page
    (`/evenemang/<id>/bidrag/`); admin shows them."""

    list_display = ["title", "event", "school", "status", "position", "starts_at"]
    list_filter = ["status", "school"]
    list_select_related = ["event", "school"]
    search_fields = ["title", "ensemble", "event__title", "school__name"]
