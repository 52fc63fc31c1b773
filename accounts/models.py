import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager, Group
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import bounds
from schools.models import Municipality, School, Subject

# The age rules, for accounts, courses and events alike. Pupils of this age (in the
# year in question) sign up, apply for courses and register for events themselves;
# younger children only through a guardian.
SELF_SERVICE_AGE = 13
# A child's birth year lies at most this many years back (pupils are 6 to 20).
CHILD_MAX_AGE = 25


def acts_on_own(birth_year: int, year: int) -> bool:
    """Whether a pupil born in `birth_year` acts without a guardian in `year`."""
    return year - birth_year >= SELF_SERVICE_AGE


def pupil_birth_year_error(birth_year, year=None):
    """Why a pupil account cannot have this birth year (None: it can)."""
    if not birth_year:
        return _("Ange ditt födelseår.")
    if not acts_on_own(birth_year, year or timezone.localdate().year):
        return _("Elever under 13 år registreras av en vårdnadshavare. Be din "
                 "vårdnadshavare skapa ett konto och lägga till dig.")
    return None


def child_birth_year_error(birth_year, year=None):
    """Why a child cannot have this birth year (None: it can)."""
    this_year = year or timezone.localdate().year
    if birth_year is not None and not this_year - CHILD_MAX_AGE <= birth_year <= this_year:
        return _("Ange ett födelseår mellan %(a)s och %(b)s.") % {
            "a": this_year - CHILD_MAX_AGE, "b": this_year}
    return None


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        # Only operators (`manage.py createsuperuser`): they run the servers and may
        # change what coordinators may do. The portal's pages treat them as coordinators.
        extra["account_type"] = User.AccountType.COORDINATOR
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


# The Django group that holds a coordinator's admin permissions (accounts.permissions
# says which; accounts.services.sync_coordinator_group keeps it so after every migrate).
COORDINATOR_GROUP = "Samordnare"


class User(AbstractUser):
    """A person who signs in. Email is the login; there is no username.

    Staff roles (head, teacher) live in Staffing rows, one per school, so shared
    positions across schools are possible. account_type says what kind of
    account this is; public sign-up can only create guardians and pupils.
    """

    class AccountType(models.TextChoices):
        GUARDIAN = "guardian", _("Vårdnadshavare")
        PUPIL = "pupil", _("Elev (13 år eller äldre)")
        STAFF = "staff", _("Personal")
        COORDINATOR = "coordinator", _("Samordnare")

    username = None
    email = models.EmailField(_("e-postadress"), unique=True)
    account_type = models.CharField(_("kontotyp"), max_length=20, choices=AccountType.choices,
                                    default=AccountType.GUARDIAN)
    birth_year = models.PositiveSmallIntegerField(
        _("födelseår"), null=True, blank=True, validators=bounds.birth_year(),
        help_text=_("Endast för elevkonton."))
    home_municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True,
        verbose_name=_("hemkommun"), related_name="+")
    subjects = models.ManyToManyField(
        Subject, blank=True, related_name="+", verbose_name=_("instrument och ämnen"),
        help_text=_("För personal: vad du undervisar i."))
    show_email_to_colleagues = models.BooleanField(
        _("visa min e-post för kolleger i mina nätverk"), default=False)
    language = models.CharField(
        _("språk"), max_length=8, choices=settings.LANGUAGES, default="sv",
        help_text=_("Språket i portalen och i mejlen vi skickar till dig."))

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("användare")
        verbose_name_plural = _("användare")
        ordering = ["first_name", "last_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    @classmethod
    def from_db(cls, db, field_names, values):
        user = super().from_db(db, field_names, values)
        user._saved_account_type = user.__dict__.get("account_type")
        return user

    def save(self, *args, **kwargs):
        # Admin is for coordinators (as staff in the Samordnare group, with the model
        # permissions they need) and operators (superusers); the account type decides.
        coordinator = self.account_type == self.AccountType.COORDINATOR
        self.is_staff = coordinator or self.is_superuser
        super().save(*args, **kwargs)
        saved_as = getattr(self, "_saved_account_type", None)
        if saved_as != self.account_type and self.AccountType.COORDINATOR in (
                saved_as, self.account_type):
            self.follow_coordinator_group()
        self._saved_account_type = self.account_type

    def follow_coordinator_group(self):
        """In the Samordnare group exactly while the account type is coordinator."""
        coordinator = self.account_type == self.AccountType.COORDINATOR
        group = Group.objects.filter(name=COORDINATOR_GROUP).first()
        if group is None:
            if not coordinator:
                return
            # Deleted by hand: made again, empty until the next migrate or
            # `manage.py sync_coordinator_group` (accounts.services) fills it.
            group = Group.objects.create(name=COORDINATOR_GROUP)
        if coordinator:
            self.groups.add(group)
        else:
            self.groups.remove(group)

    def clean(self):
        super().clean()
        if self.account_type == self.AccountType.PUPIL and (
                error := pupil_birth_year_error(self.birth_year)):
            raise ValidationError({"birth_year": error})

    @property
    def display_name(self):
        """The name; without one, the e-mail only if the person shows it to colleagues."""
        if self.get_full_name():
            return self.get_full_name()
        if self.show_email_to_colleagues:
            return self.email
        return gettext("Medlem utan namn (nr %(number)s)") % {"number": self.pk}

    @property
    def is_coordinator(self):
        return self.is_active and (
            self.is_superuser or self.account_type == self.AccountType.COORDINATOR)

    @property
    def is_leader(self):
        """Head of a school or coordinator: who manages courses, hosts events, sees the
        demand and the survey, proposes initiatives, and must use two factors."""
        return self.is_coordinator or self.is_head

    @property
    def is_pupil(self):
        return self.account_type == self.AccountType.PUPIL

    @property
    def is_guardian(self):
        return self.account_type == self.AccountType.GUARDIAN

    def _staffings(self):
        # Cached per instance: the role checks run on every page (navigation).
        if not hasattr(self, "_staffing_cache"):
            self._staffing_cache = list(self.staffings.all()) if self.pk else []
        return self._staffing_cache

    @property
    def head_school_ids(self) -> set[int]:
        return {s.school_id for s in self._staffings() if s.role == Staffing.Role.HEAD}

    @property
    def is_head(self):
        return bool(self.head_school_ids)

    @property
    def is_teacher(self):
        return any(s.role == Staffing.Role.TEACHER for s in self._staffings())

    @property
    def is_school_staff(self):
        """Head or teacher of at least one school."""
        return bool(self._staffings())


class Staffing(models.Model):
    """A person's position at one school: head (kulturskolechef) or teacher (pedagog)."""

    class Role(models.TextChoices):
        HEAD = "head", _("Kulturskolechef")
        TEACHER = "teacher", _("Pedagog")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staffings",
                             verbose_name=_("person"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staffings",
                               verbose_name=_("skola"))
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        verbose_name = _("tjänst")
        verbose_name_plural = _("tjänster")
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="one_role_per_school"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.school}"


