from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.utils import translation

from accounts.tasks import send_account_mail
from core.ratelimit import client_address


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # Public sign-up makes guardians and pupils only; the form decides which,
        # and never offers a staff role. Staff roles come from invitations.
        user = super().save_user(request, user, form, commit=False)
        data = form.cleaned_data
        user.first_name = data.get("first_name", "")
        user.last_name = data.get("last_name", "")
        user.account_type = data["account_type"]
        user.birth_year = data.get("birth_year") or None
        user.home_municipality = data.get("home_municipality")
        # Mails later follow the language the person signed up in.
        language = translation.get_language()
        user.language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        user.is_staff = False
        user.is_superuser = False
        if commit:
            user.save()
        return user

    def get_client_ip(self, request):
        """The address allauth's rate limits count: the same as the portal's own limits
        (core.ratelimit.client_address, behind TRUSTED_PROXY_COUNT proxies), and never an
        error when a request carries fewer X-Forwarded-For entries than expected."""
        return client_address(request) or "0.0.0.0"

    def send_mail(self, template_prefix, email, context_data):
        """Rendered now, sent by a worker: every sign-up path (new address, existing address)
        queues exactly one mail and returns at once. Queued at once rather than on commit:
        the task reads nothing from the database, the message is complete."""
        request = context.request
        message = self.render_mail(template_prefix, email, {
            "request": request, "email": email, "current_site": get_current_site(request),
            **context_data})
        html = next((body for body, mimetype in getattr(message, "alternatives", [])
                     if mimetype == "text/html"), None)
        text, subtype = message.body, getattr(message, "content_subtype", "plain")
        if subtype == "html":
            text, html = "", message.body
        send_account_mail.delay(message.subject, text, html, message.from_email,
                                list(message.to), dict(message.extra_headers) or None)
