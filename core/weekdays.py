"""One weekday enum for every app: ISO 8601 numbering, 1 = Monday … 7 = Sunday.

The same numbers as `date.isoweekday()`, so a stored weekday compares directly
with a date's.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("måndag")
    TUESDAY = 2, _("tisdag")
    WEDNESDAY = 3, _("onsdag")
    THURSDAY = 4, _("torsdag")
    FRIDAY = 5, _("fredag")
    SATURDAY = 6, _("lördag")
    SUNDAY = 7, _("söndag")
