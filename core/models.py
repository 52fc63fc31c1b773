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
        return self.filter(sent_at__isnull=True)

    def for_address(self, address: str):
        return self.filter(to__iexact=address)


class OutgoingMail(models.Model):
    """One rendered mail to one recipient, written in the same transaction as the change
    that causes it; a worker sends it once (core/mail_outbox.py).

    The Message-ID is fixed when the row is made, so a copy sent twice (a worker killed
    right after the mail server's "250 OK") is the same message to mail systems that
    de-duplicate by Message-ID.
    """

    message_id = models.CharField(_("meddelande-id"), max_length=200, unique=True)
    template = models.CharField(_("sort"), max_length=100,
                                help_text=_("Mallen under templates/emails/."))
    # What the mail is about ("invitation:12"), so an unsent one can be withdrawn.
    topic = models.CharField(_("gäller"), max_length=100, blank=True, db_index=True)
    to = models.EmailField(_("mottagare"))
    subject = models.CharField(_("ämne"), max_length=500)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachment_name = models.CharField(_("bilagans namn"), max_length=100, blank=True)
    attachment_type = models.CharField(_("bilagans typ"), max_length=100, blank=True)
    attachment = models.TextField(_("bilaga"), blank=True)
    created_at = models.DateTimeField(_("skapad"), default=timezone.now)
    # When a worker should next pick it up; the sweep re-queues rows well past it.
    due_at = models.DateTimeField(_("nästa försök"), default=timezone.now)
    # A worker's claim while it talks to the mail server (see mail_outbox.claim).
    claimed_until = models.DateTimeField(_("upptagen till"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    last_error = models.TextField(_("senaste fel"), blank=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    failed_at = models.DateTimeField(_("gav upp"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("utgående e-post")
        verbose_name_plural = _("utgående e-post")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # The sweep (core.mail_outbox.sweep) reads only rows still to send.
            models.Index(fields=["due_at"], name="outgoing_mail_unsent",
                         condition=models.Q(sent_at__isnull=True, failed_at__isnull=True)),
            # Retention deletes sent rows by age.
            models.Index(fields=["sent_at"], name="outgoing_mail_sent_at"),
        ]

    def __str__(self):
        return f"{self.to}: {self.subject}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
