"""Answering a survey round and counting its results."""

import secrets
from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Wish
from surveys.charts import bar_chart
from surveys.models import (
    CODE_ALPHABET,
    CODE_LENGTH,
    SurveyAnswer,
    SurveyCode,
    SurveyRound,
    normalise_code,
)


class SurveyError(Exception):
    """The round does not take answers; the message is for the visitor, in Swedish."""


class CodeError(SurveyError):
    """The answer code is unknown, for another round, or used."""


def open_round(today=None) -> SurveyRound | None:
    """The round that takes answers today (the latest opened, if they overlap)."""
    return SurveyRound.objects.open_on(today or timezone.localdate()).first()


MAX_CODES_AT_ONCE = 500


@transaction.atomic
def create_codes(survey_round: SurveyRound, school, count: int) -> list[SurveyCode]:
    """`count` new single-use answer codes for a school to hand out."""
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        raise SurveyError(_("Skapa mellan 1 och %(max)s koder åt gången.") % {
            "max": MAX_CODES_AT_ONCE})
    codes = []
    while len(codes) < count:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(CODE_LENGTH))
        # 31^8 codes: a clash is rare, and the unique column refuses one anyway.
        if code not in {c.code for c in codes} and not SurveyCode.objects.filter(
                code=code).exists():
            codes.append(SurveyCode(survey_round=survey_round, school=school, code=code))
    return SurveyCode.objects.bulk_create(codes)


def _take_code(survey_round: SurveyRound, code: str) -> None:
    """Mark the code used, once: two answers racing with one code store one."""
    taken = SurveyCode.objects.filter(survey_round=survey_round, code=normalise_code(code),
                                      used_at__isnull=True).update(used_at=timezone.now())
    if taken != 1:
        raise CodeError(_("Koden gäller inte, eller så har den redan använts. Varje kod "
                            "ger ett svar; be din skola om en ny."))


@transaction.atomic
def submit_answer(survey_round: SurveyRound, answer: SurveyAnswer, subjects,
                  code: str = "") -> SurveyAnswer:
    """Store one anonymous answer with its wished subjects; a round that requires codes
    takes one unused code (the answer keeps no link to it)."""
    if not survey_round.is_open():
        raise SurveyError(_("Kartläggningen är stängd och tar inte emot fler svar."))
    if survey_round.requires_code:
        _take_code(survey_round, code)
    answer.survey_round = survey_round
    answer.save()
    answer.subjects.set(subjects)
    return answer


# A group (a home municipality, or everything a viewer sees) with fewer answers than this
# is shown as "färre än 5", to heads and the coordinator alike: a few answers could point
# at the pupils who gave them.
MIN_GROUP_SIZE = 5


def _answers_per_municipality(answers) -> dict[str, int]:
    return dict(answers.values_list("home_municipality__name").annotate(n=Count("id"))
                .order_by())


def _subject_table(answers, per_municipality):
    """Wished subjects counted per subject and home municipality. A municipality with
    fewer than MIN_GROUP_SIZE answers keeps its column, its cells None ("färre än 5"),
    and stays out of the totals."""
    rows = (SurveyAnswer.subjects.through.objects.filter(surveyanswer__in=answers)
            .values("subject__name", "surveyanswer__home_municipality__name")
            .annotate(n=Count("id")).order_by())
    shown = {name for name, n in per_municipality.items() if n >= MIN_GROUP_SIZE}
    table = defaultdict(dict)
    for row in rows:
        table[row["subject__name"]][row["surveyanswer__home_municipality__name"]] = row["n"]
    municipalities = sorted(per_municipality)
    subjects = sorted(((subject, [cells.get(m, 0) if m in shown else None
                                  for m in municipalities],
                        sum(n for m, n in cells.items() if m in shown))
                       for subject, cells in table.items()),
                      key=lambda r: (-r[2], r[0]))
    return municipalities, subjects


def _summary(answers) -> dict:
    """Counts of everything else, in one query."""
    fields = {name: Count("id", filter=Q(**{name: True}))
              for name, _label in SurveyAnswer.OBSTACLES}
    fields.update({f"experience_{n}": Count("id", filter=Q(experience=n)) for n in range(1, 6)})
    fields.update({f"interest_{value}": Count("id", filter=Q(distance_interest=value))
                   for value in SurveyAnswer.Interest.values})
    fields["attends"] = Count("id", filter=Q(attends=True))
    fields["total"] = Count("id")
    return answers.aggregate(**fields)


def results(survey_round, answers, previous_answers, municipalities) -> dict:
    """Everything the results page and its charts show, for the answers the viewer may
    see (and the same municipalities' answers in the previous round and wishes)."""
    summary = _summary(answers)
    if summary["total"] < MIN_GROUP_SIZE:
        return {"too_few": True, "total": summary["total"], "attends": None,
                "municipalities": [], "subjects": [], "comparison": [], "charts": []}
    towns, subjects = _subject_table(answers, _answers_per_municipality(answers))
    before = _subject_table(previous_answers, _answers_per_municipality(previous_answers))[1]
    previous = {name: total for name, _cells, total in before}
    now = {name: total for name, _cells, total in subjects}
    # Today's wishes from the portal (courses.Wish) feed the same view.
    wishes = list(Wish.objects.filter(home_municipality__in=municipalities)
                  .values_list("subject__name").annotate(n=Count("id"))
                  .order_by("-n", "subject__name"))
    return {
        "total": summary["total"], "attends": summary["attends"],
        "municipalities": towns, "subjects": subjects,
        # Every subject of either round: one wished only last time is a change too.
        "comparison": sorted(
            ((name, now.get(name, 0), previous.get(name, 0),
              now.get(name, 0) - previous.get(name, 0)) for name in {*now, *previous}),
            key=lambda row: (-row[1], -row[2], row[0])),
        "charts": [
            bar_chart(_("Önskade ämnen"), [(name, total) for name, _c, total in subjects]),
            bar_chart(_("Vad hindrar?"), [(str(label), summary[name])
                                          for name, label in SurveyAnswer.OBSTACLES]),
            bar_chart(_("Upplevelse av kulturskolan (1–5)"),
                      [(str(n), summary[f"experience_{n}"]) for n in range(1, 6)]),
            bar_chart(_("Intresse för distanskurser"),
                      [(str(label), summary[f"interest_{value}"])
                       for value, label in SurveyAnswer.Interest.choices]),
            bar_chart(_("Önskemål om kurser i portalen (i dag)"), wishes),
        ],
    }


def previous_round(survey_round) -> SurveyRound | None:
    return (SurveyRound.objects.filter(opens_on__lt=survey_round.opens_on)
            .order_by("-opens_on", "-pk").first())
