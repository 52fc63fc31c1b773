import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from accounts.models import Staffing, User
from core.env import envbool, envint


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
                                     "meetings", "programme", "initiatives"}}
