"""Every URL of the portal, from the URL resolver, with its arguments filled from the world
fixture (tests/security/conftest.py). A view added later is walked without changing a list;
only a new *kind* of URL argument needs a line in ARGUMENTS or NAMESPACE_DEFAULTS.
"""

import re
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# (url name, argument) -> how to get the value from the world fixture's objects.
ARGUMENTS = {
    ("accounts:invitation_revoke", "pk"): lambda o: o["invitation"].pk,
    ("accounts:accept_invitation", "token"): lambda o: o["invitation"].token,
    ("networks:member_action", "pk"): lambda o: o["pending"].pk,
    ("networks:thread", "pk"): lambda o: o["thread"].pk,
    ("networks:planning_slot_delete", "pk"): lambda o: o["slot"].pk,
    ("courses:respond", "pk"): lambda o: o["application"].pk,
    ("courses:decide", "pk"): lambda o: o["application"].pk,
    ("meetings:action_item_done", "pk"): lambda o: o["action"].pk,
    ("events:download_file", "pk"): lambda o: o["event_file"].pk,
    # Children, groups and participant lists: the pupils' camp (tests/security/conftest.py).
    **{(f"events:{name}", "pk"): lambda o: o["pupils_event"].pk
       for name in ("register_children", "register_group", "register_self", "group_edit",
                    "cancel_own", "participants", "participants_csv")},
    ("events:group_edit", "registration_pk"): lambda o: o["group_registration"].pk,
    ("events:cancel_own", "registration_pk"): lambda o: o["child_registration"].pk,
    # A festival's programme and the Borås contribution to it.
    **{(f"programme:{name}", "pk"): lambda o: o["festival"].pk
       for name in ("contributions", "contribution_edit", "contribution_withdraw",
                    "contribution_place", "publish_programme")},
    ("api:event", "pk"): lambda o: o["members_meeting"].pk,
    ("api:programme", "pk"): lambda o: o["festival"].pk,
    ("api:feed_network", "pk"): lambda o: o["guitar"].pk,
    ("events:month", "year"): lambda o: 2026,
    ("events:month", "month"): lambda o: 10,
}
# (namespace, argument) -> value, for every other URL of that app.
NAMESPACE_DEFAULTS = {
    ("accounts", "pk"): lambda o: o["child"].pk,
    ("schools", "slug"): lambda o: "boras",
    ("networks", "slug"): lambda o: o["guitar"].slug,
    ("networks", "pk"): lambda o: o["resource"].pk,
    ("courses", "pk"): lambda o: o["course"].pk,
    ("events", "pk"): lambda o: o["members_meeting"].pk,
    ("meetings", "pk"): lambda o: o["members_meeting"].pk,
    ("programme", "cid"): lambda o: o["contribution"].pk,
    ("surveys", "pk"): lambda o: o["survey_round"].pk,
    ("surveys", "round_pk"): lambda o: o["survey_round"].pk,
    ("surveys", "school_pk"): lambda o: o["course"].school_id,
    ("api", "pk"): lambda o: o["course"].pk,
    ("api", "slug"): lambda o: "boras",
    ("api", "scb_code"): lambda o: "1490",
    ("initiatives", "pk"): lambda o: o["proposal"].pk,  # the active one is crawled by URL
    ("", "pk"): lambda o: o["initiative"].pk,  # the old initiative addresses (redirects)
}
# Arguments that are secrets or keys nobody outside has: any value stands in.
ANY_VALUE = {"key": "nyckel", "uidb36": "1", "token": "ingen-sadan",
             # Sign-in services (accounts/sso.py): none is configured in the world.
             "provider_id": "ingen-sadan", "organization_slug": "ingen-sadan"}

_ROUTE_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>")
_REGEX_ARGUMENT = re.compile(r"\(\?P<(\w+)>[^)]*\)")


@dataclass(frozen=True)
class Route:
    name: str       # "events:detail"; "" for unnamed patterns
    template: str   # "evenemang/<int:pk>/"
    pattern: URLPattern

    @property
    def namespace(self):
        return self.name.rpartition(":")[0]

    @property
    def arguments(self):
        found = _ROUTE_ARGUMENT.findall(self.template) or _REGEX_ARGUMENT.findall(self.template)
        return found

    def url(self, objects):
        def value(argument):
            for source in (ARGUMENTS.get((self.name, argument)),
                           NAMESPACE_DEFAULTS.get((self.namespace, argument))):
                if source:
                    return str(source(objects))
            if argument in ANY_VALUE:
                return ANY_VALUE[argument]
            raise LookupError(f"Add a value for <{argument}> of {self.name or self.template} "
                              "to tests/security/resolver.py.")
        path = _ROUTE_ARGUMENT.sub(lambda m: value(m.group(1)), self.template)
        path = _REGEX_ARGUMENT.sub(lambda m: value(m.group(1)), path)
        return "/" + path.replace("^", "").replace("$", "")


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace) if n)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            name = ":".join(n for n in (namespace, entry.name or "") if n)
            if entry.name is None:
                name = f"{namespace}:" if namespace else ""
            yield Route(name=name, template=prefix + str(entry.pattern), pattern=entry)


def portal_routes():
    """Every route except Django admin's own (tests/test_admin.py walks those)."""
    seen = set()
    for route in _walk(get_resolver().url_patterns):
        if route.template.startswith("admin/") or route.template in seen:
            continue
        seen.add(route.template)
        yield route


def public_start_urls(world):
    return [route.url(world.objects) for route in portal_routes()] + [
        world.objects[name].get_absolute_url()
        for name in ("concert", "public_meeting", "course", "initiative", "pupils_event",
                     "festival")]
