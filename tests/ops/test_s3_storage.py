"""Uploads on S3-compatible storage: stored in the bucket, served only through the views
that check access (streamed through Django, never a bucket URL), deleted with their rows."""

import json

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import Staffing
from events.models import Event
from networks.models import Membership, Network, Resource
from schools.models import Subject
from tests.events.conftest import make_event
from tests.factories import staff
from tests.ops.support import clean_env, python

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def guitar_member(schools):
    network = Network.objects.create(name="Gitarrnätverket", slug="gitarr",
                                     subject=Subject.objects.get(slug="gitarr"))
    teacher = staff(schools["tranemo"], Staffing.Role.TEACHER, email="larare@example.se")
    Membership.objects.create(network=network, user=teacher)
    return network, teacher


@pytest.mark.django_db
def test_a_network_file_lives_in_the_bucket_and_is_served_by_the_view(
        client, s3_storage, guitar_member, django_capture_on_commit_callbacks):
    network, teacher = guitar_member
    client.force_login(teacher)
    response = client.post(reverse("networks:resource_create", args=[network.slug]), {
        "title": "Greensleeves", "composer": "Trad.", "instrumentation": "Gitarr",
        "level": Resource.Level.BEGINNER, "link": "", "notes": "", "occasion": "",
        "occasion_note": "", "file": SimpleUploadedFile("Stämma 1.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    piece = network.resources.get()
    [key] = s3_storage.keys()
    assert key == f"uploads/{piece.file.name}" and s3_storage.body(key) == PDF

    download = client.get(reverse("networks:resource_file", args=[network.slug, piece.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["Cache-Control"] == "private, no-store"
    assert "Location" not in download  # streamed, never a redirect to the bucket

    client.logout()
    assert client.get(reverse("networks:resource_file",
                              args=[network.slug, piece.pk])).status_code == 302  # log in

    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("networks:resource_delete", args=[network.slug, piece.pk]))
    assert s3_storage.keys() == []


@pytest.mark.django_db
def test_an_event_file_lives_in_the_bucket_and_is_served_by_the_view(
        client, s3_storage, schools, head_boras):
    meeting = make_event([schools["boras"]], title="Chefsmöte", audience=Event.Audience.HEADS)
    client.force_login(head_boras)
    client.post(reverse("events:upload_file", args=[meeting.pk]), {
        "file-title": "Budget", "file-file": SimpleUploadedFile("budget.pdf", b"%PDF-siffror")})
    event_file = meeting.files.get()
    assert s3_storage.keys() == [f"uploads/{event_file.file.name}"]

    download = client.get(reverse("events:download_file", args=[event_file.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-siffror"
    assert download["Content-Disposition"].startswith('inline; filename="budget.pdf"')

    # Gone from the bucket (deleted by hand, or a restore without files): 404, not 500.
    event_file.file.storage.delete(event_file.file.name)
    assert s3_storage.keys() == []
    assert client.get(reverse("events:download_file", args=[event_file.pk])).status_code == 404
    # A row without a file at all is the same.
    event_file.file.delete()
    assert client.get(reverse("events:download_file", args=[event_file.pk])).status_code == 404


def test_the_environment_selects_the_bucket(tmp_path, s3_server):
    code = ("import django, json; django.setup();"
            "from django.core.files.storage import storages; s = storages['default'];"
            "print(json.dumps([type(s).__name__, s.bucket_name, s.endpoint_url, s.location,"
            " s.default_acl, s.querystring_auth]))")
    result = python(code, clean_env(tmp_path, **s3_server.env()))
    assert json.loads(result.stdout) == ["S3Storage", "kulturskola-test", s3_server.endpoint,
                                         "uploads", "private", True], result.stderr


def test_local_disk_is_the_default():
    assert type(storages["default"]).__name__ == "FileSystemStorage"
