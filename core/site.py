"""The portal's own name and domain, from settings, for what leaves the portal.

Calendar UIDs and Message-IDs end in the domain of SITE_URL, so the ids of a
test installation and of production never collide in someone's calendar or
mailbox; mails and calendar files name the portal, never a host.
"""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings


def site_domain() -> str:
    """The host of SITE_URL without port, e.g. 'kulturskola.boras.se'."""
    return (urlsplit(settings.SITE_URL).hostname or "localhost").lower()


def portal_name() -> str:
    return settings.PORTAL_NAME


def sender_address() -> str:
    """The bare address of DEFAULT_FROM_EMAIL ('noreply@…'), without its display name."""
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
