"""Admin for agreements, courses, applications and wishes.

Statuses are read-only here: they change only through actions that call the
services, which hold the course lock, keep the waiting list moving and send the mails.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import apply_to_each
from core.locks import BUSY, LockWaitTimeout
from courses import services
from courses.forms import CourseRulesForm, DeclineForm
from courses.models import Agreement, Application, CostShare, Course, Wish


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["offering_school", "home_municipality", "pupil_fee",
                    "compensation_per_term", "valid_from", "valid_until"]
    list_filter = ["offering_school", "home_municipality"]
    search_fields = ["offering_school__name", "home_municipality__name"]
    list_select_related = ["offering_school", "home_municipality"]


class CostShareFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        percents = [form.cleaned_data["percent"] for form in self.forms
                    if form.cleaned_data.get("percent") is not None
                    and not form.cleaned_data.get("DELETE")]
        if percents and sum(percents) != 100:
            raise forms.ValidationError(_(
                "Andelarna ska tillsammans bli 100 %% (nu %(sum)s %%). Ta med den "
                "erbjudande skolan.") % {"sum": sum(percents)})


class CostShareInline(admin.TabularInline):
    model = CostShare
    formset = CostShareFormSet
    extra = 0


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    form = CourseRulesForm
    inlines = [CostShareInline]
    list_display = ["title", "school", "subject", "term", "status", "capacity",
                    "application_deadline"]
    list_filter = ["status", "school", "subject", "format", "term"]
    search_fields = ["title", "description", "school__name", "subject__name"]
    list_select_related = ["school", "subject"]
    # Labelled checkboxes for the few municipalities, not the two-box filter widget
    # (its buttons and tooltips fail axe).
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    raw_id_fields = ["created_by"]
    readonly_fields = ["status", "term", "created_at", "updated_at"]
    actions = ["publish", "close", "back_to_draft"]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        # The capacity is checked again under the course lock; new seats go to the
        # waiting list. save_course sets open_to (own municipality included) too.
        services.save_course(obj, form.cleaned_data["open_to"],
                             form.cleaned_data.get("teachers"))

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except services.CourseError as error:
            # Seats were given between the form check and the save (rare): say so.
            self.message_user(request, str(error), messages.ERROR)
        except LockWaitTimeout:
            self.message_user(request, BUSY, messages.ERROR)
        return HttpResponseRedirect(request.path)

    def _set_status(self, request, queryset, status):
        apply_to_each(self, request, queryset, lambda c: services.set_course_status(c, status),
                      lambda n: ngettext("%(n)d kurs ändrades.", "%(n)d kurser ändrades.", n)
                      % {"n": n}, refusals=(services.CourseError,))

    @admin.action(description=_("Publicera valda kurser"))
    def publish(self, request, queryset):
        self._set_status(request, queryset, Course.Status.PUBLISHED)

    @admin.action(description=_("Stäng valda kurser för ansökningar"))
    def close(self, request, queryset):
        self._set_status(request, queryset, Course.Status.CLOSED)

    @admin.action(description=_("Gör valda kurser till utkast"))
    def back_to_draft(self, request, queryset):
        self._set_status(request, queryset, Course.Status.DRAFT)


def _changed(n):
    return ngettext("%(n)d ansökan ändrades.", "%(n)d ansökningar ändrades.", n) % {"n": n}


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    list_display = ["id", "course", "child", "home_municipality", "birth_year", "status",
                    "created_at"]
    list_filter = ["status", "course__school", "home_municipality", "course__term"]
    search_fields = ["course__title", "child__first_name", "child__last_name",
                     "applicant__email"]
    list_select_related = ["course__school", "child", "home_municipality"]
    raw_id_fields = ["child", "applicant"]
    readonly_fields = ["course", "status", "decline_reason", "created_at", "decided_at",
                       "reply_by"]
    # Contact details and adaptation needs are for the receiving school only (portal).
    exclude = ["contact_phone", "adaptation_needs"]
    actions = ["offer_places", "decline_applications", "withdraw_applications",
               "delete_applications"]

    def has_add_permission(self, request):
        # Applications come from families in the portal, where eligibility, the
        # capacity and the waiting list apply.
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # delete_applications moves the waiting list
        return actions

    def delete_model(self, request, obj):
        services.delete_application(obj.pk)

    @admin.action(description=_("Erbjud plats till valda ansökningar"))
    def offer_places(self, request, queryset):
        apply_to_each(self, request, queryset.order_by("id"),
                      lambda a: services.offer(a.pk), _changed,
                      refusals=(services.ApplicationError,))

    @admin.action(description=_("Återta valda ansökningar"))
    def withdraw_applications(self, request, queryset):
        apply_to_each(self, request, queryset, lambda a: services.withdraw(a.pk), _changed,
                      refusals=(services.ApplicationError,))

    @admin.action(description=_("Ta bort valda ansökningar (väntelistan flyttas fram)"))
    def delete_applications(self, request, queryset):
        apply_to_each(self, request, queryset, lambda a: services.delete_application(a.pk),
                      lambda n: ngettext("%(n)d ansökan togs bort.",
                                         "%(n)d ansökningar togs bort.", n) % {"n": n})

    @admin.action(description=_("Avslå valda ansökningar (med motivering)"))
    def decline_applications(self, request, queryset):
        """An intermediate page asks for the reason the applicants are sent."""
        form = DeclineForm(request.POST if "decline" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            apply_to_each(self, request, queryset, lambda a: services.decline(a.pk, reason),
                          _changed, refusals=(services.ApplicationError,))
            return None  # back to the list
        return TemplateResponse(request, "admin/courses/application/decline.html", {
            **self.admin_site.each_context(request),
            "title": _("Avslå ansökningar"),
            "opts": self.model._meta,
            "applications": queryset.select_related("course", "child"),
            "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        })


@admin.register(Wish)
class WishAdmin(admin.ModelAdmin):
    list_display = ["subject", "home_municipality", "age", "created_at"]
    list_filter = ["subject", "home_municipality"]
    search_fields = ["subject__name", "home_municipality__name", "user__email"]
    list_select_related = ["subject", "home_municipality"]
    raw_id_fields = ["user"]
