"""Course rules that span several models: eligibility, seats, fees, settlement, demand.

Every change to an application's seat takes the same lock: the Course row
(select_for_update), then re-checks the numbers and writes, all in one
transaction. So offered + accepted never exceeds the capacity, even with
concurrent requests on PostgreSQL (see pretix' locking notes).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Child, acts_on_own
from core import formats
from core.locks import lock_waits_as_busy
from courses.mails import mail_applicant, mail_heads
from courses.models import (
    Agreement,
    Application,
    CostShare,
    Course,
    Wish,
    computed_seats_left,
    term_bounds,
    term_code,
)
from schools.models import Municipality, School

Status = Application.Status


class ApplicationError(Exception):
    """A rule said no to an application; the message is for the user, in Swedish."""


class CourseError(Exception):
    """A change to a course that the rules refuse; the message is for the user, in Swedish."""


# --- agreements and fees ---------------------------------------------------------------

def agreement_for(course: Course, municipality) -> Agreement | None:
    return (Agreement.objects.valid_on(course.term_start)
            .filter(offering_school_id=course.school_id, home_municipality=municipality)
            .order_by("-valid_from").first())


def fee_for(course: Course, municipality) -> Decimal | None:
    """The pupil fee for residents of `municipality`, or None if they may not apply."""
    if municipality.pk == course.school.municipality_id:
        return course.own_fee
    agreement = agreement_for(course, municipality)
    return agreement.pupil_fee if agreement else None


def allowed_municipalities(school, day: datetime.date | None = None):
    """The school's own municipality plus those its agreements cover on `day`."""
    agreements = Agreement.objects.filter(offering_school=school)
    if day:
        agreements = agreements.valid_on(day)
    return Municipality.objects.filter(
        Q(pk=school.municipality_id) | Q(pk__in=agreements.values("home_municipality")))


def courses_open_to_others(school, limit=20) -> list[Course]:
    """The published courses the school offers or co-organises (a cost share of a regional
    course) that pupils of another municipality may take."""
    others = Course.open_to.through.objects.filter(course=OuterRef("pk")).exclude(
        municipality=school.municipality_id)
    co_organised = CostShare.objects.filter(course=OuterRef("pk"), school=school)
    return list(Course.objects.published()
                .filter(Q(school=school) | Exists(co_organised)).filter(Exists(others))
                .select_related("subject", "school")
                .order_by("application_deadline", "title")[:limit])


# --- eligibility -----------------------------------------------------------------------

def check_eligibility(course: Course, child, today=None) -> None:
    """Raise ApplicationError with a clear message when the child may not apply."""
    today = today or timezone.localdate()
    if course.status != Course.Status.PUBLISHED:
        raise ApplicationError(_("Kursen tar inte emot ansökningar."))
    if course.deadline_passed(today):
        raise ApplicationError(_("Sista ansökningsdag (%(date)s) har passerat.") % {
            "date": formats.date(course.application_deadline)})
    age = course.age_of(child.birth_year)
    if not course.min_age <= age <= course.max_age:
        raise ApplicationError(_(
            "Kursen är för elever %(min)s–%(max)s år. %(name)s fyller %(age)s år under "
            "%(year)s.") % {"min": course.min_age, "max": course.max_age,
                            "name": child.first_name, "age": age,
                            "year": course.term_start.year})
    if not course.open_to.filter(pk=child.home_municipality_id).exists():
        raise ApplicationError(_(
            "Kursen är inte öppen för elever från %(municipality)s.") % {
            "municipality": child.home_municipality})
    if Application.objects.filter(course=course, child=child,
                                  status__in=Application.ACTIVE).exists():
        raise ApplicationError(_("%(name)s har redan en ansökan till den här kursen.") % {
            "name": child.first_name})


def _self_child(user):
    """A pupil applies as a Child row of their own (is_self), made on first use."""
    if not (user.birth_year and user.home_municipality_id):
        raise ApplicationError(_(
            "Fyll i födelseår och hemkommun i din profil innan du ansöker."))
    if not acts_on_own(user.birth_year, timezone.localdate().year):
        raise ApplicationError(_(
            "Elever under 13 år behöver en vårdnadshavare som ansöker åt dem."))
    child, _created = Child.objects.update_or_create(
        guardian=user, is_self=True,
        # The profile is the truth: a pupil who moved applies from the new municipality.
        defaults={"birth_year": user.birth_year,
                  "home_municipality_id": user.home_municipality_id},
        create_defaults={"first_name": user.first_name or user.email.split("@")[0],
                         "last_name": user.last_name, "birth_year": user.birth_year,
                         "home_municipality_id": user.home_municipality_id})
    return child


