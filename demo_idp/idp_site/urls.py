from django.urls import include, path

from idp_site import saml, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("saml/metadata/", saml.metadata, name="saml_metadata"),
    path("saml/sso/", saml.sso, name="saml_sso"),
    path("", include("allauth.idp.urls")),
]
