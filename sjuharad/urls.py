from allauth.account.decorators import secure_admin_login
from allauth.socialaccount.providers.saml import views as saml_views
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from accounts import sso
from accounts import views as account_views
from sjuharad import sitemaps, views

admin.site.site_header = "Kulturskoleportalen Sjuhärad – administration"
admin.site.site_title = "Kulturskoleportalen"
# The admin has no login of its own: allauth's (rate-limited, MFA) stands in front.
admin.site.login = secure_admin_login(admin.site.login)

# 400 and 500 render without the database (core.errors); 403 and 404 use Django's
# handlers with the templates in templates/.
handler400 = "core.errors.bad_request"
handler500 = "core.errors.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    # Before allauth's own: the same URL and name, with rate limits per address.
    path("konto/signup/", account_views.signup, name="account_signup"),
    # Before allauth's own: its OpenID Connect views with a nonce, the ID token always
    # checked against the provider's keys, no personal number kept (accounts/sso.py).
    path("konto/oidc/<str:provider_id>/login/", sso.oidc_login, name="openid_connect_login"),
    path("konto/oidc/<str:provider_id>/login/callback/", sso.oidc_callback,
         name="openid_connect_callback"),
    path("konto/saml/<str:organization_slug>/login/", sso.allow_provider_forms(saml_views.login),
         name="saml_login"),
    path("konto/saml/<str:organization_slug>/acs/finish/", sso.PortalFinishACSView.as_view(),
         name="saml_finish_acs"),
    path("konto/", include("allauth.urls")),
    path("konto/", include("accounts.urls")),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("skolor/", include("schools.urls")),
    path("natverk/", include("networks.urls")),
    path("kurser/", include("courses.urls")),
    # Initiatives lived under events until they got an app of their own; old
    # links and bookmarks are sent on for good.
    path("evenemang/satsningar/", RedirectView.as_view(
        pattern_name="initiatives:list", permanent=True, query_string=True)),
    path("evenemang/satsningar/<int:pk>/", RedirectView.as_view(
        pattern_name="initiatives:detail", permanent=True, query_string=True)),
    path("evenemang/", include("events.urls")),
    # Meetings and the festival programme left events (docs/decisions/0002-events-split.md)
    # but kept their paths under /evenemang/, next to the event they belong to.
    path("evenemang/", include("meetings.urls")),
    path("evenemang/", include("programme.urls")),
    path("satsningar/", include("initiatives.urls")),
    path("kartlaggning/", include("surveys.urls")),
    path("tillganglighet/", views.accessibility, name="accessibility"),
    path("integritet/", views.privacy, name="privacy"),
    path("sitemap.xml", sitemaps.sitemap_xml, name="sitemap"),
    path("robots.txt", sitemaps.robots_txt, name="robots"),
    # The open API (/api/v1/), public calendar feeds (/kalender/) and embeds (/inbaddning/).
    path("", include("api.urls")),
]
