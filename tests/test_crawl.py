"""Every page reachable by following links, as each persona, answers without a server error,
also with nonsense in its query string."""

import re
from collections import Counter
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from accounts.models import User

# Follows every link as each persona: CI runs it once, on PostgreSQL.
pytestmark = pytest.mark.slow

LINK = re.compile(r'href="([^"]+)"')
JUNK = ("?sok=%27%22%3C&alder=abc&veckodag=9&hemkommun=x&amne=-1&sortera=zz&sida=999999"
        "&page=-3&termin=20x&q=%27&niva=x")
# The month view links to the month before and after without end (and paging and
# filter links multiply a list), so the crawl visits at most this many URLs of one
# view, and reaches every other page before the safety limit.
PER_VIEW = 20

# What each persona reaches on the demo data today (distinct URLs). A crawl that
# reaches fewer pages than this stopped early or lost links: raise these when the
# site grows, lower them only when pages are removed on purpose.
MINIMUM_PAGES = {
    None: 64,  # anonymous
    "samordnare@demo.example": 129,
    "chef.boras@demo.example": 93,
    "larare.boras@demo.example": 75,
    "vardnadshavare@demo.example": 67,
    "elev@demo.example": 61,
}


def view_name(url):
    try:
        return resolve(urlparse(url).path).view_name
    except Resolver404:
        return url


def crawl(client, limit=400, per_view_limit=PER_VIEW):
    """Follow links from the front page; returns every URL seen, those that gave a server
    error, and the HTML pages that answered 200 (in the order they were reached)."""
    seen, queue, failures, per_view, pages = set(), ["/"], [], Counter(), []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen or per_view[view_name(url)] >= per_view_limit:
            continue
        seen.add(url)
        per_view[view_name(url)] += 1
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            pages.append(url)
            for href in LINK.findall(response.content.decode()):
                href = urldefrag(href.replace("&amp;", "&"))[0]
                parsed = urlparse(href)
                # Admin pages are covered by tests/test_admin.py.
                if parsed.netloc or not href.startswith("/") or href.startswith(
                        ("/static/", "/admin/")):
                    continue
                queue.append(href)
    return seen, failures, pages


@pytest.mark.django_db
@pytest.mark.parametrize("email", list(MINIMUM_PAGES))
def test_no_page_gives_a_server_error(client, schools, email):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    if email:
        client.force_login(User.objects.get(email=email))
    seen, failures, _pages = crawl(client)
    assert len(seen) >= MINIMUM_PAGES[email], sorted(seen)
    assert len(seen) < 400, "the crawl hit its safety limit: an endless series of links?"
    assert not failures
    junk_failures = [url for url in seen if "?" not in url and not url.endswith((".ics", ".csv"))
                     and client.get(url + JUNK).status_code >= 500]
    assert not junk_failures
