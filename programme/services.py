"""Every change to a festival's programme goes through here: schools submit, change and
withdraw their contributions; the organisers place them and publish the programme."""

from django.utils import timezone
from django.utils.translation import gettext as _

from programme.mails import mail_contribution_changed
from programme.models import Contribution


class ProgrammeError(Exception):
    """Shown to the user as is (Swedish)."""


def submit_contribution(event, contribution, submitted_by):
    """A school's act for the programme; the organisers accept and place it."""
    if not event.takes_contributions or event.is_cancelled:
        raise ProgrammeError(_("Det här evenemanget tar inte emot programpunkter."))
    contribution.event = event
    contribution.submitted_by = submitted_by
    contribution.status = Contribution.Status.SUBMITTED
    contribution.save()
    if event.programme_published:
        _tell_organisers(contribution, "submitted")
    return contribution


def change_contribution(contribution):
    """The school changes its act; once the programme is published the organisers are mailed."""
    if contribution.status == Contribution.Status.WITHDRAWN:
        raise ProgrammeError(_("Bidraget är tillbakadraget."))
    contribution.save()
    if contribution.event.programme_published:
        _tell_organisers(contribution, "changed")
    return contribution


def withdraw_contribution(contribution):
    """Until the programme is published; after that the school asks the organisers."""
    if contribution.event.programme_published:
        raise ProgrammeError(_("Programmet är publicerat. Kontakta arrangörerna om ni inte "
                               "kan medverka."))
    Contribution.objects.filter(pk=contribution.pk).update(
        status=Contribution.Status.WITHDRAWN, position=None, starts_at=None)


def place_contribution(contribution, status, position=None, starts_at=None):
    """The organisers accept (with order and time) or decline a contribution."""
    if contribution.status == Contribution.Status.WITHDRAWN:
        raise ProgrammeError(_("Bidraget är tillbakadraget."))
    accepted = status == Contribution.Status.ACCEPTED
    contribution.status = status
    contribution.position = position if accepted else None
    contribution.starts_at = starts_at if accepted else None
    contribution.clean()  # the time lies within the festival (ValidationError otherwise)
    Contribution.objects.filter(pk=contribution.pk).update(
        status=status, position=contribution.position, starts_at=contribution.starts_at)


def publish_programme(event, now=None):
    """The accepted, placed contributions show on the event's public page from now on."""
    if not event.programme_published:
        event.programme_published_at = now or timezone.now()
        event.save(update_fields=["programme_published_at", "updated_at"])
    return event


def _tell_organisers(contribution, what):
    mail_contribution_changed(contribution, what)
