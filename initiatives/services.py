"""Writing a school's commitment and adding the commitments up."""

from django.db.models import Sum

from initiatives.models import Commitment

COMMITMENT_FIELDS = ["takes_part", "people", "hours", "money_sek", "note"]


def save_commitment(initiative, school, **fields) -> Commitment:
    """A school has one commitment per initiative; stating it again replaces it."""
    commitment, _created = Commitment.objects.update_or_create(
        initiative=initiative, school=school,
        defaults={name: fields[name] for name in COMMITMENT_FIELDS if name in fields})
    return commitment


def commitment_totals(initiative) -> dict:
    """People, hours and money of the schools that take part."""
    return initiative.commitments.filter(takes_part=True).aggregate(
        people=Sum("people"), hours=Sum("hours"), money=Sum("money_sek"))
