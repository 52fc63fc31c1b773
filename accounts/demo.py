"""Demo people, one per role, plus heads for all seven schools.

Everything is get-or-create on a natural key, so loading twice changes nothing.
"""

import os

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialApp

from accounts.models import Child, Staffing, User
from schools.models import Municipality, School, Subject

DEMO_PASSWORD = "kulturskola-demo"


def demo_user(email, first_name, last_name, account_type, **extra):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={"first_name": first_name, "last_name": last_name,
                  "account_type": account_type, **extra},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True})
    return user


HEAD_NAMES = {
    "boras": ("Birgitta", "Berg"), "herrljunga": ("Hans", "Holm"), "mark": ("Maria", "Malm"),
    "svenljunga": ("Sven", "Sjöberg"), "tranemo": ("Tove", "Tran"),
    "ulricehamn": ("Ulla", "Ulin"), "vargarda": ("Viktor", "Vik"),
}
TEACHERS = [
    # (email, first, last, school, subjects)
    ("larare.ulricehamn@demo.example", "Ulf", "Ek", "ulricehamn", ["gitarr"]),
    ("larare.boras@demo.example", "Bodil", "Lind", "boras", ["gitarr", "elgitarr"]),
    ("larare.mark@demo.example", "Mats", "Ros", "mark", ["gitarr"]),
    ("larare.tranemo@demo.example", "Tina", "Ask", "tranemo", ["gitarr", "piano"]),
    ("larare.vargarda@demo.example", "Vera", "Al", "vargarda", ["gitarr", "sang"]),
    ("larare.mark.strakar@demo.example", "Stina", "Fors", "mark", ["fiol", "cello"]),
]

# Shown by `make run`: one login per role.
LOGINS = [
    ("Samordnare", "samordnare@demo.example"),
    ("Kulturskolechef, Borås", "chef.boras@demo.example"),
    ("Pedagog, Ulricehamn", "larare.ulricehamn@demo.example"),
    ("Vårdnadshavare, Tranemo", "vardnadshavare@demo.example"),
    ("Elev (15 år), Mark", "elev@demo.example"),
]


# The demo identity provider (demo_idp/, started by `make run`) and the sign-in services
# that point at it: Borås municipality's account and an e-legitimation broker.
DEMO_IDP_URL = os.environ.get("DEMO_IDP_URL", "http://127.0.0.1:8001").rstrip("/")
DEMO_IDP_PASSWORD = "demo-idp"
DEMO_IDP_LOGINS = [
    ("Kommunkonto, chef Borås (MFA)", "chef.boras@demo.example"),
    ("Kommunkonto, pedagog Borås", "larare.boras@demo.example"),
    ("Kommunkonto, okänd i portalen", "ny.pedagog@demo.example"),
    ("E-legitimation (19121212-1212)", "e-legitimation@demo.example"),
]
DEMO_SIGN_IN_SERVICES = [
    {"provider_id": "demo-boras", "name": "Borås stad (demo)",
     "client_id": "demo-boras-kommun", "secret": "demo-boras-kommun-secret",
     "settings": {"kind": "municipality", "municipality": "1490", "mfa_amr": ["mfa"]}},
    {"provider_id": "demo-e-legitimation", "name": "BankID eller Freja eID (demo)",
     "client_id": "demo-e-legitimation", "secret": "demo-e-legitimation-secret",
     "settings": {"kind": "eid", "mfa_amr": ["bankid", "mfa"],
                  "personal_number_claim": "personal_number"}},
]


def demo_saml_settings(idp_url):
    """Borås through SAML, as Skolfederation or ADFS would answer (demo_idp/idp_site/saml.py)."""
    return {"kind": "municipality", "municipality": "1490",
            # The REFEDS MFA profile, as Skolfederation's identity providers state MFA.
            "mfa_acr": ["https://refeds.org/profile/mfa"],
            "idp": {"entity_id": f"{idp_url}/saml/metadata/",
                    "metadata_url": f"{idp_url}/saml/metadata/"},
            "advanced": {"want_assertion_signed": True}}


def load_sign_in_services(idp_url=None):
    """SocialApps for the demo provider; Borås speaks for the demo addresses."""
    idp_url = (idp_url or DEMO_IDP_URL).rstrip("/")
    for service in DEMO_SIGN_IN_SERVICES:
        SocialApp.objects.update_or_create(
            provider="openid_connect", provider_id=service["provider_id"],
            defaults={"name": service["name"], "client_id": service["client_id"],
                      "secret": service["secret"],
                      "settings": {**service["settings"], "server_url": idp_url}})
    SocialApp.objects.update_or_create(
        provider="saml", provider_id="demo-boras-saml",
        defaults={"name": "Borås stad via SAML (demo)", "client_id": "demo-boras-saml",
                  "settings": demo_saml_settings(idp_url)})
    Municipality.objects.filter(scb_code="1490", email_domains="").update(
        email_domains="demo.example")


def load():
    schools = {s.slug: s for s in School.objects.all()}
    municipalities = {m.name: m for m in Municipality.objects.all()}
    demo_user("samordnare@demo.example", "Sara", "Samordnare", User.AccountType.COORDINATOR)
    for slug, (first, last) in HEAD_NAMES.items():
        head = demo_user(f"chef.{slug}@demo.example", first, last, User.AccountType.STAFF)
        Staffing.objects.get_or_create(user=head, school=schools[slug],
                                       defaults={"role": Staffing.Role.HEAD})
    for email, first, last, slug, subjects in TEACHERS:
        teacher = demo_user(email, first, last, User.AccountType.STAFF,
                            show_email_to_colleagues=True)
        Staffing.objects.get_or_create(user=teacher, school=schools[slug],
                                       defaults={"role": Staffing.Role.TEACHER})
        teacher.subjects.add(*Subject.objects.filter(slug__in=subjects))
    guardian = demo_user("vardnadshavare@demo.example", "Greta", "Gustafsson",
                         User.AccountType.GUARDIAN,
                         home_municipality=municipalities["Tranemo"])
    Child.objects.get_or_create(guardian=guardian, first_name="Alva", last_name="Gustafsson",
                                defaults={"birth_year": 2015,
                                          "home_municipality": municipalities["Tranemo"]})
    Child.objects.get_or_create(guardian=guardian, first_name="Elis", last_name="Gustafsson",
                                defaults={"birth_year": 2018,
                                          "home_municipality": municipalities["Tranemo"]})
    pupil = demo_user("elev@demo.example", "Pelle", "Persson", User.AccountType.PUPIL,
                      birth_year=2011, home_municipality=municipalities["Mark"])
    Child.objects.get_or_create(guardian=pupil, is_self=True,
                                defaults={"first_name": "Pelle", "last_name": "Persson",
                                          "birth_year": 2011,
                                          "home_municipality": municipalities["Mark"]})
    load_sign_in_services()
