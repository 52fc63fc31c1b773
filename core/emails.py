"""Email as a template per message: `emails/<name>/subject.txt`, `body.txt`, `body.html`.

Rendered in the recipient's language, so English can follow Swedish. Every mail the
portal sends goes through core/mail_outbox.py (a row per recipient, sent by a worker);
event reminders build their messages here and keep their own delivery rows.
The subject and the text part are plain text and rendered with autoescape off (no
`&quot;` in a mail); the HTML part stays escaped. The subject is folded onto one line, so
input never adds a header line.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import make_msgid
from django.template import Context, engines
from django.template.loader import render_to_string
from django.utils import translation

from core.site import site_domain


def recipient_language(address: str) -> str:
    """The language the person chose (the switch in the header, or the profile)."""
    people = get_user_model().objects.filter(email__iexact=address)
    chosen = people.values_list("language", flat=True).first()
    return chosen or settings.LANGUAGE_CODE


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping."""
    template = engines["django"].engine.get_template(template_name)
    return template.render(Context(context, autoescape=False))


def one_line(text: str) -> str:
    """Whitespace (line breaks included) collapsed, for a mail header."""
    return " ".join(text.split())


def render(name: str, to: str, context: dict, language: str | None = None
           ) -> tuple[str, str, str]:
    """(subject, text, html) of the message `name` for `to`, in their language."""
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or recipient_language(to)):
        subject = render_text(f"emails/{name}/subject.txt", context)
        subject = one_line(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject)
        text = render_text(f"emails/{name}/body.txt", context)
        html = render_to_string(f"emails/{name}/body.html", context)
    return subject, text, html


def build_message(name: str, to: str, context: dict, language: str | None = None,
                  attachments: list[tuple[str, bytes | str, str]] | None = None):
    subject, text, html = render(name, to, context, language)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    # In the portal's domain, not the machine's name (callers may set a stable one instead).
    message.extra_headers["Message-ID"] = make_msgid(domain=site_domain())
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message


