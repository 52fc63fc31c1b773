from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """When a periodic job last ran; /health/ turns red when one is too old.

    Kept in the database rather than the cache, so a restarted Redis does not
    look like a dead beat, and `manage.py health` reads the same rows.
    """

    name = models.CharField(_("namn"), max_length=50, primary_key=True)
    beaten_at = models.DateTimeField(_("senast"))

    class Meta:
        verbose_name = _("livstecken")
        verbose_name_plural = _("livstecken")

    def __str__(self):
        return f"{self.name}: {self.beaten_at:%Y-%m-%d %H:%M:%S}"


class OutgoingMailQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(status__in=OutgoingMail.WAITING)

    def for_address(self, address: str):
        return self.filter(to__iexact=address)


class OutgoingMail(models.Model):
    """One mail to one recipient: the portal's only outbox (core/mail_outbox.py).

    Written in the transaction of the change that causes it, with the time it is due
    (`due_at`: now, a reminder's time, or the next try after a refusal); a worker sends
    it and marks it. Most rows carry their rendered text; scheduled mail of an app
    (reminders) carries a `concern` and its `data` instead, and the app's registered
    hooks render it and say whether it is still wanted at the moment of sending.

    The Message-ID is fixed when the row is made, so a copy sent twice (a worker killed
    right after the mail server's "250 OK") is the same message to mail systems that
    de-duplicate by Message-ID.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kö")
        SENDING = "sending", _("Skickas")
        SENT = "sent", _("Skickad")
        IN_DOUBT = "in_doubt", _("Osäker")
        FAILED = "failed", _("Misslyckades")
        SKIPPED = "skipped", _("Överhoppad")

    WAITING = [Status.QUEUED, Status.SENDING]

    message_id = models.CharField(_("meddelande-id"), max_length=200, unique=True)
    # Made once: e.g. a reminder per (event, person, message, offset, due time).
    key = models.CharField(_("nyckel"), max_length=200, unique=True, null=True, blank=True)
    template = models.CharField(_("sort"), max_length=100,
                                help_text=_("Mallen under templates/emails/."))
    # What the mail is about ("invitation:12", "event:7"), to withdraw or skip unsent ones.
    topic = models.CharField(_("gäller"), max_length=100, blank=True, db_index=True)
    # The app hooks that render it and check it is still wanted (mail_outbox.register).
    concern = models.CharField(_("hanteras av"), max_length=50, blank=True)
    data = models.JSONField(_("uppgifter"), default=dict, blank=True)
    to = models.EmailField(_("mottagare"))
    subject = models.CharField(_("ämne"), max_length=500, blank=True)
    body_text = models.TextField(_("text"), blank=True)
    body_html = models.TextField(_("HTML"), blank=True)
    attachment_name = models.CharField(_("bilagans namn"), max_length=100, blank=True)
    attachment_type = models.CharField(_("bilagans typ"), max_length=100, blank=True)
    attachment = models.TextField(_("bilaga"), blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices,
                              default=Status.QUEUED)
    # When it is due: now, a scheduled time, or the next try after a refusal.
    due_at = models.DateTimeField(_("skickas"), default=timezone.now)
    # A worker's lease while it sends (mail_outbox.claim); the token says whose.
    claimed_until = models.DateTimeField(_("upptagen till"), null=True, blank=True)
    claimed_by = models.CharField(_("tagen av"), max_length=32, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    # When it ended unsent (failed, in doubt, skipped): retention counts from here.
    failed_at = models.DateTimeField(_("avslutad utan att skickas"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The claim and the sweep read only rows still to send.
            models.Index(fields=["due_at"], name="outgoing_mail_waiting",
                         condition=models.Q(status__in=["queued", "sending"])),
            # Retention deletes sent rows by age.
            models.Index(fields=["sent_at"], name="outgoing_mail_sent_at"),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject or self.template}"

    @property
    def is_sent(self) -> bool:
        return self.status == self.Status.SENT
