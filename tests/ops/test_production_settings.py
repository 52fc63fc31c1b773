"""Production refuses to start without what it needs; development does no I/O at import."""

import json

import pytest

from sjuharad.settings import REQUIRED_IN_PRODUCTION
from tests.ops.support import clean_env, manage, production_env, python


def _lines(text):
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("missing", REQUIRED_IN_PRODUCTION)
def test_production_stops_with_one_line_naming_the_missing_variable(tmp_path, missing):
    env = production_env(tmp_path)
    del env[missing]
    result = manage(["check"], clean_env(tmp_path, **env))
    assert result.returncode != 0
    assert _lines(result.stderr) == [
        f"Kulturskoleportalen cannot start with DJANGO_ENV=production: set {missing} "
        "(see docs/operators/deploy.md)."], result.stderr


def test_production_names_everything_missing_at_once(tmp_path):
    result = manage(["check"], clean_env(tmp_path, DJANGO_ENV="production"))
    assert result.returncode != 0
    [line] = _lines(result.stderr)
    assert "set " + ", ".join(REQUIRED_IN_PRODUCTION) in line


def test_a_blank_variable_counts_as_missing(tmp_path):
    env = {**production_env(tmp_path), "SITE_URL": "  "}
    result = manage(["check"], clean_env(tmp_path, **env))
    assert result.returncode != 0
    assert "set SITE_URL" in result.stderr


def test_eager_celery_is_refused_in_production(tmp_path):
    env = {**production_env(tmp_path), "CELERY_TASK_ALWAYS_EAGER": "true"}
    result = manage(["check"], clean_env(tmp_path, **env))
    assert result.returncode != 0
    [line] = _lines(result.stderr)
    assert "unset CELERY_TASK_ALWAYS_EAGER" in line


def test_check_deploy_is_clean_in_production(tmp_path):
    result = manage(["check", "--deploy", "--fail-level", "WARNING"],
                    clean_env(tmp_path, **production_env(tmp_path)))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_load_demo_data_refuses_in_production(tmp_path):
    result = manage(["load_demo_data"], clean_env(tmp_path, **production_env(tmp_path)))
    assert result.returncode == 1
    assert "load_demo_data refuses to run in production" in result.stderr
    assert "kulturskola-demo" not in result.stdout + result.stderr


def test_production_settings_keep_connections_and_rotate_keys(tmp_path):
    env = {**production_env(tmp_path), "SECRET_KEY_FALLBACKS": "old-key-1, old-key-2"}
    code = ("import json; from sjuharad import settings as s; d = s.DATABASES['default'];"
            "print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'],"
            " s.SECRET_KEY_FALLBACKS, s.LOG_FORMAT, s.DEBUG]))")
    result = python(code, clean_env(tmp_path, **env))
    assert json.loads(result.stdout) == [60, True, ["old-key-1", "old-key-2"], "json", False]
    result = python(code, clean_env(tmp_path, **env, DB_CONN_MAX_AGE="0",
                                    DB_CONN_HEALTH_CHECKS="false"))
    assert json.loads(result.stdout)[:2] == [0, False]


def test_importing_the_settings_writes_nothing(tmp_path):
    data_dir = tmp_path / "var"
    result = python("import sjuharad.settings", clean_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert not data_dir.exists()
    # The folders appear when Django starts in development (sjuharad.devsetup).
    assert manage(["check"], clean_env(tmp_path)).returncode == 0
    assert (data_dir / "celery-queue" / "processed").is_dir()
    assert not (data_dir / "secret_key.txt").exists()


def test_development_key_for_make_run_is_made_once_and_kept(tmp_path):
    from sjuharad.devsetup import dev_secret_key

    key = dev_secret_key(tmp_path / "var")
    assert len(key) > 40
    assert dev_secret_key(tmp_path / "var") == key
    assert (tmp_path / "var" / "secret_key.txt").stat().st_mode & 0o077 == 0



def test_an_unset_django_env_means_production(tmp_path):
    # An environment file that forgets DJANGO_ENV gets production's checks, not debug
    # mode with a public key.
    env = clean_env(tmp_path)
    del env["DJANGO_ENV"]
    result = manage(["check"], env)
    assert result.returncode != 0
    [line] = _lines(result.stderr)
    assert line.startswith("Kulturskoleportalen cannot start with DJANGO_ENV=production: set ")
    code = "from sjuharad import settings as s; print(s.PRODUCTION, s.DEBUG)"
    result = python(code, {**env, **production_env(tmp_path)})
    assert result.stdout.split() == ["True", "False"], result.stderr


@pytest.mark.parametrize("environment", ["production", "development"])
def test_smtp_credentials_without_tls_are_refused(tmp_path, environment):
    env = {**production_env(tmp_path), "DJANGO_ENV": environment,
           "EMAIL_HOST_USER": "portal", "EMAIL_HOST_PASSWORD": "s3cret"}
    result = manage(["check"], clean_env(tmp_path, **env))
    assert result.returncode != 0
    [line] = _lines(result.stderr)
    assert "EMAIL_HOST_USER/EMAIL_HOST_PASSWORD are set but the SMTP connection is not " \
           "encrypted; set EMAIL_USE_TLS=true" in line
    assert "s3cret" not in result.stderr


@pytest.mark.parametrize(("tls", "port"), [("EMAIL_USE_TLS", 587), ("EMAIL_USE_SSL", 465)])
def test_smtp_credentials_with_starttls_or_implicit_tls_start(tmp_path, tls, port):
    env = {**production_env(tmp_path), "EMAIL_HOST_USER": "portal",
           "EMAIL_HOST_PASSWORD": "s3cret", tls: "true"}
    code = ("from sjuharad import settings as s;"
            "print(s.EMAIL_PORT, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)")
    result = python(code, clean_env(tmp_path, **env))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(port), str(tls == "EMAIL_USE_TLS"),
                                     str(tls == "EMAIL_USE_SSL")]


def test_starttls_and_implicit_tls_together_are_refused(tmp_path):
    env = {**production_env(tmp_path), "EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}
    result = manage(["check"], clean_env(tmp_path, **env))
    assert result.returncode != 0
    assert "set EMAIL_USE_TLS (STARTTLS) or EMAIL_USE_SSL (implicit TLS), not both" in result.stderr


def test_settings_for_tests_live_in_the_test_settings(tmp_path):
    code = "from sjuharad import settings as s; print('TEST' in s.DATABASES['default'])"
    result = python(code, clean_env(tmp_path))
    assert result.stdout.strip() == "False", result.stderr
