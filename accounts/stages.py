"""allauth's MFA step at sign-in, answered by the identity provider where it did MFA."""

from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage

from accounts import sso


class AuthenticateStage(AllauthAuthenticateStage):
    """A municipal or e-legitimation sign-in whose ID token says the provider did
    multi-factor authentication (the provider's mfa_amr / mfa_acr) counts as the second
    factor; every other sign-in is asked for the portal's own code as before."""

    def _should_handle(self, request) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and sso.login_mfa_by_provider(sociallogin):
            return False
        return super()._should_handle(request)
