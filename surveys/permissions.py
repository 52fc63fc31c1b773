"""Who sees the survey's results. Anyone may answer (no account); the coordinator sees
every answer, a head the answers from their school's municipality; nobody else sees
any result (404)."""

from django.shortcuts import get_object_or_404

from accounts.permissions import schools_led_by
from schools.models import Municipality
from surveys.models import SurveyAnswer, SurveyRound


def can_see_results(user) -> bool:
    return user.is_authenticated and user.is_leader


def municipalities_visible_to(user):
    if user.is_authenticated and user.is_coordinator:
        return Municipality.objects.all()
    return Municipality.objects.filter(pk__in=schools_led_by(user).values("municipality"))


def answers_visible_to(user, survey_round):
    if not can_see_results(user):
        return SurveyAnswer.objects.none()
    answers = SurveyAnswer.objects.filter(survey_round=survey_round)
    if user.is_coordinator:
        return answers
    return answers.filter(home_municipality__in=municipalities_visible_to(user))


def rounds_visible_to(user):
    return SurveyRound.objects.all() if can_see_results(user) else SurveyRound.objects.none()


def get_round_for_results(user, pk) -> SurveyRound:
    return get_object_or_404(rounds_visible_to(user), pk=pk)


def can_hand_out_codes(user) -> bool:
    """Heads hand out answer codes for their schools; the coordinator for every school."""
    return can_see_results(user)


def rounds_taking_codes(today):
    """Rounds that need codes and have not closed: codes can be made before they open."""
    return SurveyRound.objects.filter(requires_code=True, closes_on__gte=today)
