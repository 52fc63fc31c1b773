"""Lock waits that last too long become a friendly "try again" for the user.

Services lock the row they change (`select_for_update`), re-check and write in one
transaction (pretix' locking notes). On PostgreSQL a wait beyond `lock_timeout`
raises an OperationalError with SQLSTATE 55P03; on SQLite a write lock held past
the busy timeout raises "database is locked". Only those are a busy portal: every
other OperationalError (the database is down, a bad query) stays an error.
"""

from contextlib import contextmanager

from django.db import OperationalError
from django.utils.translation import gettext_lazy as _

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL: lock_timeout expired

# What a person is told when a lock wait ran out, on every page and in admin: the
# change was not made, and trying again shortly will work.
BUSY = _("Det är många som gör ändringar just nu. Försök igen om en liten stund.")


class LockWaitTimeout(Exception):
    """Someone else held the lock too long; the user should try again shortly."""


def is_lock_wait(error: BaseException) -> bool:
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    if getattr(cause, "sqlstate", None) == LOCK_NOT_AVAILABLE:
        return True
    return "database is locked" in str(error)


@contextmanager
def lock_waits_as_busy():
    """Re-raise a lock wait as LockWaitTimeout; let every other database error through."""
    try:
        yield
    except OperationalError as error:
        if is_lock_wait(error):
            raise LockWaitTimeout from error
        raise