def _invitation_token():
    return secrets.token_urlsafe(32)


def _invitation_expiry():
    return timezone.now() + timedelta(days=14)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at=None, revoked_at=None, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """The only way to a staff role: a coordinator, or a head for their own school, invites."""

    email = models.EmailField(_("e-postadress"))
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="invitations",
                               verbose_name=_("skola"))
    role = models.CharField(_("roll"), max_length=20, choices=Staffing.Role.choices)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token,
                             editable=False)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True,
                                   related_name="+", verbose_name=_("inbjuden av"))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    expires_at = models.DateTimeField(_("giltig till"), default=_invitation_expiry,
                                      validators=[bounds.validate_date_in_range])
    accepted_at = models.DateTimeField(_("accepterad"), null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("accepterad av"))
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("inbjudan")
        verbose_name_plural = _("inbjudningar")

    def __str__(self):
        return f"{self.email} ({self.get_role_display()}, {self.school})"

    @property
    def is_pending(self):
        return (self.accepted_at is None and self.revoked_at is None
                and self.expires_at > timezone.now())


class ChildQuerySet(models.QuerySet):
    def without_self(self):
        """Children a guardian applies for: not a pupil's own row (is_self)."""
        return self.filter(is_self=False)


class Child(models.Model):
    """A child a guardian applies for. Only what applying needs: name, birth year, home.

    A pupil aged 13 or older who applies with their own account has one Child
    row for themselves (is_self).
    """

    guardian = models.ForeignKey(User, on_delete=models.CASCADE, related_name="children",
                                 verbose_name=_("vårdnadshavare"))
    first_name = models.CharField(_("förnamn"), max_length=100)
    last_name = models.CharField(_("efternamn"), max_length=100)
    birth_year = models.PositiveSmallIntegerField(_("födelseår"), validators=bounds.birth_year())
    home_municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                          related_name="+", verbose_name=_("hemkommun"))
    is_self = models.BooleanField(_("eleven själv"), default=False)
    school = models.ForeignKey(
        School, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("kulturskola"),
        help_text=_("Skolan barnet går i. Platser på gemensamma evenemang räknas mot den."))
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name = _("barn")
        verbose_name_plural = _("barn")

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def clean(self):
        # The pupil's own row follows the profile, whose rule is the pupil's.
        if not self.is_self and (error := child_birth_year_error(self.birth_year)):
            raise ValidationError({"birth_year": error})

    @property
    def name(self):
        return f"{self.first_name} {self.last_name}"

    def age_in(self, year: int) -> int:
        """Age during `year`, from the birth year alone (all we store)."""
        return year - self.birth_year


class SignInEvent(models.Model):
    """The login log: every sign-in, and every link or unlink of a municipal account or an
    e-legitimation, for the person's data download and for support. No personal identity
    number and no token is ever written here."""

    class Action(models.TextChoices):
        LOGIN = "login", _("Inloggning")
        LINK = "link", _("Koppling")
        UNLINK = "unlink", _("Borttagen koppling")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_in_events",
                             verbose_name=_("person"))
    at = models.DateTimeField(_("tidpunkt"), default=timezone.now, db_index=True)
    action = models.CharField(_("händelse"), max_length=10, choices=Action.choices)
    # "password" for the portal's own sign-in, else the provider's id (e.g. "boras").
    method = models.CharField(_("sätt"), max_length=100)
    provider_name = models.CharField(_("inloggningstjänst"), max_length=200, blank=True)
    mfa_by_provider = models.BooleanField(
        _("tvåstegsverifiering hos inloggningstjänsten"), default=False)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("inloggningshändelse")
        verbose_name_plural = _("inloggningslogg")

    def __str__(self):
        return f"{self.user} – {self.get_action_display()} ({self.method})"
