from django.apps import AppConfig


class SjuharadConfig(AppConfig):
    name = "sjuharad"
    verbose_name = "Sjuhärad"

    def ready(self):
        from sjuharad.devsetup import make_local_folders

        make_local_folders()
