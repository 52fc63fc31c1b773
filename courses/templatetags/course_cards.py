"""Course cards rendered once per course version and language, shared by every visitor.

`{% cardcache course %}…{% endcardcache %}` keeps the rendered card under a key made of
the course's id and `updated_at` (every save changes it), the reference version (names
of schools, subjects, municipalities; bulk updates) and the language. Nothing personal
and no seat count goes inside: seats are a mark (`{% seat_mark "card" course.pk %}`)
filled on every response (core.pagecache.fill_seats). A view may pass the cards it
fetched with one get_many as `cached_cards` (see `card_keys`).
"""

from django import template
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import pagecache

register = template.Library()

CARD_KEY_PREFIX = "public-pages:card:"


def card_key(course, version: str, language: str) -> str:
    stamp = int(course.updated_at.timestamp() * 1_000_000)
    return f"{CARD_KEY_PREFIX}{course.pk}:{stamp}:{version}:{language}"


def cached_cards(courses, version: str) -> dict[str, str]:
    """The rendered cards of these courses that the cache holds, in one round trip."""
    language = get_language()
    return cache.get_many([card_key(course, version, language) for course in courses])


class CardCacheNode(template.Node):
    def __init__(self, nodelist, course):
        self.nodelist, self.course = nodelist, course

    def render(self, context):
        course = self.course.resolve(context)
        request = context.get("request")
        version = (pagecache.version_for(request) if request is not None
                   else pagecache.current_version())
        key = card_key(course, version, get_language())
        prefetched = context.get("cached_cards")
        html = prefetched.get(key) if prefetched is not None else cache.get(key)
        if html is None:
            html = self.nodelist.render(context)
            cache.set(key, html, pagecache.PART_TIMEOUT)
        return html


@register.tag
def cardcache(parser, token):
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% cardcache course %} takes one course")
    nodelist = parser.parse(("endcardcache",))
    parser.delete_first_token()
    return CardCacheNode(nodelist, parser.compile_filter(bits[1]))


@register.simple_tag
def seat_mark(kind, pk):
    """Where the course's seats go; filled per response from current values."""
    return mark_safe(pagecache.seat_mark(kind, pk))  # noqa: S308 (digits and a word)
