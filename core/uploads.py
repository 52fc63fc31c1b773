"""What may be uploaded (network files and event files alike), and how it is served back.

Files are checked by extension AND by their first bytes, and served with the
content type from this table, never the one the browser claimed. Only types a
browser cannot run as a page (PDF, images, audio) are shown inline; everything
else is an attachment.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
ZIP = (b"PK\x03\x04",)


@dataclass(frozen=True)
class FileType:
    content_type: str
    inline: bool
    signatures: tuple[bytes, ...] | None  # None: text, checked separately


ALLOWED = {
    ".pdf": FileType("application/pdf", True, (b"%PDF-",)),
    ".png": FileType("image/png", True, (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": FileType("image/jpeg", True, (b"\xff\xd8\xff",)),
    ".jpeg": FileType("image/jpeg", True, (b"\xff\xd8\xff",)),
    ".mp3": FileType("audio/mpeg", True, (b"ID3", b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")),
    ".mid": FileType("audio/midi", False, (b"MThd",)),
    ".midi": FileType("audio/midi", False, (b"MThd",)),
    ".musicxml": FileType("application/vnd.recordare.musicxml+xml", False, None),
    ".xml": FileType("application/xml", False, None),
    ".mxl": FileType("application/vnd.recordare.musicxml", False, ZIP),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", False, ZIP),
    ".odt": FileType("application/vnd.oasis.opendocument.text", False, ZIP),
}


def max_upload_bytes() -> int:
    return getattr(settings, "NETWORKS_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES)


def file_type_for(name: str) -> FileType | None:
    return ALLOWED.get(PurePosixPath(name).suffix.lower())


def allowed_extensions_text() -> str:
    return ", ".join(sorted(ext.lstrip(".") for ext in ALLOWED))


def content_matches(file_type: FileType, head: bytes) -> bool:
    if file_type.signatures is not None:
        return head.startswith(file_type.signatures)
    # MusicXML/XML: text that starts like XML (after an optional byte-order mark).
    text = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return text.startswith(b"<?xml") or text.startswith(b"<score-")


def help_text() -> str:
    return _("Tillåtna filtyper: %(types)s. Högst %(size)s.") % {
        "types": allowed_extensions_text(), "size": filesizeformat(max_upload_bytes())}


def validate_upload(upload) -> FileType:
    """The upload's type from the allowlist; ValidationError with a Swedish message when
    its extension is not allowed, it is too large or empty, or its first bytes do not match."""
    file_type = file_type_for(upload.name)
    if file_type is None:
        raise forms.ValidationError(
            _("Filtypen är inte tillåten. Tillåtna filtyper: %(types)s.")
            % {"types": allowed_extensions_text()})
    if upload.size > max_upload_bytes():
        raise forms.ValidationError(
            _("Filen är för stor (%(size)s). Största tillåtna storlek är %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_upload_bytes())})
    if upload.size == 0:
        raise forms.ValidationError(_("Filen är tom."))
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    if not content_matches(file_type, head):
        raise forms.ValidationError(
            _("Filens innehåll stämmer inte med filändelsen %(ext)s. Kontrollera att det "
              "är rätt fil.") % {"ext": upload.name.rsplit(".", 1)[-1].lower()})
    return file_type
