"""A festival's programme: schools submit contributions, organisers accept and place them
and publish the programme, which the event's public page then shows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import permissions as event_permissions
from programme import permissions, services
from programme.forms import ContributionForm, PlacementForm


def _page(request, event, form=None, placement_forms=None):
    organiser = event_permissions.can_organise(request.user, event)
    contributions = (list(event.contributions.select_related("school", "submitted_by"))
                     if organiser else [])
    placement_forms = placement_forms or {}
    rows = [(c, placement_forms.get(c.pk) or PlacementForm(prefix=f"p{c.pk}", initial={
        "status": c.status, "position": c.position,
        "starts_at": timezone.localtime(c.starts_at) if c.starts_at else None}))
        for c in contributions]
    return render(request, "programme/contributions.html", {
        "event": event, "organiser": organiser, "rows": rows, "form": form,
        "mine": permissions.contributions_of_my_schools(request.user, event)})


def _event_taking_contributions(request, pk):
    event = event_permissions.get_event_for_user(request.user, pk)
    if not (permissions.can_submit_contribution(request.user, event)
            or (event.takes_contributions
                and event_permissions.can_organise(request.user, event))):
        raise Http404
    return event


@login_required
def contributions(request, pk):
    """Staff submit their school's act; organisers see and place all of them."""
    event = _event_taking_contributions(request, pk)
    form = None
    if permissions.can_submit_contribution(request.user, event):
        form = ContributionForm(request.POST or None,
                                schools=event_permissions.group_schools_of(request.user))
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.submit_contribution(event, form.save(commit=False), request.user)
        except services.ProgrammeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Bidraget är inskickat till arrangörerna."))
            return redirect("programme:contributions", event.pk)
    return _page(request, event, form)


@login_required
def contribution_edit(request, pk, cid):
    event = _event_taking_contributions(request, pk)
    contribution = permissions.get_contribution_for_school(request.user, event, cid)
    form = ContributionForm(request.POST or None, instance=contribution,
                            schools=event_permissions.group_schools_of(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.change_contribution(form.save(commit=False))
        except services.ProgrammeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Bidraget är ändrat."))
            return redirect("programme:contributions", event.pk)
    return render(request, "programme/contribution_form.html",
                  {"event": event, "form": form, "contribution": contribution})


@login_required
@require_POST
def contribution_withdraw(request, pk, cid):
    event = _event_taking_contributions(request, pk)
    contribution = permissions.get_contribution_for_school(request.user, event, cid)
    try:
        services.withdraw_contribution(contribution)
    except services.ProgrammeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Bidraget är tillbakadraget."))
    return redirect("programme:contributions", event.pk)


@login_required
@require_POST
def contribution_place(request, pk, cid):
    """Organisers: accept with order and time, or decline."""
    event = event_permissions.get_event_for_organiser(request.user, pk)
    contribution = permissions.get_contribution_for_organiser(request.user, event, cid)
    form = PlacementForm(request.POST, prefix=f"p{contribution.pk}")
    if not form.is_valid():
        return _page(request, event, placement_forms={contribution.pk: form})
    try:
        services.place_contribution(contribution, **form.cleaned_data)
    except ValidationError as error:
        # Contribution.clean(): the time lies outside the festival. Shown on the form,
        # with what was entered.
        form.add_error(None, error)
        return _page(request, event, placement_forms={contribution.pk: form})
    except services.ProgrammeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Programmet är uppdaterat."))
    return redirect("programme:contributions", event.pk)


@login_required
@require_POST
def publish(request, pk):
    event = event_permissions.get_event_for_organiser(request.user, pk)
    if not event.takes_contributions:
        raise Http404
    services.publish_programme(event)
    messages.success(request, _("Programmet är publicerat på evenemangets sida."))
    return redirect(event)
