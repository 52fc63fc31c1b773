"""Every page reachable by following links, as each persona, answers without a server error,
also with nonsense in its query string."""

import re
from urllib.parse import urldefrag, urlparse

import pytest
from django.core.management import call_command

from accounts.models import User

LINK = re.compile(r'href="([^"]+)"')
JUNK = ("?sok=%27%22%3C&alder=abc&veckodag=9&hemkommun=x&amne=-1&sortera=zz&sida=999999"
        "&page=-3&termin=20x&q=%27&niva=x")


def crawl(client, limit=400):
    seen, queue, failures = set(), ["/"], []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            failures.append(url)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for href in LINK.findall(response.content.decode()):
                href = urldefrag(href.replace("&amp;", "&"))[0]
                parsed = urlparse(href)
                # Admin pages are covered by tests/test_admin.py.
                if parsed.netloc or not href.startswith("/") or href.startswith(
                        ("/static/", "/admin/")):
                    continue
                queue.append(href)
    return seen, failures


@pytest.mark.django_db
@pytest.mark.parametrize("email", [None, "samordnare@demo.example", "chef.boras@demo.example",
                                   "larare.boras@demo.example", "vardnadshavare@demo.example",
                                   "elev@demo.example"])
def test_no_page_gives_a_server_error(client, schools, email):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))
    if email:
        client.force_login(User.objects.get(email=email))
    seen, failures = crawl(client)
    assert len(seen) > 15
    assert not failures
    junk_failures = [url for url in seen if "?" not in url and not url.endswith((".ics", ".csv"))
                     and client.get(url + JUNK).status_code >= 500]
    assert not junk_failures