def _child_applied_for(applicant, child, new_child):
    if applicant.is_pupil:
        return _self_child(applicant)
    if new_child is not None:
        return Child.objects.create(guardian=applicant, **new_child)
    if child is None or child.guardian_id != applicant.pk:
        raise ApplicationError(_("Välj vilket barn ansökan gäller."))
    return child


# --- seat changes, each under the course lock --------------------------------------------

def _lock_course(course_id) -> Course:
    return Course.objects.select_for_update().get(pk=course_id)


def _count(course_id, statuses) -> int:
    return Application.objects.filter(course_id=course_id, status__in=statuses).count()


def _store_seats(course_id) -> None:
    """Every change of seats ends here, in its transaction, under the course lock: the
    stored seats left (Course.seats_left) are written anew from the applications."""
    Course.objects.filter(pk=course_id).refresh_seats_left()


def _notify(application_id, kind):
    """Queue the applicant's mail in the caller's transaction (sent after commit)."""
    mail_applicant(application_id, kind)


def _notify_heads(application_id, kind):
    mail_heads(application_id, kind)


def apply_for(course: Course, applicant, *, child=None, new_child: dict | None = None,
              contact_phone: str = "", adaptation_needs: str = "") -> Application:
    """Apply to a course: a guardian for one of their children (`child`) or for a new
    one (`new_child`: first_name, last_name, birth_year, home_municipality); a pupil
    for themselves (neither). The phone number and adaptation needs are optional and
    shown to the receiving school once the place is accepted.

    The application waits for a decision while seats are left, otherwise it goes on
    the waiting list. One transaction under the course lock, so a refused application
    leaves no new child behind. Raises ApplicationError (the reason, for the user) or
    LockWaitTimeout (try again).
    """
    with lock_waits_as_busy(), transaction.atomic():
        child = _child_applied_for(applicant, child, new_child)
        course = _lock_course(course.pk)
        check_eligibility(course, child)
        held = _count(course.pk, Application.SEAT_HOLDING)
        status = Status.SUBMITTED if held < course.capacity else Status.WAITING
        try:
            with transaction.atomic():
                application = Application.objects.create(
                    course=course, child=child, applicant=applicant, status=status,
                    birth_year=child.birth_year, home_municipality_id=child.home_municipality_id,
                    contact_phone=contact_phone, adaptation_needs=adaptation_needs)
        except IntegrityError:
            # A double click raced us to the one-live-application constraint.
            raise ApplicationError(_("%(name)s har redan en ansökan till den här kursen.") % {
                "name": child.first_name}) from None
        _store_seats(course.pk)
        _notify(application.pk, "received" if status == Status.SUBMITTED else "waiting")
        _notify_heads(application.pk, "new")
    return application


def _transition(application_id, allowed_from, new_status, *, needs_seat=False, reason="",
                reply_by=None, mail=None, head_notice=None):
    """Lock the course, re-check the application's state (and a free seat), write, and
    queue the applicant's `mail` and the heads' `head_notice` in the same transaction."""
    with lock_waits_as_busy(), transaction.atomic():
        course_id = Application.objects.values_list("course_id", flat=True).get(
            pk=application_id)
        course = _lock_course(course_id)
        application = Application.objects.select_for_update().get(pk=application_id)
        if application.status not in allowed_from:
            raise ApplicationError(_("Ansökan har redan ändrats (nu: %(status)s).") % {
                "status": application.get_status_display()})
        if new_status == Status.ACCEPTED and application.offer_expired():
            raise ApplicationError(_("Svarstiden för erbjudandet gick ut %(date)s.") % {
                "date": formats.date(application.reply_by)})
        if needs_seat and application.status not in Application.SEAT_TAKING:
            if _count(course.pk, Application.SEAT_TAKING) >= course.capacity:
                raise ApplicationError(_("Kursen är full: alla platser är erbjudna."))
        freed = (application.status in Application.SEAT_HOLDING
                 and new_status not in Application.SEAT_HOLDING)
        application.status = new_status
        application.decided_at = timezone.now()
        if reason:
            application.decline_reason = reason
        application.reply_by = reply_by
        application.save(update_fields=["status", "decided_at", "decline_reason", "reply_by"])
        if freed:
            promote_from_waiting_list(course)
        _store_seats(course.pk)
        if mail:
            _notify(application.pk, mail)
        if head_notice:
            _notify_heads(application.pk, head_notice)
    return application


def default_reply_by(today=None) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(
        days=settings.COURSES_OFFER_REPLY_DAYS)


def offer(application_id, reply_by: datetime.date | None = None) -> Application:
    """Offer a seat; the family answers by `reply_by` (default COURSES_OFFER_REPLY_DAYS)."""
    return _transition(application_id, [Status.SUBMITTED, Status.WAITING],
                       Status.OFFERED, needs_seat=True,
                       reply_by=reply_by or default_reply_by(), mail="offered")


