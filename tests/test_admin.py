"""The coordinator manages every model in Django admin."""

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture
def demo_data(schools):
    call_command("load_demo_data", stdout=open("/dev/null", "w"))


def _registry():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.mark.django_db
def test_every_admin_page_answers_for_the_coordinator(client, coordinator, demo_data):
    client.force_login(coordinator)
    assert client.get(reverse("admin:index")).status_code == 200
    checked = 0
    for model, model_admin in _registry():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        response = client.get(changelist)
        assert response.status_code == 200, changelist
        # Search and filters must not break either.
        if model_admin.search_fields:
            assert client.get(changelist, {"q": "Borås"}).status_code == 200, changelist
        if model_admin.has_add_permission(_request(coordinator)):
            add = reverse("admin:{}_{}_add".format(*info))
            assert client.get(add).status_code == 200, add
        obj = model._default_manager.first()
        if obj is not None:
            change = reverse("admin:{}_{}_change".format(*info), args=[obj.pk])
            assert client.get(change).status_code == 200, change
        checked += 1
    assert checked >= 8


def _request(user):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.django_db
def test_admin_lists_have_search_and_columns():
    from schools.models import School

    school_admin = admin.site._registry[School]
    assert "name" in school_admin.search_fields
    assert len(school_admin.list_display) > 1
