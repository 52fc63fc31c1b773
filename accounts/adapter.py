from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base import AuthProcess
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from accounts import services, sso
from accounts.models import Invitation, User
from core import bounds, mail_outbox
from core.ratelimit import client_address
from core.site import portal_name
from schools.models import Municipality


class AccountAdapter(DefaultAccountAdapter):
    def get_login_stages(self):
        # allauth's MFA stage, answered by the provider when its ID token says it did
        # multi-factor authentication (accounts/stages.py).
        replace = {"allauth.mfa.stages.AuthenticateStage": "accounts.stages.AuthenticateStage"}
        return [replace.get(path, path) for path in super().get_login_stages()]

    def get_logout_redirect_url(self, request):
        # Asked before the session ends: a provider that offers an end-session endpoint
        # signs the person out there too, and sends them back to the portal.
        return (sso.end_session_url(request, request.session.get(sso.SESSION_KEY))
                or super().get_logout_redirect_url(request))

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


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Who may sign in with a municipal account or an e-legitimation, and as whom.

    Roles never come from a provider: a municipal login links only to a person the portal
    already knows (a staff position, a coordinator, or a pending invitation, on a verified
    address in one of that municipality's domains); anyone else with an address in those
    domains gets a plain account with no role. An e-legitimation signs in only a person who
    linked it on *Mina uppgifter*.
    """

    def get_provider(self, request, provider, client_id=None):
        return sso.portal_provider(super().get_provider(request, provider, client_id))

    def list_providers(self, request):
        return [sso.portal_provider(p) for p in super().list_providers(request)]

    def get_connect_redirect_url(self, request, socialaccount):
        return reverse("socialaccount_connections")

    def is_open_for_signup(self, request, sociallogin):
        return sso.kind(sociallogin.provider.app) == sso.KIND_MUNICIPALITY

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        # A plain account: staff by kind, with no position until an invitation gives one.
        user.account_type = User.AccountType.STAFF
        user.is_staff = user.is_superuser = False
        return user

    def save_user(self, request, sociallogin, form=None):
        user = super().save_user(request, sociallogin, form)
        # The portal's own invitations to this address give the roles, not the provider.
        for invitation in Invitation.objects.pending().filter(email__iexact=user.email):
            services.accept_invitation(invitation.pk, user)
        return user

    def pre_social_login(self, request, sociallogin):
        app = sociallogin.provider.app
        if app.provider == "saml":
            # OpenID Connect notes this with the ID token (accounts/sso.py); SAML here.
            sociallogin.state[sso.STATE_MFA] = sso.saml_mfa_by_provider(
                app, sociallogin.account.extra_data)
        if sociallogin.state.get("process") == AuthProcess.CONNECT:
            self._check_connect(request, sociallogin)
        elif sociallogin.is_existing:
            return
        elif sso.kind(sociallogin.provider.app) == sso.KIND_EID:
            # Nobody linked this e-legitimation: no account is made from a personal number.
            raise ImmediateHttpResponse(render(request, "socialaccount/eid_unknown.html",
                                               status=403))
        else:
            self._admit_municipal(request, sociallogin)

    def _municipal_address(self, request, sociallogin):
        """The provider's address for this person, if it is one the municipality's
        provider speaks for (in its domains, not marked unverified); else refuse."""
        app = sociallogin.provider.app
        municipality = Municipality.objects.filter(
            scb_code=(app.settings or {}).get("municipality", "")).first()
        if not sociallogin.email_addresses and sociallogin.user and sociallogin.user.email:
            # SAML: the address is an attribute (or the NameID), not an address list.
            sociallogin.email_addresses = [EmailAddress(email=sociallogin.user.email)]
        address = sociallogin.email_addresses[0] if sociallogin.email_addresses else None
        claims = sso.claims(sociallogin)
        stated_unverified = str(claims.get("email_verified", "true")).lower() == "false"
        if (municipality is None or address is None or stated_unverified
                or not municipality.owns_address(address.email)):
            raise ImmediateHttpResponse(render(
                request, "socialaccount/municipal_refused.html",
                {"municipality": municipality, "provider_name": app.name}, status=403))
        # The municipality's own provider vouches for addresses in its own domains.
        address.verified = True
        address.primary = True
        return address.email

    def _admit_municipal(self, request, sociallogin):
        email = self._municipal_address(request, sociallogin)
        known = User.objects.filter(email__iexact=email).first()
        if known is None:
            if not Invitation.objects.pending().filter(email__iexact=email).exists():
                # A new account with no role: say why there is nothing to see yet.
                sociallogin.state["next"] = reverse("accounts:sso_no_role")
            return  # allauth signs the person up (save_user above)
        verified = EmailAddress.objects.filter(user=known, email__iexact=email,
                                               verified=True).exists()
        has_role = (known.is_coordinator or known.is_school_staff
                    or Invitation.objects.pending().filter(email__iexact=email).exists())
        # An operator's account is never reached through a provider: the coordinators
        # configure the providers in admin, and must not be able to sign in as an operator.
        if not (verified and has_role and known.is_active) or known.is_superuser:
            raise ImmediateHttpResponse(render(
                request, "socialaccount/municipal_refused.html",
                {"existing_account": True, "provider_name": sociallogin.provider.app.name},
                status=403))
        sociallogin.connect(request, known)
        for invitation in Invitation.objects.pending().filter(email__iexact=email):
            services.accept_invitation(invitation.pk, known)

    def _check_connect(self, request, sociallogin):
        """Linking from *Mina uppgifter*: an e-legitimation to any account; a municipal
        account only to the account with that (verified, in-domain) address."""
        if sso.kind(sociallogin.provider.app) == sso.KIND_EID or not request.user.is_authenticated:
            return
        email = self._municipal_address(request, sociallogin)
        if not EmailAddress.objects.filter(user=request.user, email__iexact=email,
                                           verified=True).exists():
            raise ImmediateHttpResponse(render(
                request, "socialaccount/municipal_refused.html",
                {"other_address": True, "provider_name": sociallogin.provider.app.name},
                status=403))
