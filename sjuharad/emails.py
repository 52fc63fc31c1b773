"""Email as a template per message: `emails/<name>/subject.txt`, `body.txt`, `body.html`.

Rendered in the recipient's language, so English can follow Swedish.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


def build_message(name: str, to: str, context: dict, language: str | None = None,
                  attachments: list[tuple[str, bytes | str, str]] | None = None):
    context = {"site_url": settings.SITE_URL, **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{name}/subject.txt", context)
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split())
        text = render_to_string(f"emails/{name}/body.txt", context)
        html = render_to_string(f"emails/{name}/body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message


def send_templated(name: str, to: str, context: dict, language: str | None = None,
                   attachments=None) -> None:
    """Render and send one message now (callers in tasks handle retries)."""
    build_message(name, to, context, language, attachments).send()
