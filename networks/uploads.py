"""What may be uploaded to a network, and how it is served back.

Files are checked by extension AND by their first bytes, and served with the
content type from this table, never the one the browser claimed. Only types a
browser cannot run as a page (PDF, images, audio) are shown inline; everything
else is an attachment.
"""

from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings

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
