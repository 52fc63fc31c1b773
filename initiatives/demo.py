"""A demo initiative with three schools' commitments. Idempotent."""

from django.utils import timezone

from initiatives.models import Commitment, Initiative
from schools.models import School


def load():
    schools = {s.slug: s for s in School.objects.all()}
    orchestra, _created = Initiative.objects.get_or_create(
        title="Regional ungdomsorkester", year=timezone.localdate().year,
        defaults={"description": "En orkester för elever från alla sju kulturskolor."})
    for slug, people, hours, money in [("boras", 3, 120, 40000), ("mark", 1, 40, 10000),
                                       ("tranemo", 1, 20, 5000)]:
        Commitment.objects.get_or_create(
            initiative=orchestra, school=schools[slug],
            defaults={"takes_part": True, "people": people, "hours": hours, "money_sek": money})
