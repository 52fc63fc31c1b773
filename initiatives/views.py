from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import schools_led_by
from core import bounds
from events.permissions import events_visible_to
from initiatives import permissions, services
from initiatives.forms import CommitmentForm, InitiativeForm
from initiatives.models import Initiative
from schools.models import School


@login_required
def initiative_list(request):
    if not permissions.can_see_initiatives(request.user):
        raise Http404
    return render(request, "initiatives/initiative_list.html", {
        "initiatives": permissions.initiatives_visible_to(request.user),
        "can_propose": permissions.can_propose_initiative(request.user)})


@login_required
def initiative_detail(request, pk):
    """All seven schools side by side; heads state their own school's commitment."""
    initiative = permissions.get_initiative_for_user(request.user, pk)
    schools = list(initiative.schools.order_by("name")) or list(School.objects.in_region())
    form, choices = _commitment_form(request, initiative, schools)
    if form is not None and request.method == "POST" and form.is_valid():
        school = form.cleaned_data["school"]
        services.save_commitment(initiative, changed_by=request.user, **form.cleaned_data)
        messages.success(request, _("Skolans åtagande är sparat."))
        # Back to the same school's form: it shows what was just saved, never another
        # school's empty one that a second save would write over.
        return redirect(f"{initiative.get_absolute_url()}?skola={school.pk}")
    commitments = {c.school_id: c for c in initiative.commitments.all()}
    return render(request, "initiatives/initiative_detail.html", {
        "initiative": initiative, "form": form, "school_choices": choices,
        "rows": [(school, commitments.get(school.pk)) for school in schools],
        "totals": services.commitment_totals(initiative),
        "changes": initiative.changes.select_related("school", "changed_by")[:CHANGES_SHOWN],
        "events": events_visible_to(request.user).filter(initiatives=initiative)
        .order_by("starts_at"),
    })


CHANGES_SHOWN = 30


@login_required
def initiative_create(request):
    """A head proposes an initiative for the coordinator to approve; the coordinator starts one."""
    if not permissions.can_propose_initiative(request.user):
        raise Http404
    form = InitiativeForm(request.POST or None, initial={"year": timezone.localdate().year},
                          events=events_visible_to(request.user).scheduled())
    if request.method == "POST" and form.is_valid():
        initiative = services.create_initiative(form.save(commit=False), request.user,
                                                save_related=form.save_m2m)
        if initiative.status == Initiative.Status.ACTIVE:
            messages.success(request, _("Satsningen är skapad."))
        else:
            messages.success(request, _("Tack! Förslaget har skickats till samordnaren, som "
                                        "godkänner nya satsningar."))
        return redirect(initiative)
    return render(request, "initiatives/initiative_form.html", {"form": form})


def _commitment_form(request, initiative, table_schools):
    """The form for one school the person leads, and the schools they may switch to
    ((None, []) for everyone else).

    The form edits exactly one school: the one asked for (?skola=, or the school
    posted), else the first school of the table the person leads. It opens on that
    school's saved commitment, so a save never writes another school's values (or
    empty defaults) over it; switching school is a GET (?skola=) that loads the
    other school's saved answer.
    """
    schools = schools_led_by(request.user).order_by("name")
    asked = bounds.parse_int(request.POST.get("school") or request.GET.get("skola"),
                             1, bounds.BIGINT_MAX)
    school = schools.filter(pk=asked).first() if asked else None
    if school is None:
        led = set(schools.filter(pk__in=[s.pk for s in table_schools])
                  .values_list("pk", flat=True))
        school = next((s for s in table_schools if s.pk in led), None) or schools.first()
    if school is None:
        return None, []
    current = initiative.commitments.filter(school=school).first()
    form = CommitmentForm(request.POST or None, instance=current, schools=schools,
                          initial={"school": school})
    form.chosen_school = school
    return form, list(schools) if len(schools) > 1 else []
