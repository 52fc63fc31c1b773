import hashlib
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.permissions import children_of, schools_led_by
from core import pagecache
from core.locks import BUSY, LockWaitTimeout
from core.pagecache import cache_anonymous_page, version_for
from core.spreadsheet import csv_response
from courses import permissions, services
from courses.catalogue import catalogue_page
from courses.filters import CatalogueFilter, catalogue_queryset
from courses.forms import (
    CourseForm,
    DeclineForm,
    GuardianApplyForm,
    OfferForm,
    PupilApplyForm,
    WishForm,
)
from courses.models import Application, Course, term_label, waiting_positions
from courses.structured_data import course_jsonld_tag
from courses.templatetags.course_cards import cached_cards
from schools.models import Municipality


def _attempt(request, change, *args, done) -> bool:
    """Run one service change; its outcome becomes a message. True when it went through."""
    try:
        change(*args)
    except services.ApplicationError as error:
        messages.error(request, str(error))
    except LockWaitTimeout:
        messages.error(request, BUSY)
    else:
        messages.success(request, done)
        return True
    return False


# --- public -----------------------------------------------------------------------------

def _catalogue_depends(request):
    # Pages that filter or sort on seats change with every seat; the others do not.
    if request.GET.get("lediga") or request.GET.get("sortera") == "lediga":
        return [pagecache.LIST_KEY, pagecache.SEAT_ORDER_KEY]
    return [pagecache.LIST_KEY]


@cache_anonymous_page(depends=_catalogue_depends)
def catalogue(request):
    version = version_for(request)
    filterset = CatalogueFilter(request.GET or None, queryset=catalogue_queryset(),
                                version=version)
    page = catalogue_page(filterset, request.GET.get("sida"))
    filterset.label_subjects(page.subject_counts)
    return render(request, "courses/catalogue.html", {
        "filter": filterset, "page": page, "filter_form": _filter_form_html(request, filterset),
        "cached_cards": cached_cards(page.object_list, version)})


def _filter_form_html(request, filterset) -> str:
    """The rendered filter form, shared by everyone who filters the same way: it was 60 %
    of a signed-in catalogue page once the cards were cached. It shows the choices and
    errors of the query (everything but the page number), the menus (reference version)
    and the subject counts (the course lists, and the seats when filtering on them)."""
    params = sorted((k, v) for k, values in request.GET.lists() for v in values if k != "sida")
    keys = [pagecache.VERSION_KEY, *_catalogue_depends(request)]
    raw = repr((get_language(), pagecache.versions(keys), params))
    key = "public-pages:filter-form:" + hashlib.sha256(raw.encode()).hexdigest()[:40]
    html = cache.get(key)
    if html is None:
        html = str(filterset.form)
        cache.set(key, html, pagecache.PAGE_TIMEOUT)
    return mark_safe(html)  # noqa: S308 (the form's own rendering)


@cache_anonymous_page(depends=lambda request, pk: [pagecache.course_key(pk)])
def course_detail(request, pk):
    course = permissions.get_course_for_user(request.user, pk)
    open_to = list(course.open_to.all())
    shares = list(course.cost_shares.select_related("school"))
    municipalities = list(Municipality.objects.all())
    home_id = request.GET.get("hemkommun") or (
        request.user.home_municipality_id if request.user.is_authenticated else None)
    home = next((m for m in municipalities if str(m.pk) == str(home_id)), None)
    fee = services.fee_for(course, home) if home in open_to else None
    # What this person has already applied for here: a pupil with a live application (or a
    # place) is told so instead of being offered "Ansök" again; a guardian sees which
    # children have one and may still apply for another child.
    live = list(course.applications.filter(applicant=request.user, status__in=Application.ACTIVE)
                .select_related("child").order_by("pk")) if request.user.is_authenticated else []
    return render(request, "courses/course_detail.html", {
        "jsonld": course_jsonld_tag(course) if course.is_published else "",
        "live_applications": live,
        "applied_for_self": bool(live) and request.user.is_pupil,
        "course": course, "open_to": open_to, "home": home, "fee": fee, "shares": shares,
        "municipalities": municipalities,
        "can_apply": permissions.can_apply(request.user),
        "can_manage": permissions.courses_managed_by(request.user).filter(pk=pk).exists(),
        "accepting": course.is_published and not course.deadline_passed(),
    })


# --- applying -------------------------------------------------------------------------------

@login_required
def apply(request, pk):
    course = permissions.get_course_for_user(request.user, pk)
    if not permissions.can_apply(request.user):
        raise Http404
    form = _apply_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.apply_for(course, request.user, **form.applying_for())
        except services.ApplicationError as error:
            form.add_error(None, str(error))
        except LockWaitTimeout:
            form.add_error(None, BUSY)
        else:
            messages.success(request, _applied(application))
            return redirect("courses:my_applications")
    return render(request, "courses/apply.html", {
        "course": course, "form": form, "for_self": request.user.is_pupil})


