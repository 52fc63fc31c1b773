from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import privacy


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Konton och roller")

    def ready(self):
        # The hooks import models, which exist only once the app registry is ready.
        from accounts import privacy as accounts_privacy
        from accounts import signals  # noqa: F401  (connects the login log)

        privacy.register("accounts", accounts_privacy)
