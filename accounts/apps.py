from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from core import privacy


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Konton och roller")

    def ready(self):
        # The hooks import models, which exist only once the app registry is ready.
        from accounts import privacy as accounts_privacy

        privacy.register("accounts", accounts_privacy)
        post_migrate.connect(_sync_coordinator_group, dispatch_uid="accounts.coordinator_group")


def _sync_coordinator_group(sender, using, **kwargs):
    """After a migrate, give the Samordnare group the permissions of every admin screen,
    new ones included. post_migrate is sent once per app, after auth made that app's
    permissions: act on the last one, when all exist."""
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is not with_models[-1]:
        return
    from accounts.services import sync_coordinator_group

    sync_coordinator_group()
