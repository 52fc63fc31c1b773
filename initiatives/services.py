"""Writing a school's commitment (with its change log), proposing initiatives, and adding
the commitments up."""

from django.db import transaction
from django.db.models import Sum

from initiatives.models import Commitment, CommitmentChange, Initiative

COMMITMENT_FIELDS = ["takes_part", "people", "hours", "money_sek", "note"]


@transaction.atomic
def save_commitment(initiative, school, changed_by=None, **fields) -> Commitment:
    """A school has one commitment per initiative; stating it again replaces it.

    What changed (old and new value per field), who changed it and when is logged.
    """
    current = (Commitment.objects.select_for_update()
               .filter(initiative=initiative, school=school).first())
    new = {name: fields[name] for name in COMMITMENT_FIELDS if name in fields}
    changes = {name: [getattr(current, name) if current else None, value]
               for name, value in new.items()
               if current is None or getattr(current, name) != value}
    commitment, _created = Commitment.objects.update_or_create(
        initiative=initiative, school=school, defaults=new)
    if changes:
        CommitmentChange.objects.create(initiative=initiative, school=school,
                                        changed_by=changed_by, changes=changes)
    return commitment


def commitment_totals(initiative) -> dict:
    """People, hours and money of the schools that take part."""
    return initiative.commitments.filter(takes_part=True).aggregate(
        people=Sum("people"), hours=Sum("hours"), money=Sum("money_sek"))


@transaction.atomic
def create_initiative(initiative, user, save_related=None) -> Initiative:
    """The coordinator starts an active initiative; a head proposes one for approval."""
    if user.is_coordinator:
        initiative.status = Initiative.Status.ACTIVE
    else:
        initiative.status = Initiative.Status.PROPOSED
        initiative.proposed_by = user
    initiative.save()
    if save_related is not None:
        save_related()
    return initiative


def approve_initiatives(initiatives) -> int:
    """The coordinator approves proposed initiatives (admin action)."""
    return initiatives.filter(status=Initiative.Status.PROPOSED).update(
        status=Initiative.Status.ACTIVE)


def decline_initiatives(initiatives) -> int:
    return initiatives.filter(status=Initiative.Status.PROPOSED).update(
        status=Initiative.Status.DECLINED)
