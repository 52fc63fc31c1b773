"""What the accounts app holds about a person (see sjuharad/privacy.py)."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from accounts.models import SignInEvent


def export(user) -> dict:
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "account_type": user.account_type,
        "birth_year": user.birth_year,
        "home_municipality": user.home_municipality.name if user.home_municipality else None,
        "subjects": [s.name for s in user.subjects.all()],
        "show_email_to_colleagues": user.show_email_to_colleagues,
        "language": user.language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "mfa_methods": sorted(Authenticator.objects.filter(user=user)
                              .values_list("type", flat=True)),
        # Linked municipal accounts and e-legitimations: which provider and since when,
        # never an identifier (for an e-legitimation that is a hash of the personal number).
        "linked_sign_in_services": [
            {"provider": a.provider, "linked_at": a.date_joined.isoformat(),
             "last_used": a.last_login.isoformat()}
            for a in SocialAccount.objects.filter(user=user).order_by("date_joined")
        ],
        "sign_in_log": [
            {"at": e.at.isoformat(), "action": e.action, "method": e.method,
             "provider": e.provider_name, "mfa_by_provider": e.mfa_by_provider}
            for e in SignInEvent.objects.filter(user=user)
        ],
        "positions": [
            {"school": s.school.name, "role": s.role}
            for s in user.staffings.select_related("school")
        ],
        "children": [
            {"first_name": c.first_name, "last_name": c.last_name, "birth_year": c.birth_year,
             "home_municipality": c.home_municipality.name, "is_self": c.is_self}
            for c in user.children.select_related("home_municipality")
        ],
    }
