from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Konton och roller")

    def ready(self):
        from accounts import privacy as accounts_privacy
        from core import privacy

        privacy.register("accounts", accounts_privacy)
