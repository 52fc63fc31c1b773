from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from networks import services
from networks.forms import ResourceAdminForm
from networks.models import Membership, Network, PlanningSlot, Post, Resource, Thread


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "status", "notify_posts"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "subject", "status", "is_open", "proposed_by", "created_at"]
    list_filter = ["status", "kind", "is_open", "subject"]
    list_select_related = ["subject", "proposed_by"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["proposed_by"]
    inlines = [MembershipInline]
    actions = ["approve_proposals"]

    @admin.action(description=_("Godkänn valda föreslagna nätverk"))
    def approve_proposals(self, request, queryset):
        approved = sum(services.approve_proposal(network)
                       for network in queryset.filter(status=Network.Status.PROPOSED))
        self.message_user(request, ngettext("%(n)d nätverk godkändes.",
                                            "%(n)d nätverk godkändes.", approved) % {
            "n": approved}, messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role", "status", "notify_posts", "joined_at"]
    list_filter = ["network", "role", "status"]
    list_select_related = ["user", "network"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "network__name"]
    raw_id_fields = ["user"]


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "composer", "network", "level", "occasion", "file_name",
                    "added_by", "created_at"]
    list_filter = ["network", "level", "occasion"]
    list_select_related = ["network", "added_by"]
    search_fields = ["title", "composer", "instrumentation", "notes"]
    raw_id_fields = ["added_by"]
    # No public media URL exists, so the admin must not render a file link of its
    # own (FieldFile.url would fail); files are uploaded and served on the network pages.
    form = ResourceAdminForm
    readonly_fields = ["stored_file", "file_name", "file_size"]

    @admin.display(description=_("fil"))
    def stored_file(self, resource):
        if not resource.file:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse(
            "networks:resource_file", args=[resource.network.slug, resource.pk]),
            resource.file_name or resource.file.name)


@admin.register(PlanningSlot)
class PlanningSlotAdmin(admin.ModelAdmin):
    list_display = ["membership", "weekday", "start", "end"]
    list_filter = ["weekday", "membership__network"]
    list_select_related = ["membership__user", "membership__network"]
    search_fields = ["membership__user__email", "membership__user__last_name"]
    raw_id_fields = ["membership"]


class PostInline(admin.StackedInline):
    model = Post
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["title", "network", "started_by", "last_post_at"]
    list_filter = ["network"]
    list_select_related = ["network", "started_by"]
    search_fields = ["title", "posts__body"]
    raw_id_fields = ["started_by"]
    inlines = [PostInline]


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["thread", "author", "created_at"]
    list_filter = ["thread__network"]
    list_select_related = ["thread", "author"]
    search_fields = ["body", "author__email", "thread__title"]
    raw_id_fields = ["thread", "author"]