def decline(application_id, reason) -> Application:
    return _transition(application_id, [Status.SUBMITTED, Status.WAITING, Status.OFFERED],
                       Status.DECLINED, reason=reason, mail="declined")


def accept_offer(application_id) -> Application:
    return _transition(application_id, [Status.OFFERED], Status.ACCEPTED,
                       mail="accepted", head_notice="accepted")


def decline_offer(application_id) -> Application:
    return _transition(application_id, [Status.OFFERED], Status.OFFER_DECLINED,
                       head_notice="offer_declined")


def withdraw(application_id) -> Application:
    return _transition(application_id, Application.ACTIVE, Status.WITHDRAWN,
                       head_notice="withdrawn")


def promote_from_waiting_list(course: Course) -> list[int]:
    """Offer freed seats to the first on the waiting list. The caller holds the course lock."""
    promoted = []
    # Counted afresh under the lock, not read from the stored column this change updates.
    free = (Course.objects.filter(pk=course.pk).annotate(free=computed_seats_left())
            .values_list("free", flat=True).get())
    if free <= 0:
        return promoted
    first = list(Application.objects.filter(course=course, status=Status.WAITING)
                 .order_by("id").values_list("pk", flat=True)[:free])
    for pk in first:
        Application.objects.filter(pk=pk).update(status=Status.OFFERED,
                                                 decided_at=timezone.now(),
                                                 reply_by=default_reply_by())
        _notify(pk, "promoted")
        promoted.append(pk)
    return promoted


def expire_offers(today=None) -> list[int]:
    """The beat sweep: offers not answered by their reply date expire, the family is
    told, and the seat goes to the next on the waiting list (who is told, as are the
    heads). Returns the expired applications' ids.

    Safe to run twice or on several workers at once: each offer is re-read under its
    course's lock and changes only while it is still an expired offer; a course that
    another transaction holds is skipped (skip_locked) and taken by the next sweep.
    """
    today = today or timezone.localdate()
    due = (Application.objects.filter(status=Status.OFFERED, reply_by__lt=today)
           .order_by("course_id", "id").values_list("course_id", "pk"))
    expired = []
    for course_id, pk in list(due):
        with transaction.atomic():
            course = (Course.objects.select_for_update(skip_locked=True)
                      .filter(pk=course_id).first())
            if course is None:
                continue  # busy: the next sweep takes it
            changed = Application.objects.filter(
                pk=pk, status=Status.OFFERED, reply_by__lt=today).update(
                status=Status.OFFER_EXPIRED, decided_at=timezone.now())
            if changed != 1:
                continue  # answered, or expired by another sweep, meanwhile
            _notify(pk, "expired")
            _notify_heads(pk, "expired")
            for promoted in promote_from_waiting_list(course):
                _notify_heads(promoted, "promoted")
            _store_seats(course.pk)
        expired.append(pk)
    return expired


def save_course(course: Course, open_to, teachers=None) -> Course:
    """Save a course with its municipalities (own always included).

    Under the course lock the capacity is checked against the places already given
    (offered + accepted): fewer is refused with CourseError; more offers the new
    seats to the waiting list.
    """
    with lock_waits_as_busy(), transaction.atomic():
        if course.pk:
            _lock_course(course.pk)
            check_capacity(course.pk, course.capacity)
        course.save()
        course.open_to.set({*open_to, course.school.municipality})
        if teachers is not None:
            course.teachers.set(teachers)
        promote_from_waiting_list(course)
        _store_seats(course.pk)
        course.refresh_from_db(fields=["seats_left"])
    return course


def check_capacity(course_id, capacity: int) -> None:
    """Raise CourseError when `capacity` is below the places already given (offered +
    accepted). save_course asks under the lock; admin asks first, for a form message."""
    taken = _count(course_id, Application.SEAT_TAKING)
    if capacity < taken:
        raise CourseError(_(
            "Minst %(n)s: så många platser är redan erbjudna eller antagna.") % {"n": taken})


def delete_application(application_id) -> None:
    """The coordinator deletes an application (admin); a seat it held goes to the
    waiting list, as if it had been withdrawn."""
    with lock_waits_as_busy(), transaction.atomic():
        course_id = Application.objects.values_list("course_id", flat=True).get(
            pk=application_id)
        course = _lock_course(course_id)
        Application.objects.filter(pk=application_id).delete()
        promote_from_waiting_list(course)
        _store_seats(course.pk)


def set_course_status(course: Course, status: str) -> Course:
    """Publish, close for applications, or take back to draft."""
    if status not in Course.Status.values:
        raise CourseError(_("Okänd status."))
    course.status = status
    course.save(update_fields=["status", "updated_at"])
    return course


def add_wish(wish: Wish, user) -> Wish:
    wish.user = user
    wish.save()
    return wish


# --- settlement and demand -----------------------------------------------------------------

