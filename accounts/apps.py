from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core import privacy


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Konton och roller")

    def ready(self):
        # The hooks import models, which exist only once the app registry is ready.
        from accounts import privacy as accounts_privacy
        from accounts.services import sync_coordinator_group_after_migrate

        privacy.register("accounts", accounts_privacy)
        post_migrate.connect(sync_coordinator_group_after_migrate,
                             dispatch_uid="accounts.coordinator_group")

