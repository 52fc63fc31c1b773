"""Shared repertoire: adding, searching, filtering; uploads refused or served safely."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from networks.models import Resource

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def add(client, data, upload=None):
    payload = {"title": "Greensleeves", "composer": "Trad.", "instrumentation": "Gitarr",
               "level": Resource.Level.BEGINNER, "link": "", "notes": "", "occasion": "",
               "occasion_note": "", **data}
    if upload is not None:
        payload["file"] = upload
    return client.post(reverse("networks:resource_create", args=["gitarr"]), payload)


def test_a_member_adds_a_piece_with_a_link(client, guitar, member):
    client.force_login(member)
    response = add(client, {"link": "imslp.org/wiki/Greensleeves",
                            "occasion": Resource.Occasion.PLAY_DAY,
                            "occasion_note": "Speldagen i Tranemo"})
    assert response.status_code == 302
    piece = guitar.resources.get()
    assert piece.added_by == member and piece.link == "https://imslp.org/wiki/Greensleeves"
    html = client.get(reverse("networks:resources", args=["gitarr"])).content.decode()
    assert "Greensleeves" in html and "Speldag" in html and "Speldagen i Tranemo" in html
    assert member.display_name in html


def test_a_piece_needs_a_link_or_a_file(client, guitar, member):
    client.force_login(member)
    response = add(client, {"title": "Utan allt", "composer": "Någon"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ange en länk eller ladda upp en fil." in html
    assert 'value="Utan allt"' in html and 'value="Någon"' in html  # what was typed is kept
    assert not guitar.resources.exists()


def test_a_pdf_is_stored_privately_and_served_inline_to_members(client, guitar, member,
                                                                settings):
    client.force_login(member)
    response = add(client, {}, SimpleUploadedFile("Stämma 1.pdf", PDF, "application/pdf"))
    assert response.status_code == 302
    piece = guitar.resources.get()
    assert piece.file_name == "Stämma 1.pdf" and piece.file_size == len(PDF)
    assert piece.file.name.startswith(f"networks/{guitar.pk}/")
    assert "Stämma" not in piece.file.name  # random stored name
    assert (settings.MEDIA_ROOT / piece.file.name).exists()

    download = client.get(reverse("networks:resource_file", args=["gitarr", piece.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Type"] == "application/pdf"
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("inline")
    assert "sandbox" in download["Content-Security-Policy"]


def test_a_document_is_served_as_an_attachment(client, guitar, member):
    client.force_login(member)
    add(client, {}, SimpleUploadedFile("noter.docx", docx_bytes(), "text/html"))
    piece = guitar.resources.get()
    download = client.get(reverse("networks:resource_file", args=["gitarr", piece.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    # The type comes from our table, never from what the browser claimed.
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")


def test_files_are_not_served_to_outsiders(client, guitar, member, other_staff, pupil):
    client.force_login(member)
    add(client, {}, SimpleUploadedFile("a.pdf", PDF, "application/pdf"))
    path = reverse("networks:resource_file", args=["gitarr", guitar.resources.get().pk])
    for user in (other_staff, pupil):
        client.force_login(user)
        assert client.get(path).status_code == 404
    client.logout()
    assert client.get(path).status_code == 302


@pytest.mark.parametrize("name,content,message", [
    ("skript.html", b"<script>alert(1)</script>", "Filtypen är inte tillåten"),
    ("bild.svg", b"<svg onload=alert(1)>", "Filtypen är inte tillåten"),
    ("program.exe", b"MZ\x90\x00", "Filtypen är inte tillåten"),
    ("falsk.pdf", b"<html><script>alert(1)</script>", "stämmer inte med filändelsen pdf"),
    ("tom.pdf", b"", "Filen är tom"),
])
def test_bad_uploads_are_refused_with_a_clear_message(client, guitar, member, name, content,
                                                      message):
    client.force_login(member)
    response = add(client, {"title": "Mitt stycke"}, SimpleUploadedFile(name, content))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="Mitt stycke"' in html
    assert "Ange en länk eller ladda upp en fil." not in html  # one message, the right one
    assert not guitar.resources.exists()


def test_a_too_large_file_is_refused_with_the_limit(client, guitar, member, settings):
    settings.NETWORKS_MAX_UPLOAD_BYTES = 1024
    client.force_login(member)
    response = add(client, {}, SimpleUploadedFile("stor.pdf", PDF + b"0" * 2000))
    html = response.content.decode()
    assert "Filen är för stor" in html and "1,0\xa0kB" in html
    assert not guitar.resources.exists()


def test_search_and_level_filter(client, guitar, member):
    Resource.objects.create(network=guitar, title="Greensleeves", composer="Trad.",
                            level=Resource.Level.BEGINNER, link="https://example.org/1")
    Resource.objects.create(network=guitar, title="Lagrima", composer="Tárrega",
                            level=Resource.Level.ADVANCED, link="https://example.org/2")
    Resource.objects.create(network=guitar, title="Adelita", composer="Tárrega",
                            level=Resource.Level.INTERMEDIATE, link="https://example.org/3",
                            occasion=Resource.Occasion.CONCERT)
    client.force_login(member)
    page = reverse("networks:resources", args=["gitarr"])

    def titles(params):
        html = client.get(page, params).content.decode()
        return {t for t in ("Greensleeves", "Lagrima", "Adelita") if t in html}

    assert titles({"sok": "tárrega"}) == {"Lagrima", "Adelita"}
    assert titles({"niva": Resource.Level.ADVANCED}) == {"Lagrima"}
    assert titles({"sok": "tárrega", "niva": Resource.Level.INTERMEDIATE}) == {"Adelita"}
    assert titles({"tillfalle": Resource.Occasion.CONCERT}) == {"Adelita"}
    assert titles({"niva": "nonsense"}) == {"Greensleeves", "Lagrima", "Adelita"}


def test_the_one_who_added_a_piece_deletes_it_and_its_file(
        client, guitar, member, convenor, other_staff, settings,
        django_capture_on_commit_callbacks):
    client.force_login(member)
    add(client, {}, SimpleUploadedFile("a.pdf", PDF))
    piece = guitar.resources.get()
    stored = settings.MEDIA_ROOT / piece.file.name
    delete = reverse("networks:resource_delete", args=["gitarr", piece.pk])
    other_member = other_staff
    guitar.memberships.create(user=other_member)
    client.force_login(other_member)
    assert client.post(delete).status_code == 404
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete)
    assert response.status_code == 302
    assert not guitar.resources.exists()
    assert not stored.exists()


def test_a_convenor_may_delete_any_piece(client, guitar, member, convenor):
    piece = Resource.objects.create(network=guitar, title="X", link="https://example.org",
                                    added_by=member)
    client.force_login(convenor)
    client.post(reverse("networks:resource_delete", args=["gitarr", piece.pk]))
    assert not guitar.resources.exists()


def test_the_one_who_added_a_piece_marks_it_for_a_concert_and_replaces_its_file(
        client, guitar, member, other_staff, settings, django_capture_on_commit_callbacks):
    client.force_login(member)
    add(client, {}, SimpleUploadedFile("gammal.pdf", PDF))
    piece = guitar.resources.get()
    old = settings.MEDIA_ROOT / piece.file.name
    edit = reverse("networks:resource_edit", args=["gitarr", piece.pk])
    page = client.get(edit).content.decode()
    assert "Nuvarande fil: gammal.pdf" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit, {
            "title": "Greensleeves", "level": Resource.Level.ELEMENTARY,
            "occasion": Resource.Occasion.CONCERT, "occasion_note": "Vårkonserten",
            "file": SimpleUploadedFile("ny.pdf", PDF + b"%ny")})
    assert response.status_code == 302
    piece.refresh_from_db()
    assert piece.occasion == Resource.Occasion.CONCERT and piece.file_name == "ny.pdf"
    assert not old.exists() and (settings.MEDIA_ROOT / piece.file.name).exists()

    guitar.memberships.create(user=other_staff)
    client.force_login(other_staff)
    assert client.get(edit).status_code == 404


def test_editing_without_a_new_file_keeps_the_old_one(client, guitar, member):
    client.force_login(member)
    add(client, {}, SimpleUploadedFile("noter.pdf", PDF))
    piece = guitar.resources.get()
    client.post(reverse("networks:resource_edit", args=["gitarr", piece.pk]), {
        "title": "Nytt namn", "level": Resource.Level.BEGINNER, "occasion": ""})
    piece.refresh_from_db()
    assert piece.title == "Nytt namn" and piece.file_name == "noter.pdf" and piece.file
