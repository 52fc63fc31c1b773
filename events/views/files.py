"""Files for an event's participants: hosts upload, participants download (never public)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import uploads
from core.files import private_file_response
from events import permissions, services
from events.forms import EventFileForm


@login_required
@require_POST
def upload_file(request, pk):
    event = permissions.get_event_for_manager(request.user, pk)
    form = EventFileForm(request.POST, request.FILES, prefix="file")
    if form.is_valid():
        services.add_file(event, form.save(commit=False), uploaded_by=request.user)
        messages.success(request, _("Filen är uppladdad."))
        return redirect(event)
    return render(request, "events/file_form.html", {"event": event, "form": form})


@login_required
def download_file(request, pk):
    event_file = permissions.get_file_for_user(request.user, pk)
    file_type = uploads.file_type_for(event_file.file.name)
    # Stored as "<random>-<original name>"; the download gets the original name back.
    name = event_file.file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    if file_type is None:  # stored before the allowlist: only ever a plain download
        return private_file_response(event_file.file, name,
                                     content_type="application/octet-stream")
    return private_file_response(event_file.file, name, content_type=file_type.content_type,
                                 inline=file_type.inline)