def _apply_form(request):
    # A pupil's form has no fields: bind it to any POST, even an empty one.
    data = request.POST if request.method == "POST" else None
    if request.user.is_pupil:
        return PupilApplyForm(data)
    children = (children_of(request.user).without_self()
                .select_related("home_municipality"))
    return GuardianApplyForm(data, children=children)


def _applied(application) -> str:
    if application.status == Application.Status.WAITING:
        return _("Kursen är full. Ansökan står på väntelistan på plats %(n)s.") % {
            "n": waiting_positions([application])[application.pk]}
    return _("Tack! Ansökan är skickad och väntar på besked från skolan.")


@login_required
def my_applications(request):
    applications = list(permissions.applications_made_by(request.user).select_related(
        "course__school", "child", "home_municipality").order_by("-created_at", "-id"))
    positions = waiting_positions(applications)
    today = timezone.localdate()
    for application in applications:
        application.position = positions.get(application.pk)
        # Past its reply date an offer can no longer be accepted (services refuse it), even
        # before the sweep marks it expired: say so instead of offering "Tacka ja".
        application.reply_passed = application.offer_expired(today)
    return render(request, "courses/my_applications.html", {
        "applications": applications, "can_apply": permissions.can_apply(request.user)})


APPLICANT_ACTIONS = {
    "accept": (services.accept_offer, gettext_lazy("Du har tackat ja till platsen.")),
    "decline": (services.decline_offer, gettext_lazy("Du har tackat nej till platsen.")),
    "withdraw": (services.withdraw, gettext_lazy("Ansökan är återtagen.")),
}


@login_required
@require_POST
def respond(request, pk):
    application = permissions.get_application_for_applicant(request.user, pk)
    action = APPLICANT_ACTIONS.get(request.POST.get("action"))
    if action is None:
        messages.error(request, _("Okänd åtgärd."))
        return redirect("courses:my_applications")
    change, done = action
    _attempt(request, change, application.pk, done=done)
    return redirect("courses:my_applications")


# --- heads and the coordinator ----------------------------------------------------------------

@login_required
def manage(request):
    if not permissions.can_manage_courses(request.user):
        raise Http404
    courses = (permissions.courses_managed_by(request.user).with_seat_counts()
               .select_related("school", "subject")
               .order_by("school__name", "-term_start", "title"))
    return render(request, "courses/manage.html", {"courses": courses})


@login_required
def course_edit(request, pk=None):
    if not permissions.can_manage_courses(request.user):
        raise Http404
    course = permissions.get_course_for_manager(request.user, pk) if pk else None
    form = CourseForm(request.POST or None, instance=course,
                      schools=schools_led_by(request.user))
    if request.method == "POST" and form.is_valid():
        edited = form.save(commit=False)
        if not edited.pk:
            edited.created_by = request.user
        try:
            services.save_course(edited, form.cleaned_data["open_to"],
                                 form.cleaned_data["teachers"])
        except services.CourseError as error:
            form.add_error("capacity", str(error))
        except LockWaitTimeout:
            form.add_error(None, BUSY)  # a new course stays unsaved: `course` is still None
        else:
            messages.success(request, _("Kursen %(title)s är sparad.") % {"title": edited.title})
            return redirect("courses:applications", edited.pk)
    return render(request, "courses/course_form.html", {"form": form, "course": course})


@login_required
@require_POST
def course_status(request, pk):
    course = permissions.get_course_for_manager(request.user, pk)
    try:
        services.set_course_status(course, request.POST.get("status"))
    except services.CourseError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Kursen är nu: %(status)s.") % {
            "status": course.get_status_display()})
    return redirect("courses:applications", course.pk)


@login_required
def course_applications(request, pk):
    course = permissions.get_course_for_manager(request.user, pk)
    applications = list(course.applications.select_related("child", "home_municipality")
                        .order_by("id"))
    positions = waiting_positions(applications)
    for application in applications:
        application.position = positions.get(application.pk)
    taken = sum(a.status in Application.SEAT_TAKING for a in applications)
    return render(request, "courses/course_applications.html", {
        "course": course, "applications": applications, "seats_taken": taken,
        # Not the free seats (Course.seats_left): how many more the head may offer
        # (offered + accepted never exceed the capacity).
        "seats_to_offer": max(course.capacity - taken, 0), "decline_form": DeclineForm(),
        "default_reply_by": services.default_reply_by(),
        "can_see_contacts": course.school_id in request.user.head_school_ids,
    })


