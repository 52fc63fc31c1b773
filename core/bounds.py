"""The ranges every path accepts: model validators (portal forms, admin and services through
full_clean), plain forms and URL parameters all take their limits from here.

- Dates and date-times: 2000-01-01 to 2100-12-31. Outside that window a date is a typo or
  an attack (year 1 is stored as "0001 BC" by PostgreSQL and cannot be read back; year 9999
  makes month pages loop for seconds).
- Reminder offsets: at most one year before the start (8,784 hours, a leap year).
- Integers: within their database column (smallint, integer), and birth years 1900–2100.
- E-mail addresses: at most 254 characters (RFC 5321's path limit, and the column of every
  address the portal stores or mails: users, invitations, the outbox's recipient).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MIN_DATE = datetime.date(2000, 1, 1)
MAX_DATE = datetime.date(2100, 12, 31)
MIN_YEAR, MAX_YEAR = MIN_DATE.year, MAX_DATE.year
MAX_REMINDER_HOURS = 366 * 24
MIN_BIRTH_YEAR = 1900
MAX_AGE = 150  # an age typed into a filter
SMALLINT_MAX = 32767
INTEGER_MAX = 2147483647
BIGINT_MAX = 9223372036854775807  # primary keys (BigAutoField)
EMAIL_MAX_LENGTH = 254


def check_email_length(address: str) -> str:
    """Refuse an address longer than the portal can store or mail, with a message on the
    form (every form that takes an address calls this: sign-up, password reset, adding an
    address, invitations), never a 500 or a silently shortened address."""
    if address and len(address) > EMAIL_MAX_LENGTH:
        raise ValidationError(
            _("En e-postadress får vara högst %(max)s tecken. Den du skrev har %(n)s tecken."),
            code="max_length", params={"max": EMAIL_MAX_LENGTH, "n": len(address)})
    return address


def min_datetime() -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(MIN_DATE, datetime.time.min))


def max_datetime() -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(MAX_DATE, datetime.time.max))


def date_in_range(value) -> bool:
    """For a date or a date-time (its own calendar day)."""
    day = value.date() if isinstance(value, datetime.datetime) else value
    return MIN_DATE <= day <= MAX_DATE


def validate_date_in_range(value):
    if value is not None and not date_in_range(value):
        raise ValidationError(
            _("Ange ett datum mellan %(min)s och %(max)s."), code="date_out_of_range",
            params={"min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()})


def smallint(minimum: int = 0) -> list:
    """Validators for a (positive) smallint column."""
    return [MinValueValidator(minimum), MaxValueValidator(SMALLINT_MAX)]


def integer(minimum: int = 0) -> list:
    """Validators for a (positive) integer column."""
    return [MinValueValidator(minimum), MaxValueValidator(INTEGER_MAX)]


def year() -> list:
    """Validators for a calendar year (an initiative's year)."""
    return [MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]


def birth_year() -> list:
    return [MinValueValidator(MIN_BIRTH_YEAR), MaxValueValidator(MAX_YEAR)]


def parse_int(text, minimum: int, maximum: int) -> int | None:
    """A URL parameter as an int within [minimum, maximum], or None (never an exception)."""
    try:
        value = int(str(text).strip())
    except (TypeError, ValueError, OverflowError):
        return None
    return value if minimum <= value <= maximum else None


def month_in_range(year: int, month: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12
