"""Admin for networks, members, repertoire, planning windows and the discussion.

Network and membership statuses (and the convenor role) are read-only here: they
change only through actions that call the services, which keep every network with
a convenor.
"""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import apply_to_each
from core.locks import BUSY, LockWaitTimeout
from networks import services
from networks.forms import ResourceAdminForm
from networks.models import Membership, Network, PlanningSlot, Post, Resource, Thread


def _networks_changed(n):
    return ngettext("%(n)d nätverk ändrades.", "%(n)d nätverk ändrades.", n) % {"n": n}


def _memberships_changed(n):
    return ngettext("%(n)d medlemskap ändrades.", "%(n)d medlemskap ändrades.", n) % {"n": n}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]
    fields = ["user", "role", "status", "notify_posts"]
    readonly_fields = ["role", "status"]
    # Removing a member goes through the Membership admin's action (the last
    # convenor stays until someone else convenes).
    can_delete = False


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "subject", "status", "is_open", "proposed_by", "created_at"]
    list_filter = ["status", "kind", "is_open", "subject"]
    list_select_related = ["subject", "proposed_by"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["proposed_by"]
    readonly_fields = ["status"]
    inlines = [MembershipInline]
    actions = ["approve_proposals", "decline_proposals"]

    @admin.action(description=_("Godkänn valda föreslagna nätverk"))
    def approve_proposals(self, request, queryset):
        approved = sum(services.approve_proposal(network)
                       for network in queryset.filter(status=Network.Status.PROPOSED))
        self.message_user(request, ngettext("%(n)d nätverk godkändes.",
                                            "%(n)d nätverk godkändes.", approved) % {
            "n": approved}, messages.SUCCESS)

    @admin.action(description=_("Avslå valda föreslagna nätverk"))
    def decline_proposals(self, request, queryset):
        declined = sum(services.decline_proposal(network)
                       for network in queryset.filter(status=Network.Status.PROPOSED))
        self.message_user(request, _networks_changed(declined), messages.SUCCESS)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "network", "role", "status", "notify_posts", "joined_at"]
    list_filter = ["network", "role", "status"]
    list_select_related = ["user", "network"]
    search_fields = ["user__email", "user__first_name", "user__last_name", "network__name"]
    raw_id_fields = ["user"]
    readonly_fields = ["role", "status"]
    actions = ["approve_requests", "make_convenors", "step_down", "remove_members"]

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # remove_members keeps a convenor
        return actions

    def delete_model(self, request, obj):
        services.remove(obj)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except services.MembershipError as error:
            self.message_user(request, str(error), messages.ERROR)
        except LockWaitTimeout:
            self.message_user(request, BUSY, messages.ERROR)
        return HttpResponseRedirect(
            reverse("admin:networks_membership_change", args=[object_id]))

    @admin.action(description=_("Godkänn valda förfrågningar om medlemskap"))
    def approve_requests(self, request, queryset):
        approved = sum(services.approve(m) for m in queryset.filter(
            status=Membership.Status.PENDING))
        self.message_user(request, _memberships_changed(approved), messages.SUCCESS)

    @admin.action(description=_("Gör valda medlemmar till sammankallande"))
    def make_convenors(self, request, queryset):
        apply_to_each(self, request, queryset, services.make_convenor, _memberships_changed,
                      refusals=(services.MembershipError,))

    @admin.action(description=_("Gör valda sammankallande till medlemmar"))
    def step_down(self, request, queryset):
        apply_to_each(self, request, queryset, services.step_down, _memberships_changed,
                      refusals=(services.MembershipError,))

    @admin.action(description=_("Ta bort valda medlemmar (eller avslå förfrågningarna)"))
    def remove_members(self, request, queryset):
        apply_to_each(self, request, queryset.select_related("user", "network"),
                      services.remove,
                      lambda n: ngettext("%(n)d medlemskap togs bort.",
                                         "%(n)d medlemskap togs bort.", n) % {"n": n},
                      refusals=(services.MembershipError,))


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
