from django.apps import AppConfig


class IdpSiteConfig(AppConfig):
    name = "idp_site"
