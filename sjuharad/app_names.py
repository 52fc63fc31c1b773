"""Swedish names in admin for the apps we do not own: Django's auth, allauth's account and
MFA. Django's documented way: a subclass of the app's config, named in INSTALLED_APPS
instead of the app. (A module of their own: an apps.py with several configs loses its
automatic default.)"""

from allauth.account.apps import AccountConfig
from allauth.mfa.apps import MFAConfig
from allauth.socialaccount.apps import SocialAccountConfig
from django.contrib.auth.apps import AuthConfig
from django.utils.translation import gettext_lazy as _


class PortalAuthConfig(AuthConfig):
    verbose_name = _("Grupper och behörigheter")


class PortalAccountConfig(AccountConfig):
    verbose_name = _("E-postadresser")

    def ready(self):
        super().ready()
        name_model(self.get_model("EmailAddress"), _("e-postadress"), _("e-postadresser"))


class PortalMFAConfig(MFAConfig):
    verbose_name = _("Tvåstegsverifiering")

    def ready(self):
        super().ready()
        name_model(self.get_model("Authenticator"), _("verifieringsmetod"),
                   _("verifieringsmetoder"))


class PortalSocialAccountConfig(SocialAccountConfig):
    verbose_name = _("Inloggningstjänster")

    def ready(self):
        super().ready()
        name_model(self.get_model("SocialApp"), _("inloggningstjänst"),
                   _("inloggningstjänster"))
        name_model(self.get_model("SocialAccount"), _("kopplat konto"), _("kopplade konton"))
        name_model(self.get_model("SocialToken"), _("token"), _("tokens"))


def name_model(model, singular, plural):
    """Give a third-party model the portal's Swedish name in admin and messages.

    Only the resolved names change, not `_meta.original_attrs`, which is what the
    migration autodetector reads: no migration appears in the third-party app.
    """
    model._meta.verbose_name = singular
    model._meta.verbose_name_plural = plural
