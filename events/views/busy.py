from django.contrib import messages

from core.locks import BUSY


def show_busy(request):
    """The event stayed locked past lock_timeout (core.locks.LockWaitTimeout)."""
    messages.error(request, BUSY)
