"""The English translation is complete: no entry is missing or left fuzzy."""

import re
from pathlib import Path

PO = Path(__file__).resolve().parent.parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries():
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        yield "\n".join(lines)


def strings(entry, keyword):
    """The text of msgid / msgstr (or msgstr[n]) fields, continuation lines joined."""
    found, current = {}, None
    for line in entry.splitlines():
        match = re.match(rf'^({keyword}(?:\[\d\])?) "(.*)"$', line)
        if match:
            current = match.group(1)
            found[current] = match.group(2)
        elif line.startswith('"') and current:
            found[current] += line[1:-1]
        else:
            current = None
    return found


def test_every_message_has_an_english_translation():
    missing, fuzzy = [], []
    for entry in entries():
        msgid = strings(entry, "msgid")["msgid"]
        if not msgid:
            continue  # the header
        if "#, fuzzy" in entry:
            fuzzy.append(msgid)
        if not all(strings(entry, "msgstr").values()):
            missing.append(msgid)
    assert not fuzzy and not missing, {"fuzzy": fuzzy[:5], "missing": missing[:5]}


def test_the_compiled_catalogue_is_current():
    """django.mo is committed; it must hold every translation of django.po."""
    import gettext

    with PO.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    stale = []
    for entry in entries():
        msgid = strings(entry, "msgid")["msgid"]
        if not msgid or "msgid_plural" in entry:
            continue
        expected = strings(entry, "msgstr")["msgstr"].encode().decode("unicode_escape").encode(
            "latin-1").decode("utf-8")
        key = msgid.encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
        context = strings(entry, "msgctxt").get("msgctxt")
        if context:
            key = f"{context}\x04{key}"
        if catalogue.get(key) != expected:
            stale.append(msgid)
    assert not stale, stale[:5]
