from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils import translation

from core import bounds, mail_outbox
from core.ratelimit import client_address
from core.site import portal_name


class AccountAdapter(DefaultAccountAdapter):
    def clean_email(self, email):
        """allauth's sign-up, add-address and password-reset forms all ask this: an
        address too long to store or mail is an error on the form."""
        return super().clean_email(bounds.check_email_length(email))

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

    def send_mail(self, template_prefix, email, context):
        """allauth's mails (confirm the address, reset the password, security notices) take
        the portal's one mail path: rendered now, sent by a worker after the commit, so a
        mail server that is down never turns signing up into an error page."""
        request = allauth_context.request
        # Without django.contrib.sites allauth's mails greet from the request's host
        # ("Hej från 127.0.0.1:8400!"); they name the portal and its address instead.
        site = SimpleNamespace(name=portal_name(), domain=settings.SITE_URL)
        context = {"request": request, "email": email, **context, "current_site": site}
        message = self.render_mail(template_prefix, email, context)
        mail_outbox.enqueue_message(message, template=template_prefix.rsplit("/", 1)[-1])
