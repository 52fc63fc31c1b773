from django.apps import AppConfig
from django.conf import settings
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core import privacy


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Konton och roller")

    def ready(self):
        # The hooks import models, which exist only once the app registry is ready.
        from accounts import privacy as accounts_privacy
        from accounts import signals  # noqa: F401  (connects the login log)
        from accounts.services import sync_coordinator_group_after_migrate

        privacy.register("accounts", accounts_privacy)
        post_migrate.connect(sync_coordinator_group_after_migrate,
                             dispatch_uid="accounts.coordinator_group")
        checks.register(personal_number_key_check, checks.Tags.security, deploy=True)


def personal_number_key_check(app_configs, **kwargs):
    """`check --deploy`: the personal-number hash needs a key of its own in production; one
    borrowed from SECRET_KEY changes with a key rotation and loses every linked e-legitimation."""
    if settings.PERSONAL_NUMBER_HASH_KEY == settings.SECRET_KEY:
        return [checks.Warning(
            "PERSONAL_NUMBER_HASH_KEY is not set: the e-legitimation hash uses SECRET_KEY.",
            hint="Set PERSONAL_NUMBER_HASH_KEY once and never change it "
                 "(docs/operators/sign-in.md).", id="accounts.W001")]
    return []
