"""Outsiders can neither see nor change anything that is not theirs (issue 13).

Every URL of the portal's own apps with an object in it (and every page that creates
something), taken from the URL resolver, is asked for with GET and POST by each persona that
must not see or change that object: they get 404, 403 or (anonymous) the login page, and the
database is the same afterwards. A new view is walked without a change here; only who its
outsiders are comes from OUTSIDERS, by URL name or else by app.
"""

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session

from tests.security.conftest import log_in
from tests.security.resolver import portal_routes

pytestmark = [pytest.mark.django_db, pytest.mark.hostile]

STRANGERS = ["anonymous", "pupil", "guardian_other", "outsider"]
OTHER_STAFF = ["teacher_ulricehamn", "head_tranemo"]
# Who must not see or change the object in each URL (the world fixture's objects are
# Borås's, the guitar network's, and the Mark guardian's).
OUTSIDERS = {
    "accounts": STRANGERS + OTHER_STAFF,                   # the Mark child, Borås's invitation
    "networks": STRANGERS + OTHER_STAFF,                   # member pages of the guitar network
    "networks:detail": STRANGERS, "networks:join": STRANGERS, "networks:leave": STRANGERS,
    "networks:create": STRANGERS,  # heads and teachers propose, the coordinator approves
    "courses": STRANGERS + OTHER_STAFF,                    # managing Borås's harp course
    "courses:respond": [*STRANGERS, *OTHER_STAFF, "head_boras"],  # the guardian's application
    "courses:create": STRANGERS + ["teacher_ulricehamn"],
    "events": STRANGERS + OTHER_STAFF,                     # the guitar members' meeting
    "events:create": STRANGERS + ["teacher_ulricehamn"],
    "meetings": STRANGERS + OTHER_STAFF,                   # the guitar members' meeting
    "courses:admitted": [*STRANGERS, *OTHER_STAFF, "coordinator", "teacher_boras",
                         "guardian_mark"],                # the receiving head, course teachers
    "courses:settlement_print": STRANGERS + ["teacher_ulricehamn"],
    # The pupils' camp: registering is for families and staff, the lists for organisers.
    "events:register_children": ["anonymous", "guardian_other"],   # no children of their own
    "events:register_group": ["anonymous", "pupil", "guardian_other", "outsider"],
    "events:register_self": ["anonymous", "guardian_other", "outsider", "teacher_ulricehamn"],
    "events:group_edit": [*STRANGERS, *OTHER_STAFF, "guardian_mark"],  # Borås's group
    "events:cancel_own": [*STRANGERS, *OTHER_STAFF, "head_boras", "teacher_boras"],
    "events:participants": [*STRANGERS, *OTHER_STAFF, "teacher_boras", "guardian_mark"],
    # The festival: any school submits; Borås's contribution is Borås's; organisers place.
    "programme:contributions": STRANGERS + ["guardian_mark"],
    "programme:contribution_edit": [*STRANGERS, *OTHER_STAFF, "guardian_mark"],
    "programme:contribution_place": [*STRANGERS, *OTHER_STAFF, "teacher_boras", "guardian_mark"],
    "initiatives": ["anonymous", "pupil", "guardian_other"],
    # The proposal is the proposing head's and the coordinator's until approved.
    "initiatives:detail": [*STRANGERS, *OTHER_STAFF, "teacher_boras"],
    "initiatives:create": [*STRANGERS, "teacher_ulricehamn", "teacher_boras"],
    "surveys": [*STRANGERS, "teacher_ulricehamn", "teacher_boras", "guardian_mark"],
}
OUTSIDERS["courses:admitted_csv"] = OUTSIDERS["courses:admitted"]
OUTSIDERS["events:participants_csv"] = OUTSIDERS["events:participants"]
OUTSIDERS["programme:contribution_withdraw"] = OUTSIDERS["programme:contribution_edit"]
OUTSIDERS["programme:publish_programme"] = OUTSIDERS["programme:contribution_place"]
OUTSIDERS["surveys:rounds"] = OUTSIDERS["surveys"]
PERSONAS = sorted({persona for names in OUTSIDERS.values() for persona in names})
# Public pages, pages for anyone signed in, and capability URLs (the invitation's token is
# the permission; tests/accounts covers a wrong account).
NOT_OBJECT_PAGES = {"schools:detail", "courses:detail", "courses:apply", "events:month",
                    "events:feed", "accounts:accept_invitation", "surveys:answer",
                    "surveys:thanks"}
ALLOWED = {403, 404, 405}


def _object_routes():
    for route in portal_routes():
        if route.namespace not in {"accounts", "networks", "courses", "events", "meetings",
                                   "programme", "initiatives", "surveys"}:
            continue
        if route.name in NOT_OBJECT_PAGES:
            continue
        if route.arguments or route.name in OUTSIDERS:
            yield route


def _outsiders(route):
    return OUTSIDERS.get(route.name, OUTSIDERS.get(route.namespace, []))


def _database():
    """Every row of every table but the sessions, to compare before and after."""
    return {model._meta.label: sorted(map(repr, model.objects.values_list()))
            for model in apps.get_models() if model is not Session}


def _refused(response, persona):
    if response.status_code in ALLOWED:
        return True
    return (persona == "anonymous" and response.status_code == 302
            and "/konto/login/" in response["Location"])


def test_the_walk_covers_every_object_url(world):
    names = {route.name for route in _object_routes()}
    assert len(names) >= 40
    assert {"events:detail", "networks:resource_file", "courses:decide",
            "accounts:child_edit", "events:download_file", "events:participants",
            "events:group_edit", "programme:contribution_edit", "courses:admitted",
            "meetings:minutes", "meetings:action_item_done", "surveys:results"} <= names
    assert all(_outsiders(route) for route in _object_routes())


@pytest.mark.parametrize("persona", PERSONAS)
def test_outsiders_neither_see_nor_change_what_is_not_theirs(client, world, persona):
    log_in(client, world.people[persona])
    before = _database()
    wrong = []
    for route in _object_routes():
        if persona not in _outsiders(route):
            continue
        url = route.url(world.objects)
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"action": "approve", "confirm": "1"})
            if not _refused(response, persona):
                wrong.append(f"{method.upper()} {url} ({route.name}): {response.status_code}")
    assert wrong == [], "\n".join(wrong)
    assert _database() == before
