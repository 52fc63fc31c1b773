"""Error reports to Sentry (or a compatible server such as GlitchTip), when SENTRY_DSN is set.

Imported by the settings only then, so without a DSN the SDK is never loaded and
nothing is sent. Web requests and Celery tasks report through the Django and Celery
integrations, and every `log.error(...)` (with its traceback, `exc_info`) through the
SDK's default logging integration: core/mail_outbox.py reports a mail that cannot be
built (a template error) that way. No personal data (send_default_pii=False: no user
emails, cookies, IP addresses or request bodies).
"""

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration


def init_sentry(dsn: str, *, environment: str, traces_sample_rate: float = 0.0) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
    )
