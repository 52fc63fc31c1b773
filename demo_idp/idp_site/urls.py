from django.urls import include, path

from idp_site import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("allauth.urls")),
    path("", include("allauth.idp.urls")),
]
