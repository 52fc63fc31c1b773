"""Event files pass the same allowlist and content check as network files, in the portal
and in admin, and are served with the allowlist's content type."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from events.models import EventFile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.mark.parametrize("name, content, message", [
    ("virus.exe", b"MZ\x90\x00", "Filtypen är inte tillåten."),
    ("sida.html", b"<html><script>alert(1)</script>", "Filtypen är inte tillåten."),
    ("bild.svg", b"<svg onload=alert(1)>", "Filtypen är inte tillåten."),
    ("falsk.pdf", b"<html>inte en pdf</html>", "Filens innehåll stämmer inte med filändelsen pdf."),
    ("tom.pdf", b"", "Filen är tom."),
])
def test_an_event_file_of_a_wrong_type_is_refused_with_the_input_kept(
        client, heads_meeting, head_boras, name, content, message):
    client.force_login(head_boras)
    response = client.post(reverse("events:upload_file", args=[heads_meeting.pk]), {
        "file-title": "Programmet", "file-file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page and 'value="Programmet"' in page
    assert not EventFile.objects.exists()


def test_an_allowed_event_file_is_stored_and_served_with_its_own_type(
        client, heads_meeting, head_boras):
    client.force_login(head_boras)
    client.post(reverse("events:upload_file", args=[heads_meeting.pk]), {
        "file-title": "Noter", "file-file": SimpleUploadedFile("noter.png", b"\x89PNG\r\n\x1a\n..",
                                                               content_type="text/html")})
    event_file = EventFile.objects.get()
    response = client.get(reverse("events:download_file", args=[event_file.pk]))
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_file_stored_before_the_allowlist_is_only_a_plain_download(
        client, heads_meeting, head_boras):
    event_file = EventFile(event=heads_meeting, title="Gammal")
    event_file.file.save("gammal.html", SimpleUploadedFile("gammal.html", b"<script>"))
    client.force_login(head_boras)
    response = client.get(reverse("events:download_file", args=[event_file.pk]))
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")


def test_admin_refuses_a_wrong_type_too(admin_client, heads_meeting):
    response = admin_client.post(reverse("admin:events_eventfile_add"), {
        "event": heads_meeting.pk, "title": "Virus",
        "file": SimpleUploadedFile("virus.exe", b"MZ\x90\x00")})
    assert response.status_code == 200
    assert "Filtypen är inte tillåten." in response.content.decode()
    assert not EventFile.objects.exists()
