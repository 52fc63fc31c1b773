import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from accounts.models import Staffing, User
from core.env import envbool, envint

ROOT = Path(__file__).resolve().parent.parent


def test_env_helpers_fail_loudly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "kanske")
    with pytest.raises(ImproperlyConfigured):
        envbool("X_FLAG", False)
    monkeypatch.setenv("X_FLAG", "yes")
    assert envbool("X_FLAG", False) is True
    monkeypatch.setenv("X_NUM", "tio")
    with pytest.raises(ImproperlyConfigured):
        envint("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "10")
    assert envint("X_NUM", 1) == 10


def _manage(args, env_extra, tmp_path):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_"))}
    env.update({"DJANGO_SETTINGS_MODULE": "sjuharad.settings", "DATA_DIR": str(tmp_path)})
    env.update(env_extra)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k" * 64 + "-a-long-and-random-production-secret",
    "ALLOWED_HOSTS": "kulturskola.example.se",
    "EMAIL_HOST": "smtp.example.se",
}


def test_check_deploy_is_clean_in_production(tmp_path):
    result = _manage(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST"])
def test_production_refuses_to_start_without_required_settings(tmp_path, missing):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _manage(["check"], env, tmp_path)
    assert result.returncode != 0
    assert missing in result.stderr


def test_development_generates_and_keeps_a_secret_key(tmp_path):
    assert _manage(["check"], {}, tmp_path).returncode == 0
    key = (tmp_path / "secret_key.txt").read_text()
    assert len(key) > 40
    _manage(["check"], {}, tmp_path)
    assert (tmp_path / "secret_key.txt").read_text() == key


@pytest.mark.django_db
def test_demo_data_can_be_loaded_twice(schools):
    call_command("load_demo_data", stdout=open(os.devnull, "w"))
    counts = _counts()
    call_command("load_demo_data", stdout=open(os.devnull, "w"))
    assert _counts() == counts
    assert User.objects.get(email="samordnare@demo.example").is_coordinator
    head = User.objects.get(email="chef.boras@demo.example")
    assert head.is_head and head.check_password("kulturskola-demo")
    assert Staffing.objects.filter(role="head").count() == 7


def _counts():
    from django.apps import apps

    return {m._meta.label: m._default_manager.count() for m in apps.get_models()
            if m._meta.app_label in {"accounts", "schools", "networks", "courses", "events",
                                     "initiatives"}}
