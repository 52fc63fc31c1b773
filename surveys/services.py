"""Answering a survey round and counting its results."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Wish
from surveys.charts import bar_chart
from surveys.models import SurveyAnswer, SurveyRound


class SurveyError(Exception):
    """The round does not take answers; the message is for the visitor, in Swedish."""


def open_round(today=None) -> SurveyRound | None:
    """The round that takes answers today (the latest opened, if they overlap)."""
    return SurveyRound.objects.open_on(today or timezone.localdate()).first()


@transaction.atomic
def submit_answer(survey_round: SurveyRound, answer: SurveyAnswer, subjects) -> SurveyAnswer:
    """Store one anonymous answer with its wished subjects."""
    if not survey_round.is_open():
        raise SurveyError(_("Kartläggningen är stängd och tar inte emot fler svar."))
    answer.survey_round = survey_round
    answer.save()
    answer.subjects.set(subjects)
    return answer


def _subject_table(answers):
    """Wished subjects counted per subject and home municipality."""
    rows = (SurveyAnswer.subjects.through.objects.filter(surveyanswer__in=answers)
            .values("subject__name", "surveyanswer__home_municipality__name")
            .annotate(n=Count("id")).order_by())
    table, municipalities = defaultdict(dict), set()
    for row in rows:
        name = row["surveyanswer__home_municipality__name"]
        table[row["subject__name"]][name] = row["n"]
        municipalities.add(name)
    municipalities = sorted(municipalities)
    subjects = sorted(((subject, [cells.get(m, 0) for m in municipalities],
                        sum(cells.values())) for subject, cells in table.items()),
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
    towns, subjects = _subject_table(answers)
    summary = _summary(answers)
    previous = {name: total for name, _cells, total in _subject_table(previous_answers)[1]}
    # Today's wishes from the portal (courses.Wish) feed the same view.
    wishes = list(Wish.objects.filter(home_municipality__in=municipalities)
                  .values_list("subject__name").annotate(n=Count("id"))
                  .order_by("-n", "subject__name"))
    return {
        "total": summary["total"], "attends": summary["attends"],
        "municipalities": towns, "subjects": subjects,
        "comparison": [(name, total, previous.get(name, 0), total - previous.get(name, 0))
                       for name, _cells, total in subjects],
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
