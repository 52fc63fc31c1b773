"""The demo provider's people and its two clients (the portal as Borås municipality's
service, and the portal as an e-legitimation broker's customer)."""

from allauth.account.models import EmailAddress
from allauth.idp.oidc.models import Client
from django.contrib.auth import get_user_model

from idp_site.adapter import EID_CLIENT_ID
from idp_site.models import DemoClaims

PASSWORD = "demo-idp"
MUNICIPAL_CLIENT_ID = "demo-boras-kommun"
# The clients' secrets are public on purpose: this provider is for a laptop only.
SECRETS = {MUNICIPAL_CLIENT_ID: "demo-boras-kommun-secret",
           EID_CLIENT_ID: "demo-e-legitimation-secret"}

PEOPLE = [
    {"email": "chef.boras@demo.example", "first_name": "Birgitta", "last_name": "Berg",
     "amr": ["pwd", "mfa"], "note": "kulturskolechef i Borås (kommunen har gjort MFA)"},
    {"email": "larare.boras@demo.example", "first_name": "Bodil", "last_name": "Lind",
     "amr": ["pwd"], "note": "pedagog i Borås"},
    {"email": "ny.pedagog@demo.example", "first_name": "Nils", "last_name": "Nyberg",
     "amr": ["pwd"], "note": "anställd i Borås som portalen inte känner än"},
    {"email": "e-legitimation@demo.example", "first_name": "Tolvan", "last_name": "Tolvansson",
     "amr": ["bankid"], "personal_number": "19121212-1212",
     "note": "e-legitimation (Skatteverkets testpersonnummer 19121212-1212)"},
]


def add_person(email, first_name="", last_name="", amr=(), acr="", personal_number="",
               tamper="", **_ignored):
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(
        username=email, defaults={"email": email, "first_name": first_name,
                                  "last_name": last_name})
    user.set_password(PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True})
    DemoClaims.objects.update_or_create(user=user, defaults={
        "amr": list(amr), "acr": acr, "personal_number": personal_number, "tamper": tamper})
    return user


def add_client(client_id, name, portal_url, provider_id):
    client, _created = Client.objects.get_or_create(id=client_id, defaults={"name": name})
    client.name = name
    client.set_secret(SECRETS[client_id])
    client.type = Client.Type.CONFIDENTIAL
    client.skip_consent = True
    client.set_scopes(["openid", "profile", "email"])
    client.set_default_scopes(["openid", "profile", "email"])
    client.set_grant_types([Client.GrantType.AUTHORIZATION_CODE])
    client.set_response_types(["code"])
    client.set_redirect_uris([f"{portal_url}/konto/oidc/{provider_id}/login/callback/"])
    client.set_post_logout_redirect_uris([f"{portal_url}/"])
    client.save()
    return client


def load(portal_url):
    portal_url = portal_url.rstrip("/")
    add_client(MUNICIPAL_CLIENT_ID, "Kulturskoleportalen (Borås stad)", portal_url,
               "demo-boras")
    add_client(EID_CLIENT_ID, "Kulturskoleportalen (e-legitimation)", portal_url,
               "demo-e-legitimation")
    for person in PEOPLE:
        add_person(**person)
