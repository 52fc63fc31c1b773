import json

from allauth.account.views import SignupView
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions, services
from accounts.forms import ChildForm, DeleteAccountForm, InvitationForm, ProfileForm
from accounts.models import Invitation
from core import privacy
from core.redirects import redirect_to_next


class PublicSignupView(SignupView):
    """allauth's sign-up, with the request handed to the form for its rate limits."""

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


signup = PublicSignupView.as_view()


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Dina uppgifter är sparade."))
        return redirect("accounts:profile")
    staffings = request.user.staffings.select_related("school")
    return render(request, "accounts/profile.html", {"form": form, "staffings": staffings})


@login_required
def child_list(request):
    children = permissions.children_of(request.user).select_related("home_municipality")
    return render(request, "accounts/child_list.html", {"children": children})


@login_required
def child_edit(request, pk=None):
    child = permissions.get_child_for_guardian(request.user, pk) if pk else None
    form = ChildForm(request.POST or None, instance=child)
    if request.method == "POST" and form.is_valid():
        child = services.save_child(form.save(commit=False), request.user)
        messages.success(request, _("Uppgifterna om %(name)s är sparade.") % {"name": child.name})
        return redirect_to_next(request, "accounts:children")
    return render(request, "accounts/child_form.html", {"form": form, "child": child})


@login_required
def invitation_list(request):
    schools = permissions.schools_led_by(request.user)
    if not schools.exists():
        raise Http404
    form = InvitationForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        invitation = form.save(commit=False)
        if not permissions.can_invite(request.user, invitation.school, invitation.role):
            raise Http404
        services.invite(invitation, request.user)
        messages.success(request, _("En inbjudan har skickats till %(email)s.") % {
            "email": invitation.email})
        return redirect("accounts:invitations")
    invitations = permissions.invitations_visible_to(request.user).select_related(
        "school", "invited_by", "accepted_by")[:200]
    return render(request, "accounts/invitation_list.html",
                  {"form": form, "invitations": invitations})


def _accept_url(request, invitation) -> str:
    return request.build_absolute_uri(
        reverse("accounts:accept_invitation", args=[invitation.token]))


@login_required
@require_POST
def invitation_revoke(request, pk):
    invitation = permissions.get_invitation_for_manager(request.user, pk)
    if services.revoke_invitation(invitation):
        messages.success(request, _("Inbjudan till %(email)s är återkallad.") % {
            "email": invitation.email})
    return redirect("accounts:invitations")


def accept(request, token):
    invitation = get_object_or_404(Invitation.objects.select_related("school"), token=token)
    if not request.user.is_authenticated:
        return render(request, "accounts/invitation_accept.html",
                      {"invitation": invitation, "needs_login": True})
    if request.method == "POST":
        try:
            services.accept_invitation(invitation.pk, request.user)
        except services.InvitationError:
            messages.error(request, _("Inbjudan kan inte användas med det här kontot."))
            return redirect("accounts:accept_invitation", token=token)
        messages.success(request, _("Välkommen! Du är nu %(role)s vid %(school)s.") % {
            "role": invitation.get_role_display().lower(), "school": invitation.school})
        return redirect("home")
    wrong_user = invitation.email.lower() != request.user.email.lower()
    return render(request, "accounts/invitation_accept.html",
                  {"invitation": invitation, "wrong_user": wrong_user})


@login_required
def my_data(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        # Delete first: if that fails (a lock wait), the person stays signed in
        # and can try again.
        privacy.delete_user(user)
        logout(request)
        messages.success(request, _("Ditt konto och dina uppgifter är borttagna."))
        return redirect("home")
    children = permissions.children_of(request.user).without_self()
    return render(request, "accounts/my_data.html", {"form": form, "children": children})


@login_required
def sso_no_role(request):
    """Where a first municipal sign-in with no invitation lands: the account exists, the
    role comes from an invitation (never from the municipality's identity provider)."""
    return render(request, "accounts/sso_no_role.html")


@login_required
def my_data_download(request):
    data = privacy.export_user_data(request.user)
    response = HttpResponse(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="mina-uppgifter.json"'
    return response


@login_required
def child_erase(request, pk):
    child = permissions.get_child_for_guardian(request.user, pk)
    if request.method == "POST":
        name = child.name
        privacy.erase_child(child)
        messages.success(request, _("Alla uppgifter om %(name)s är raderade.") % {"name": name})
        return redirect("accounts:children")
    return render(request, "accounts/child_erase.html", {"child": child})
