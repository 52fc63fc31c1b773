from allauth.socialaccount.models import SocialToken
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts import services
from accounts.forms import invitation_role_field
from accounts.models import Child, Invitation, SignInEvent, Staffing, User
from core.admin import PlainManyToManyMixin, ReadOnlyAdmin


class StaffingInline(admin.TabularInline):
    model = Staffing
    extra = 0
    autocomplete_fields = ["school"]


@admin.register(User)
class UserAdmin(PlainManyToManyMixin, DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "account_type", "is_active",
                    "last_login"]
    list_filter = ["account_type", "is_active", "is_superuser", "staffings__role",
                   "staffings__school"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [StaffingInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "account_type", "birth_year",
                                  "home_municipality", "subjects",
                                  "show_email_to_colleagues"]}),
        (_("Behörighet"), {"fields": ["is_active", "is_staff", "is_superuser", "groups",
                                      "user_permissions"]}),
        (_("Datum"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"],
                "fields": ["email", "account_type", "birth_year", "password1", "password2"]}),
    ]
    # Privileges are the operators': staff status and the Samordnare group follow the
    # account type (User.save), superusers and single permissions are set by superusers.
    privilege_fields = ["is_staff", "is_superuser", "groups", "user_permissions"]

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += self.privilege_fields
        return readonly

    def has_change_permission(self, request, obj=None):
        # An operator's account is out of a coordinator's reach (password, e-mail, active).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The form's groups (a superuser's edit) must not undo the account type's group.
        form.instance.follow_coordinator_group()

    def delete_queryset(self, request, queryset):
        if not request.user.is_superuser:
            queryset = queryset.filter(is_superuser=False)
        super().delete_queryset(request, queryset)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PlainManyToManyMixin, DjangoGroupAdmin):
    pass


@admin.register(Staffing)
class StaffingAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role", "created_at"]
    list_filter = ["role", "school"]
    list_select_related = ["user", "school"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "school"]


class InvitationAdminForm(forms.ModelForm):
    role = invitation_role_field()

    class Meta:
        model = Invitation
        fields = ["email", "school", "role", "expires_at", "revoked_at"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    form = InvitationAdminForm
    list_display = ["email", "school", "role", "invited_by", "created_at", "accepted_at",
                    "revoked_at"]
    list_filter = ["role", "school", ("accepted_at", admin.EmptyFieldListFilter)]
    list_select_related = ["school", "invited_by"]
    search_fields = ["email"]
    readonly_fields = ["invited_by", "accepted_at", "accepted_by", "revoked_at", "created_at"]
    autocomplete_fields = ["school"]
    actions = ["revoke"]

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        services.invite(obj, request.user)  # saves and queues the mail

    @admin.action(description=_("Återkalla valda inbjudningar"))
    def revoke(self, request, queryset):
        revoked = sum(services.revoke_invitation(invitation) for invitation in queryset)
        self.message_user(request, ngettext(
            "%(n)d inbjudan återkallades.", "%(n)d inbjudningar återkallades.", revoked) % {
            "n": revoked}, messages.SUCCESS)


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ["first_name", "last_name", "birth_year", "home_municipality", "guardian"]
    list_filter = ["home_municipality", "birth_year"]
    list_select_related = ["home_municipality", "guardian"]
    search_fields = ["first_name", "last_name", "guardian__email"]
    raw_id_fields = ["guardian"]


@admin.register(SignInEvent)
class SignInEventAdmin(ReadOnlyAdmin):
    """The login log, for support: read only (it is what happened)."""

    list_display = ["at", "user", "action", "method", "mfa_by_provider"]
    list_filter = ["action", "method", "mfa_by_provider"]
    search_fields = ["user__email"]
    list_select_related = ["user"]
    readonly_fields = ["user", "at", "action", "method", "provider_name", "mfa_by_provider"]


# The portal keeps no provider tokens (SOCIALACCOUNT_STORE_TOKENS = False), and a token is a
# secret nobody should read in admin: allauth's screen for them is left out.
if admin.site.is_registered(SocialToken):
    admin.site.unregister(SocialToken)
