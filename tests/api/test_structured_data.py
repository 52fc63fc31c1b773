"""The JSON-LD on a course's and an event's public page validates against schema.org's types
(a checked-in subset of schema.org, tests/api/schemaorg_subset.json; no network)."""

import json
import re
from pathlib import Path

import pytest

from events.models import Event
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db

SCHEMA = json.loads((Path(__file__).parent / "schemaorg_subset.json").read_text())
PREFIX = "https://schema.org/"
LITERALS = {
    "Text": lambda v: isinstance(v, str) and v != "",
    "URL": lambda v: isinstance(v, str) and re.match(r"^https?://\S+$", v),
    "Date": lambda v: isinstance(v, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", v),
    "DateTime": lambda v: isinstance(v, str) and re.match(
        r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$", v),
    "Time": lambda v: isinstance(v, str) and re.match(r"^\d{2}:\d{2}(:\d{2})?$", v),
    "Number": lambda v: isinstance(v, int | float) or (
        isinstance(v, str) and re.match(r"^\d+(\.\d+)?$", v)),
    "Duration": lambda v: isinstance(v, str) and re.match(r"^P(\d+[YMWD])*(T(\d+[HMS])+)?$", v),
}


def type_and_supertypes(name):
    names, changed = {name}, True
    while changed:
        changed = False
        for parent, children in SCHEMA["subtypes"].items():
            if names & set(children) and parent not in names:
                names.add(parent)
                changed = True
    return names


def fits(value, expected: list[str], path: str, problems: list[str]) -> bool:
    for kind in expected:
        if kind in LITERALS and LITERALS[kind](value):
            return True
        members = SCHEMA["enumerations"].get(kind)
        if members and isinstance(value, str) and value.removeprefix(PREFIX) in members \
                and value.startswith(PREFIX):
            return True
        if isinstance(value, dict) and kind in type_and_supertypes(value.get("@type", "")):
            validate(value, path, problems)
            return True
    problems.append(f"{path}: {value!r} is none of {expected}")
    return False


def validate(node: dict, path: str, problems: list[str]) -> None:
    kind = node.get("@type")
    if kind not in SCHEMA["types"]:
        problems.append(f"{path}: unknown @type {kind!r}")
        return
    allowed = {}
    for name in type_and_supertypes(kind):
        allowed.update(SCHEMA["types"].get(name, {}).get("properties", {}))
    for name in SCHEMA["types"][kind]["required"]:
        if name not in node:
            problems.append(f"{path}: {kind} lacks {name}")
    for name, value in node.items():
        if name.startswith("@"):
            continue
        if name not in allowed:
            problems.append(f"{path}.{name}: not a property of {kind}")
            continue
        for item in value if isinstance(value, list) else [value]:
            fits(item, allowed[name], f"{path}.{name}", problems)


def json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1, "one JSON-LD block on the page"
    data = json.loads(blocks[0])
    assert data.pop("@context") == "https://schema.org"
    return data


def problems_of(data):
    problems = []
    validate(data, data.get("@type", "?"), problems)
    return problems


def test_a_courses_page_describes_a_course_with_its_term(client, world):
    harp = world["harp"]
    data = json_ld(client.get(f"/kurser/{harp.pk}/").content.decode())
    assert data["@type"] == "Course" and data["name"] == "Harpa för nybörjare"
    assert problems_of(data) == []
    instance = data["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance"
    assert instance["courseSchedule"]["byDay"] == "https://schema.org/Tuesday"
    assert instance["startDate"] == harp.term_start.isoformat()
    assert data["offers"]["availability"] == "https://schema.org/InStock"  # 1 of 2 seats left
    assert data["offers"]["price"] == "400.00" and data["offers"]["priceCurrency"] == "SEK"
    assert data["provider"]["name"] == "Kulturskolan i Borås"


def test_a_full_course_is_sold_out(client, world):
    from tests.courses.conftest import make_application

    make_application(world["harp"])
    data = json_ld(client.get(f"/kurser/{world['harp'].pk}/").content.decode())
    assert data["offers"]["availability"] == "https://schema.org/SoldOut"


def test_a_public_events_page_describes_the_event(client, world):
    concert = world["concert"]
    data = json_ld(client.get(f"/evenemang/{concert.pk}/").content.decode())
    assert data["@type"] == "Event" and problems_of(data) == []
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {"@type": "Place", "name": "Borås konserthus"}
    assert [o["name"] for o in data["organizer"]] == ["Kulturskolan i Borås"]
    assert data["startDate"].endswith(("+01:00", "+02:00"))  # Swedish time


def test_the_validator_catches_a_wrong_value():
    assert problems_of({"@type": "Event", "name": "X", "startDate": "i morgon"})


def test_an_event_for_staff_only_describes_nothing(client, world, schools, coordinator):
    staff_event = make_event([schools["boras"]], title="Internt", audience=Event.Audience.STAFF)
    client.force_login(coordinator)
    html = client.get(f"/evenemang/{staff_event.pk}/").content.decode()
    assert "application/ld+json" not in html
