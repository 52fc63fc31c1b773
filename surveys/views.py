from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.spreadsheet import csv_response
from surveys import permissions, services
from surveys.forms import AnswerForm


def answer(request):
    """Public: anyone answers the open round, without an account."""
    survey_round = services.open_round()
    if survey_round is None:
        return render(request, "surveys/closed.html")
    form = AnswerForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        if not form.is_bot:  # a bot gets the same thanks, and nothing is stored
            try:
                services.submit_answer(survey_round, form.answer(),
                                       form.cleaned_data["subjects"])
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
