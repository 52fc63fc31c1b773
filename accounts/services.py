"""Account workflows that touch several models."""

from allauth.socialaccount.models import SocialLogin
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts import sso
from accounts.mails import mail_invitation, withdraw_invitation_mail
from accounts.models import COORDINATOR_GROUP, Child, Invitation, SignInEvent, Staffing, User
from accounts.permissions import coordinator_permissions


class InvitationError(Exception):
    pass


@transaction.atomic
def invite(invitation: Invitation, invited_by: User) -> Invitation:
    """Save a new invitation and queue its mail (portal form and admin alike)."""
    invitation.invited_by = invited_by
    invitation.save()
    send_invitation(invitation)
    return invitation


def send_invitation(invitation: Invitation) -> None:
    """Queue the mail in the caller's transaction; a worker sends it after commit and
    retries while the mail server is down, so the inviter never sees an error."""
    mail_invitation(invitation)


@transaction.atomic
def revoke_invitation(invitation: Invitation) -> bool:
    """Withdraw a pending invitation; False if it was used, revoked or expired already.
    Its mail is withdrawn too when it has not gone out yet."""
    revoked = bool(Invitation.objects.pending().filter(pk=invitation.pk).update(
        revoked_at=timezone.now()))
    if revoked:
        withdraw_invitation_mail(invitation)
    return revoked


def save_child(child: Child, guardian: User) -> Child:
    child.guardian = guardian
    child.save()
    return child


def remember_language(user: User, language: str) -> None:
    """The language switch's choice, kept on the account so mails follow it too."""
    user.language = language
    user.save(update_fields=["language"])


@transaction.atomic
def accept_invitation(invitation_id: int, user: User) -> Staffing:
    """Give the user the invited staff role. The invitation must be theirs and pending."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation_id)
    if not invitation.is_pending:
        raise InvitationError("not pending")
    if invitation.email.strip().lower() != user.email.strip().lower():
        raise InvitationError("wrong user")
    staffing, created = Staffing.objects.get_or_create(
        user=user, school=invitation.school, defaults={"role": invitation.role})
    if not created and staffing.role != invitation.role:
        staffing.role = invitation.role
        staffing.save(update_fields=["role"])
    if user.account_type in (User.AccountType.GUARDIAN, User.AccountType.PUPIL):
        user.account_type = User.AccountType.STAFF
        user.save(update_fields=["account_type"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return staffing


def sync_coordinator_group():
    """Create the Samordnare group if needed and give it exactly the coordinators'
    permissions (accounts.permissions); run after every migrate, so a new model's
    admin screen reaches coordinators, and by `manage.py sync_coordinator_group`."""
    group, _created = Group.objects.get_or_create(name=COORDINATOR_GROUP)
    group.permissions.set(coordinator_permissions())
    return group


def sync_coordinator_group_after_migrate(sender, **kwargs):
    """post_migrate (connected in AccountsConfig.ready): give the group the permissions of
    every admin screen, new ones included. The signal comes once per app, after auth made
    that app's permissions: act on the last one, when all exist."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        sync_coordinator_group()


def record_sign_in(request, user: User, sociallogin=None) -> SignInEvent:
    """The login log, and how this session signed in: through which provider, whether the
    provider did the second factor, where to sign out of it (accounts/sso.py)."""
    if sociallogin is None:
        request.session.pop(sso.SESSION_KEY, None)
        return SignInEvent.objects.create(user=user, action=SignInEvent.Action.LOGIN,
                                          method="password")
    if isinstance(sociallogin, dict):
        sociallogin = SocialLogin.deserialize(sociallogin)
    app = sociallogin.provider.app
    state = sociallogin.state or {}
    mfa = bool(state.get(sso.STATE_MFA))
    request.session[sso.SESSION_KEY] = {
        "provider_id": app.provider_id or app.provider, "mfa": mfa,
        "end_session": state.get(sso.STATE_END_SESSION, ""), "client_id": app.client_id}
    return SignInEvent.objects.create(user=user, action=SignInEvent.Action.LOGIN,
                                      method=app.provider_id or app.provider,
                                      provider_name=app.name, mfa_by_provider=mfa)


def record_link(user: User, account, linked: bool) -> SignInEvent:
    """A municipal account or e-legitimation linked to, or unlinked from, an account."""
    provider = account.get_provider()
    return SignInEvent.objects.create(
        user=user, action=SignInEvent.Action.LINK if linked else SignInEvent.Action.UNLINK,
        method=account.provider, provider_name=provider.name)
