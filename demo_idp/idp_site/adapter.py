from allauth.idp.oidc.adapter import DefaultOIDCAdapter

from idp_site.models import DemoClaims

EID_CLIENT_ID = "demo-e-legitimation"


class DemoOIDCAdapter(DefaultOIDCAdapter):
    """Adds what real providers send: `amr`/`acr` (how the person signed in) and, for the
    e-legitimation client only, a personal identity number claim."""

    def get_claims(self, purpose, user, client, scopes, email=None, **kwargs):
        claims = super().get_claims(purpose, user, client, scopes, email=email, **kwargs)
        extra = DemoClaims.objects.filter(user=user).first()
        if extra is None:
            return claims
        if purpose == "id_token":
            if extra.amr:
                claims["amr"] = extra.amr
            if extra.acr:
                claims["acr"] = extra.acr
            if extra.tamper == "nonce":
                claims["nonce"] = "not-the-nonce-the-portal-sent"
        if client.id == EID_CLIENT_ID and extra.personal_number:
            claims["personal_number"] = extra.personal_number
        return claims
