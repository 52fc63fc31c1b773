import base64
import json

from idp_site.models import DemoClaims


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class TamperedTokenMiddleware:
    """For the portal's tests only: a demo person marked tamper="signature" gets an ID
    token whose content was changed after signing (the signature no longer fits)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.endswith("/api/token") or response.status_code != 200:
            return response
        data = json.loads(response.content)
        token = data.get("id_token")
        if not token:
            return response
        header, payload, signature = token.split(".")
        claims = json.loads(_b64decode(payload))
        if not DemoClaims.objects.filter(user_id=claims.get("sub"), tamper="signature").exists():
            return response
        claims["email"] = "chef.boras@demo.example"
        data["id_token"] = ".".join([header, _b64encode(json.dumps(claims).encode()), signature])
        response.content = json.dumps(data).encode()
        response["Content-Length"] = str(len(response.content))
        return response
