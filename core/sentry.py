"""Error reports to Sentry (or a compatible server such as GlitchTip), when SENTRY_DSN is set.

Imported by the settings; the SDK is loaded only when `init_sentry` runs (a DSN is
set), so without one nothing is sent. Web requests and Celery tasks report through the
Django and Celery integrations; `report()` sends an error the code caught to go on
(a mail template that does not render). No personal data (send_default_pii=False: no
user emails, cookies, IP addresses or request bodies).
"""

import sys


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float = 0.0) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
    )


def report(error: BaseException) -> None:
    """Send a handled error to Sentry, when Sentry is on (a no-op otherwise)."""
    sdk = sys.modules.get("sentry_sdk")
    if sdk is not None and sdk.get_client().is_active():
        sdk.capture_exception(error)
