from allauth.socialaccount.adapter import get_adapter
from django import template

from accounts import sso

register = template.Library()


@register.simple_tag(takes_context=True)
def sign_in_services(context) -> dict:
    """The configured sign-in services by kind: {"municipality": [...], "eid": [...]}."""
    groups = {sso.KIND_MUNICIPALITY: [], sso.KIND_EID: []}
    for provider in get_adapter().list_providers(context.get("request")):
        groups.setdefault(sso.kind(provider.app), []).append(provider)
    for providers in groups.values():
        providers.sort(key=lambda p: p.name)
    return groups
