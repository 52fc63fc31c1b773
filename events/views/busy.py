from django.contrib import messages
from django.utils.translation import gettext as _


def show_busy(request):
    """The event stayed locked past lock_timeout (core.locks.LockWaitTimeout)."""
    messages.error(request, _("Många anmäler sig just nu. Försök igen om en liten stund."))
