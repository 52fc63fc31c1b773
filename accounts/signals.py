"""allauth's sign-in, link and unlink signals, written to the login log (accounts.services)."""

from allauth.account.signals import user_logged_in
from allauth.socialaccount.signals import social_account_added, social_account_removed
from django.dispatch import receiver

from accounts import services


@receiver(user_logged_in)
def log_sign_in(sender, request, user, sociallogin=None, **kwargs):
    services.record_sign_in(request, user, sociallogin)


@receiver(social_account_added)
def log_link(sender, request, sociallogin, **kwargs):
    services.record_link(sociallogin.user, sociallogin.account, linked=True)


@receiver(social_account_removed)
def log_unlink(sender, request, socialaccount, **kwargs):
    services.record_link(socialaccount.user, socialaccount, linked=False)
