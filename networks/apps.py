from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import privacy


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Ämnesnätverk")

    def ready(self):
        # The hooks import models, which exist only once the app registry is ready.
        from core import mail_outbox
        from networks import mails
        from networks import privacy as networks_privacy

        privacy.register("networks", networks_privacy)
        # A member who left or was removed before the worker sends gets no mail about it.
        mail_outbox.register_check(mails.MEMBERSHIP, mails.members_still_in, mails.NOT_A_MEMBER)
