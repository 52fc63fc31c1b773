"""Helpers for the demo data that each app's `demo.py` loads.

Everything is get-or-create on a natural key, so loading twice changes nothing.
"""

from allauth.account.models import EmailAddress

DEMO_PASSWORD = "kulturskola-demo"


def demo_user(email, first_name, last_name, account_type, **extra):
    from accounts.models import User

    user, created = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first_name, "last_name": last_name,
                  "account_type": account_type, **extra},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True})
    return user
