"""Who may do what with accounts, staff roles and children. Every view asks here.

Names: `can_<verb>(user, …)` answers a rule, `<things>_visible_to(user)` is a
queryset, `get_<thing>_for_<role>(user, …)` returns one object or raises 404.
"""

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.shortcuts import get_object_or_404

from accounts.models import Child, Invitation, Staffing
from core.admin import ReadOnlyAdmin
from schools.models import School

# What coordinators may do in admin, screen by screen, where it is less than the
# screen offers. Everything else registered in admin they add, change, delete and view;
# a read-only screen (core.admin.ReadOnlyAdmin) they view. Models without an admin
# screen (auth's Permission among them) they get nothing of.
COORDINATOR_ADMIN_LIMITS = {
    # The group and its permissions are the operators' (a coordinator could otherwise
    # give themselves anything); membership follows the account type.
    "auth.group": {"view"},
    # A lost second factor is removed so the person can set up a new one; never
    # made or edited by someone else.
    "mfa.authenticator": {"view", "delete"},
    # A link between a sign-in service and an account is made by the person signing in;
    # the coordinator may remove a wrong one but never link an identity to someone's
    # account (that would let them sign in as that person).
    "socialaccount.socialaccount": {"view", "delete"},
    # Provider tokens are secrets the portal does not show anyone.
    "socialaccount.socialtoken": set(),
}
ALL_ACTIONS = {"add", "change", "delete", "view"}


def coordinator_admin_actions():
    """{model label: the actions a coordinator may take} over every admin screen."""
    actions = {}
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        if label in COORDINATOR_ADMIN_LIMITS:
            allowed = COORDINATOR_ADMIN_LIMITS[label]
        elif isinstance(model_admin, ReadOnlyAdmin):
            allowed = {"view"}
        else:
            allowed = ALL_ACTIONS
        actions[label] = actions.get(label, set()) | allowed
        # Rows edited inline on this screen (a course's cost shares) are checked with
        # their own model's permissions.
        for inline in model_admin.inlines:
            inline_label = inline.model._meta.label_lower
            actions[inline_label] = actions.get(inline_label, set()) | allowed
    return actions


def coordinator_permissions():
    """The model permissions of the Samordnare group (accounts.models.COORDINATOR_GROUP)."""
    wanted = Q(pk__in=[])
    for label, allowed in coordinator_admin_actions().items():
        app_label, model_name = label.split(".")
        wanted |= Q(content_type__app_label=app_label, content_type__model=model_name,
                    codename__in=[f"{action}_{model_name}" for action in allowed])
    return Permission.objects.filter(wanted)


def schools_led_by(user):
    """Every school for the coordinator, their own schools for a head, none for others.

    The other apps' rules (who manages a school's courses, hosts its events, states
    its commitments) and who may invite staff to a school start from this.
    """
    if not user.is_authenticated:
        return School.objects.none()
    if user.is_coordinator:
        return School.objects.all()
    return School.objects.filter(id__in=user.head_school_ids)


def managed_by(user, queryset, school_field="school"):
    """The rows of `queryset` whose school (reached by `school_field`) the user leads
    (schools_led_by): every row for the coordinator, a head's schools' rows, none for
    anyone else. Each app's `<things>_managed_by(user)` is this."""
    if user.is_authenticated and user.is_coordinator:
        return queryset
    return queryset.filter(**{f"{school_field}__in": schools_led_by(user)})


def can_invite(user, school, role) -> bool:
    """Coordinators invite to any school, heads to the schools they lead."""
    if role not in Staffing.Role.values:
        return False
    return schools_led_by(user).filter(pk=school.pk).exists()


def invitations_visible_to(user):
    return managed_by(user, Invitation.objects.all())


def get_invitation_for_manager(user, pk) -> Invitation:
    return get_object_or_404(invitations_visible_to(user).select_related("school"), pk=pk)


def children_of(user):
    if not user.is_authenticated:
        return Child.objects.none()
    return Child.objects.filter(guardian=user)


def get_child_for_guardian(user, pk) -> Child:
    """A guardian reaches only their own children; anyone else gets 404."""
    return get_object_or_404(children_of(user).select_related("home_municipality"), pk=pk)