@dataclass
class SettlementRow:
    school: object
    municipality: object
    pupils: int
    compensation: Decimal | None
    # The school's share of a regional course's cost (CostShare); 100 for a course of its own.
    share: Decimal = Decimal(100)
    course: object = None

    @property
    def amount(self) -> Decimal | None:
        if self.compensation is None:
            return None
        return (self.compensation * self.pupils * self.share / 100).quantize(Decimal("0.01"))


def settlement(term: str, applications) -> list[SettlementRow]:
    """Pupils placed (accepted) per offering school and home municipality in a term, and
    what the home municipality owes under the offering school's agreement. Own-municipality
    pupils are not settled between municipalities and are left out. A regional course with
    cost shares is settled on rows of its own, one per co-organising school and its share
    (a co-organiser in the paying municipality itself gets no row)."""
    counts = list(
        applications.filter(status=Status.ACCEPTED, course__term=term)
        .values("course", "course__school", "home_municipality")
        .annotate(pupils=Count("id")).order_by())
    shares = defaultdict(list)
    for share in CostShare.objects.filter(course__in={c["course"] for c in counts}):
        shares[share.course_id].append(share)
    school_ids = {c["course__school"] for c in counts} | {
        s.school_id for group in shares.values() for s in group}
    schools = School.objects.in_bulk(school_ids)
    municipalities = Municipality.objects.in_bulk({c["home_municipality"] for c in counts})
    courses = Course.objects.in_bulk(shares.keys())
    term_day, _last_day = term_bounds(term)
    compensation = {
        (a.offering_school_id, a.home_municipality_id): a.compensation_per_term
        for a in Agreement.objects.valid_on(term_day).filter(
            offering_school__in=schools.keys()).order_by("valid_from")}
    merged = defaultdict(int)
    rows = []
    for c in counts:
        school, payer = schools[c["course__school"]], municipalities[c["home_municipality"]]
        if school.municipality_id == payer.pk:
            continue
        rate = compensation.get((school.pk, payer.pk))
        if c["course"] not in shares:
            merged[(school.pk, payer.pk, rate)] += c["pupils"]
            continue
        rows.extend(
            SettlementRow(schools[s.school_id], payer, c["pupils"], rate, s.percent,
                          courses[c["course"]])
            for s in shares[c["course"]] if schools[s.school_id].municipality_id != payer.pk)
    rows.extend(SettlementRow(schools[school], municipalities[payer], pupils, rate)
                for (school, payer, rate), pupils in merged.items())
    rows.sort(key=lambda r: (r.school.name, r.municipality.name, r.course is not None,
                             r.course.title if r.course else ""))
    return rows


def default_settlement_term(applications, today=None) -> str:
    """The term the settlement opens on: the current one when it has pupils to settle,
    otherwise the latest term that has (the current one when none has)."""
    current = term_code(today or timezone.localdate())
    placed = set(
        applications.filter(status=Status.ACCEPTED)
        .exclude(home_municipality=F("course__school__municipality"))
        .values_list("course__term", flat=True).distinct().order_by())
    if current in placed or not placed:
        return current
    return max(placed)


def settlement_by_payer(rows: list[SettlementRow]) -> list[dict]:
    """The rows grouped per paying home municipality, with each one's total: one printed
    page per municipality for its finance office."""
    groups = defaultdict(list)
    for row in rows:
        groups[row.municipality].append(row)
    return [{"municipality": municipality, "rows": group,
             "pupils": _placements(group),
             "total": sum((r.amount or 0) for r in group),
             "missing_agreement": any(r.compensation is None for r in group)}
            for municipality, group in sorted(groups.items(), key=lambda g: g[0].name)]


def _placements(rows: list[SettlementRow]) -> int:
    """Pupils placed, each counted once: a regional course is settled on one row per cost
    share, and each of those rows carries the same placements."""
    own = sum(r.pupils for r in rows if r.course is None)
    shared = {r.course.pk: r.pupils for r in rows if r.course is not None}
    return own + sum(shared.values())


def demand_table():
    """Wishes counted per subject and home municipality: (municipality names, rows)."""
    counts = (Wish.objects.values("subject__name", "home_municipality__name")
              .annotate(n=Count("id")).order_by())
    table = defaultdict(dict)
    municipalities = set()
    for row in counts:
        table[row["subject__name"]][row["home_municipality__name"]] = row["n"]
        municipalities.add(row["home_municipality__name"])
    municipalities = sorted(municipalities)
    rows = [{"subject": subject,
             "cells": [cells.get(m, 0) for m in municipalities],
             "total": sum(cells.values())}
            for subject, cells in table.items()]
    rows.sort(key=lambda r: (-r["total"], r["subject"]))
    maximum = max((r["total"] for r in rows), default=0)
    for r in rows:
        r["percent"] = round(100 * r["total"] / maximum) if maximum else 0
    return municipalities, rows
