from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import schools_led_by
from core.spreadsheet import csv_response
from surveys import permissions, services
from surveys.forms import AnswerForm, CodesForm
from surveys.models import SurveyCode


def answer(request):
    """Public: anyone answers the open round, without an account."""
    survey_round = services.open_round()
    if survey_round is None:
        return render(request, "surveys/closed.html")
    form = AnswerForm(request.POST or None, request=request, survey_round=survey_round,
                      code=request.GET.get("kod", "")[:20])
    if request.method == "POST" and form.is_valid():
        if not form.is_bot:  # a bot gets the same thanks, and nothing is stored
            try:
                services.submit_answer(survey_round, form.answer(),
                                       form.cleaned_data["subjects"],
                                       code=form.cleaned_data.get("code", ""))
            except services.CodeError as error:
                form.add_error("code", str(error))
                return render(request, "surveys/answer.html",
                              {"round": survey_round, "form": form})
            except services.SurveyError as error:
                form.add_error(None, str(error))
                return render(request, "surveys/answer.html",
                              {"round": survey_round, "form": form})
        messages.success(request, _("Tack för ditt svar! Det hjälper kulturskolorna att "
                                    "planera."))
        return redirect("surveys:thanks")
    return render(request, "surveys/answer.html", {"round": survey_round, "form": form},
                  status=429 if form.rate_limited else 200)


def thanks(request):
    return render(request, "surveys/thanks.html")


@login_required
def round_list(request):
    if not permissions.can_see_results(request.user):
        raise Http404
    rounds = list(permissions.rounds_visible_to(request.user))
    return render(request, "surveys/round_list.html", {"rounds": rounds})


def _round_results(request, pk):
    survey_round = permissions.get_round_for_results(request.user, pk)
    previous = services.previous_round(survey_round)
    answers = permissions.answers_visible_to(request.user, survey_round)
    previous_answers = (permissions.answers_visible_to(request.user, previous)
                        if previous else answers.none())
    municipalities = permissions.municipalities_visible_to(request.user)
    return survey_round, previous, services.results(
        survey_round, answers, previous_answers, municipalities)


@login_required
def round_results(request, pk):
    survey_round, previous, results = _round_results(request, pk)
    return render(request, "surveys/results.html", {
        "round": survey_round, "previous": previous, **results,
        "sees_all": request.user.is_coordinator})


@login_required
def round_results_csv(request, pk):
    survey_round, _previous, results = _round_results(request, pk)
    header = [_("Ämne"), *results["municipalities"], _("Totalt")]
    fewer = _("färre än 5")
    rows = ([name, *[fewer if n is None else n for n in cells], total]
            for name, cells, total in results["subjects"])
    return csv_response(f"kartlaggning-{survey_round.pk}.csv", header, rows)


@login_required
def codes(request):
    """Make answer codes for a school to hand out, and see how many are used."""
    if not permissions.can_hand_out_codes(request.user):
        raise Http404
    rounds = permissions.rounds_taking_codes(timezone.localdate())
    schools = schools_led_by(request.user).order_by("name")
    form = CodesForm(request.POST or None, rounds=rounds, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.create_codes(data["survey_round"], data["school"], data["count"])
        messages.success(request, _("%(n)s svarskoder är skapade.") % {"n": data["count"]})
        return redirect("surveys:codes_print", data["survey_round"].pk, data["school"].pk)
    counts = (SurveyCode.objects.filter(survey_round__in=rounds, school__in=schools)
              .values("survey_round__pk", "survey_round__title", "school__pk", "school__name")
              .annotate(made=Count("id"), used=Count("id", filter=Q(used_at__isnull=False)))
              .order_by("survey_round__title", "school__name"))
    return render(request, "surveys/codes.html", {"form": form, "counts": counts,
                                                  "has_rounds": rounds.exists()})


@login_required
def codes_print(request, round_pk, school_pk):
    """The school's unused codes, each with its link, to print and cut into slips."""
    if not permissions.can_hand_out_codes(request.user):
        raise Http404
    school = get_object_or_404(schools_led_by(request.user), pk=school_pk)
    survey_round = get_object_or_404(permissions.rounds_taking_codes(timezone.localdate()),
                                     pk=round_pk)
    unused = SurveyCode.objects.filter(survey_round=survey_round, school=school,
                                       used_at__isnull=True)
    return render(request, "surveys/codes_print.html", {
        "round": survey_round, "school": school, "codes": unused,
        "answer_url": settings.SITE_URL.rstrip("/") + reverse("surveys:answer")})
