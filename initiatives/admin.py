from django.contrib import admin

from initiatives.models import Commitment, Initiative


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ["title", "year"]
    list_filter = ["year"]
    search_fields = ["title", "description"]
    inlines = [CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["initiative", "school", "takes_part", "people", "hours", "money_sek"]
    list_filter = ["takes_part", "school", "initiative"]
    list_select_related = ["initiative", "school"]
    search_fields = ["initiative__title", "school__name"]
