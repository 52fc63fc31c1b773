"""Serving uploaded files, which are private: only views that have checked access call this.

Works with any storage: local disk, or S3-compatible storage (STORAGE_S3_BUCKET), whose
files are streamed through Django too. No bucket URL is ever handed out, so the
permission check in the view is the only way to a file.
"""

from django.http import FileResponse, Http404


def private_file_response(field_file, filename, *, content_type=None, inline=False):
    """The stored file, for this person only, never cached by a proxy; 404 if it is gone."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=not inline, filename=filename,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Even an inline PDF or image must not run scripts or load anything else.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
