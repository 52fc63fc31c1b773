from django.apps import AppConfig


class SjuharadConfig(AppConfig):
    name = "sjuharad"
    verbose_name = "Sjuhärad"
