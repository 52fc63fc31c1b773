import re

from allauth.mfa.totp.internal import auth as totp_auth
from django.core import mail

LINK = re.compile(r"https?://[^\s\"<>]+")


def links_in_last_mail(to: str) -> list[str]:
    messages = [m for m in mail.outbox if to in m.to]
    assert messages, f"no mail to {to}"
    return LINK.findall(messages[-1].body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def current_totp(secret: str) -> str:
    counter = next(totp_auth.yield_hotp_counters_from_time())
    return totp_auth.format_hotp_value(totp_auth.hotp_value(secret, counter))
