"""The organisers' participant list: per school, with children, groups and guardians' contact
details, as a page, a printable page and a spreadsheet file (CSV that Swedish Excel opens).

Read-only; who may see it is events.permissions.can_organise.
"""

import csv
import io
import re
from itertools import groupby

from django.utils.translation import gettext as _

from events.models import Registration

_PHONE_LIKE = re.compile(r"[+\-0-9 ]+")


def participants(event):
    """Active registrations (placed and waiting), ordered by school, status and time."""
    return list(event.registrations.filter(status__in=Registration.ACTIVE)
                .select_related("user", "child", "school", "responsible_teacher")
                .order_by("school__name", "status", "registered_at", "pk"))


def by_school(registrations):
    """[(school or None, [registrations], places taken)] in the order given."""
    groups = []
    for school, rows in groupby(registrations, key=lambda r: r.school):
        rows = list(rows)
        taken = sum(r.places for r in rows if r.status == Registration.Status.REGISTERED)
        groups.append((school, rows, taken))
    return groups


def age_at_event(registration):
    if registration.child_id:
        return registration.child.age_in(registration.event.year)
    birth_year = registration.user.birth_year if registration.participant == "person" else None
    return registration.event.year - birth_year if birth_year else None


def _cell(value):
    """Text a spreadsheet will not run as a formula (CSV injection)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    text = str(value)
    if text[:1] in ("=", "@", "\t", "\r") or (
            text[:1] in ("+", "-") and not _PHONE_LIKE.fullmatch(text)):
        return "'" + text
    return text


def csv_rows(event, registrations, with_info):
    header = [_("Skola"), _("Status"), _("Deltagare"), _("Typ"), _("Platser"), _("Ålder"),
              _("Vårdnadshavare / anmäld av"), _("E-post"), _("Ansvarig pedagog"),
              _("Namn i gruppen")]
    if with_info:
        header += [_("Telefon i nödfall"), _("Allergier och medicinska uppgifter"),
                   _("Anpassningar"), _("Får fotograferas")]
    yield header
    for r in registrations:
        row = [r.school.name if r.school_id else "", r.get_status_display(), r.participant_name,
               r.get_participant_display(), r.places, age_at_event(r), r.user.display_name,
               r.user.email, r.responsible_teacher.display_name if r.responsible_teacher_id
               else "", r.group_names]
        if with_info:
            row += [r.emergency_phone, r.medical_notes, r.adaptations, r.photo_consent]
        yield [_cell(value) for value in row]


def as_csv(event, registrations, with_info) -> bytes:
    """UTF-8 with a byte-order mark and ';' between fields: what Swedish Excel expects."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows(csv_rows(event, registrations, with_info))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
