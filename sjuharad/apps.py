from django.apps import AppConfig


class SjuharadConfig(AppConfig):
    name = "sjuharad"
    verbose_name = "Sjuhärad"

    def ready(self):
        from core import privacy
        from core.mail_outbox import OutboxPrivacy
        from sjuharad.devsetup import make_local_folders

        make_local_folders()
        # Registered last (sjuharad is the last app), so deleting an account removes
        # its mails after the other apps' hooks, which may still queue some.
        privacy.register("mail", OutboxPrivacy)
