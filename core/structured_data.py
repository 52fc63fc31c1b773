"""schema.org JSON-LD for the public pages: one way to write it into a page.

The builders live with their data (courses.structured_data, events.structured_data);
this writes the `<script type="application/ld+json">` block. A data block is not run as a
script, so the Content-Security-Policy has nothing to allow; `<`, `>` and `&` are escaped
as in Django's json_script so no text can end the block.
"""

import json

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SCHEMA_ORG = "https://schema.org"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def absolute(path: str) -> str:
    return settings.SITE_URL + path


def enum(name: str) -> str:
    """A schema.org enumeration member, e.g. enum("InStock")."""
    return f"{SCHEMA_ORG}/{name}"


def postal_address(street="", postal_code="", city="") -> dict | None:
    fields = {"streetAddress": street, "postalCode": postal_code, "addressLocality": city}
    fields = {key: value for key, value in fields.items() if value}
    if not fields:
        return None
    return {"@type": "PostalAddress", **fields, "addressCountry": "SE"}


def school_organisation(school, kind="EducationalOrganization") -> dict:
    """A school as provider or organiser: its public name, page and address."""
    organisation = {"@type": kind, "name": school.name,
                    "url": absolute(school.get_absolute_url())}
    address = postal_address(school.street_address, school.postal_code, school.city)
    if address:
        organisation["address"] = address
    return organisation


def script_tag(data: dict) -> str:
    text = json.dumps({"@context": SCHEMA_ORG, **data}, ensure_ascii=False,
                      cls=_Encoder).translate(_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


class _Encoder(json.JSONEncoder):
    def default(self, value):
        if hasattr(value, "isoformat"):
            return value.isoformat()
        return str(value)
