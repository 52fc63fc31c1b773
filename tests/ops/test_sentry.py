"""Sentry is initialised only when SENTRY_DSN is set; otherwise the SDK is not imported."""

import json

from tests.ops.support import clean_env, python

PROBE = ("import django, json, sys; django.setup(); loaded = 'sentry_sdk' in sys.modules\n"
         "if loaded:\n"
         "    import sentry_sdk; client = sentry_sdk.get_client()\n"
         "    print(json.dumps([client.is_active(), client.options['send_default_pii'],"
         " sorted(client.integrations)]))\n"
         "else:\n"
         "    print(json.dumps(None))")


def test_not_imported_without_a_dsn(tmp_path):
    result = python(PROBE, clean_env(tmp_path))
    assert json.loads(result.stdout) is None, result.stderr


def test_initialised_for_web_and_worker_with_a_dsn(tmp_path):
    # Port 9 (discard): nothing is listening, nothing leaves the machine.
    result = python(PROBE, clean_env(tmp_path, SENTRY_DSN="http://public@127.0.0.1:9/1"))
    active, send_pii, integrations = json.loads(result.stdout)
    assert active is True and send_pii is False
    assert {"django", "celery"} <= set(integrations)