@login_required
def decide(request, pk):
    application = permissions.get_application_for_manager(request.user, pk)
    action = request.POST.get("action")
    form = DeclineForm(request.POST if action == "decline" else None)
    offer_form = OfferForm(request.POST if action == "offer" else None)
    name = application.child_name
    if action == "offer" and offer_form.is_valid():
        _attempt(request, services.offer, application.pk, offer_form.cleaned_data["reply_by"],
                 done=_("%(name)s har erbjudits en plats.") % {"name": name})
        return redirect("courses:applications", application.course_id)
    if action == "decline" and form.is_valid():
        try:
            services.decline(application.pk, form.cleaned_data["reason"])
        except LockWaitTimeout:
            form.add_error(None, BUSY)  # the reason stays in the form
        except services.ApplicationError as error:
            messages.error(request, str(error))
            return redirect("courses:applications", application.course_id)
        else:
            messages.success(request, _("Ansökan från %(name)s är avslagen.") % {"name": name})
            return redirect("courses:applications", application.course_id)
    if request.method == "POST" and action not in ("decline", "offer"):  # a forged button
        form = DeclineForm(request.POST)  # bound, so it keeps the reason and takes the error
        form.is_valid()
        form.add_error(None, _("Välj om ansökan ska få en plats eller avslås."))
    return render(request, "courses/decide.html", {
        "application": application, "form": form, "offer_form": offer_form})


# --- admitted pupils: the receiving head and the course's teachers ------------------------------

@login_required
def taught_courses(request):
    if not request.user.is_school_staff:
        raise Http404
    courses = (permissions.courses_with_pupil_contacts_for(request.user)
               .select_related("school", "subject").order_by("-term_start", "title"))
    return render(request, "courses/taught_courses.html", {"courses": courses})


def _admitted(request, pk):
    course = permissions.get_course_for_pupil_contacts(request.user, pk)
    pupils = (permissions.admitted_pupils(course)
              .select_related("child", "applicant", "home_municipality").order_by("id"))
    return course, pupils


@login_required
def admitted_pupils(request, pk):
    course, pupils = _admitted(request, pk)
    return render(request, "courses/admitted_pupils.html", {"course": course,
                                                            "pupils": pupils})


@login_required
def admitted_pupils_csv(request, pk):
    course, pupils = _admitted(request, pk)
    header = [_("Elev"), _("Födelseår"), _("Hemkommun"), _("Vårdnadshavare / sökande"),
              _("E-post"), _("Telefon"), _("Behov av anpassningar")]
    rows = ([a.child_name, a.birth_year, a.home_municipality.name,
             a.applicant.get_full_name() if a.applicant_id else "",
             a.applicant.email if a.applicant_id else "", a.contact_phone, a.adaptation_needs]
            for a in pupils)
    return csv_response(f"antagna-{course.pk}-{course.term}.csv", header, rows)


# --- wishes, demand, settlement -----------------------------------------------------------------

@login_required
def wish(request):
    if not permissions.can_apply(request.user):
        raise Http404
    form = WishForm(request.POST or None, initial={
        "home_municipality": request.user.home_municipality_id})
    if request.method == "POST" and form.is_valid():
        wish = services.add_wish(form.save(commit=False), request.user)
        messages.success(request, _("Tack! Ditt önskemål om %(subject)s är registrerat.") % {
            "subject": wish.subject})
        return redirect("courses:my_applications")
    return render(request, "courses/wish_form.html", {"form": form})


@login_required
def demand(request):
    if not permissions.can_see_demand(request.user):
        raise Http404
    municipalities, rows = services.demand_table()
    return render(request, "courses/demand.html", {"municipalities": municipalities,
                                                   "rows": rows})


TERM_PATTERN = re.compile(r"\d{4}-[12]")


def _settlement(request):
    if not permissions.can_manage_courses(request.user):
        raise Http404
    visible = permissions.settlement_applications_visible_to(request.user)
    terms = sorted(set(Course.objects.values_list("term", flat=True)), reverse=True)
    term = request.GET.get("termin") or ""
    if not TERM_PATTERN.fullmatch(term):
        # No choice yet, or a hand-edited or stale link: the current term, or the
        # latest with pupils to settle.
        term = services.default_settlement_term(visible)
    if term not in terms:
        terms = sorted({*terms, term}, reverse=True)
    rows = services.settlement(term, visible)
    return term, terms, rows


@login_required
def settlement(request):
    term, terms, rows = _settlement(request)
    return render(request, "courses/settlement.html", {
        "term": term, "term_label": term_label(term),
        "terms": [(t, term_label(t)) for t in terms], "rows": rows,
        "total": sum(r.amount or 0 for r in rows)})


@login_required
def settlement_print(request):
    """One page per paying municipality, with its total, for its finance office."""
    term, _terms, rows = _settlement(request)
    return render(request, "courses/settlement_print.html", {
        "term": term, "term_label": term_label(term),
        "payers": services.settlement_by_payer(rows)})


@login_required
def settlement_csv(request):
    term, _terms, rows = _settlement(request)
    header = [_("Termin"), _("Erbjudande skola"), _("Hemkommun"), _("Placerade elever"),
              _("Ersättning per elev"), _("Belopp"), _("Andel (%)"), _("Regional kurs")]
    return csv_response(f"avrakning-{term}.csv", header, (
        [term_label(term), r.school.name, r.municipality.name, r.pupils, r.compensation,
         r.amount, r.share, r.course.title if r.course else ""] for r in rows))
