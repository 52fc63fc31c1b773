from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from accounts.services import remember_language
from sjuharad import dashboards, services
from sjuharad.forms import AccessibilityReportForm
from surveys.services import open_round


def home(request):
    """Each role's home page after sign-in; the public front page otherwise."""
    user = request.user
    # Every home page links the survey while a round takes answers.
    survey = {"open_survey": open_round()}
    if user.is_authenticated:
        if user.is_coordinator:
            return render(request, "home/coordinator.html",
                          {**dashboards.coordinator(user), **survey})
        if user.is_head:
            return render(request, "home/head.html", {**dashboards.head(user), **survey})
        if user.is_school_staff:
            return render(request, "home/teacher.html", {**dashboards.teacher(user), **survey})
        return render(request, "home/family.html", {**dashboards.family(user), **survey})
    return render(request, "home.html", {**dashboards.front_page(), **survey})


def _switch_language(request):
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        remember_language(request.user, language)
    return response


_switch_language_checked = csrf_protect(_switch_language)


@csrf_exempt
def set_language(request):
    """Django's language switch, remembered on the account so mails follow it too.

    Anonymous visitors switch without a CSRF token: the worst a forged switch does is show
    the other language, and a public page without a token sets no cookie, so a shared
    HTTP cache can hold it (core/pagecache.py). Signed in, it changes the account: checked."""
    if request.user.is_authenticated:
        return _switch_language_checked(request)
    return _switch_language(request)


def accessibility(request):
    initial = {"page_url": request.GET.get("sida", "")[:500]}
    form = AccessibilityReportForm(request.POST or None, initial=initial, request=request)
    if request.method == "POST" and form.is_valid():
        if not form.is_bot:  # a bot gets the same thanks, and nothing is stored or sent
            services.report_accessibility_problem(form.save(commit=False))
        messages.success(request, _("Tack! Din rapport har skickats till samordnaren."))
        return redirect("accessibility")
    return render(request, "accessibility.html", {"form": form},
                  status=429 if form.rate_limited else 200)


def privacy(request):
    return render(request, "privacy.html",
                  {"retention_days": settings.RETENTION_DAYS_AFTER_TERM})
