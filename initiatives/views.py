from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.permissions import schools_led_by
from core import bounds
from initiatives import permissions, services
from initiatives.forms import CommitmentForm
from schools.models import School


@login_required
def initiative_list(request):
    if not permissions.can_see_initiatives(request.user):
        raise Http404
    return render(request, "initiatives/initiative_list.html",
                  {"initiatives": permissions.initiatives_visible_to(request.user)})


@login_required
def initiative_detail(request, pk):
    """All seven schools side by side; heads state their own school's commitment."""
    initiative = permissions.get_initiative_for_user(request.user, pk)
    form = _commitment_form(request, initiative)
    if form is not None and request.method == "POST" and form.is_valid():
        services.save_commitment(initiative, **form.cleaned_data)
        messages.success(request, _("Skolans åtagande är sparat."))
        return redirect(initiative)
    commitments = {c.school_id: c for c in initiative.commitments.all()}
    rows = [(school, commitments.get(school.pk)) for school in School.objects.in_region()]
    return render(request, "initiatives/initiative_detail.html", {
        "initiative": initiative, "rows": rows, "form": form,
        "totals": services.commitment_totals(initiative),
    })


def _commitment_form(request, initiative):
    """The form for the schools the person leads (None for everyone else).

    It opens with the current commitment of the school asked for (?skola=, or the
    school posted), else of the first school the person leads.
    """
    schools = schools_led_by(request.user)
    asked = bounds.parse_int(request.POST.get("school") or request.GET.get("skola"),
                             1, bounds.BIGINT_MAX)
    school = schools.filter(pk=asked).first() if asked else None
    school = school or schools.first()
    if school is None:
        return None
    current = initiative.commitments.filter(school=school).first()
    return CommitmentForm(request.POST or None, instance=current, schools=schools,
                          initial={"school": school})
