from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.pagecache import VersionedQuerySet


class Municipality(models.Model):
    """A Swedish municipality (kommun), identified by its SCB code."""

    name = models.CharField(_("namn"), max_length=100, unique=True)
    scb_code = models.CharField(
        _("kommunkod (SCB)"), max_length=4, unique=True,
        help_text=_("Fyrsiffrig kommunkod enligt SCB, t.ex. 1490 för Borås."),
    )
    official_name = models.CharField(
        _("officiellt namn"), max_length=120, blank=True,
        help_text=_("Så som kommunen skriver sitt namn, t.ex. Borås Stad eller Marks kommun."),
    )
    in_sjuharad = models.BooleanField(
        _("i Sjuhärad"), default=True,
        help_text=_("Av för partnerkommuner utanför regionen, t.ex. Vara och Essunga."),
    )
    # The municipal sign-in (accounts.sso) links an account only for addresses in these
    # domains: the municipality's identity provider speaks for them and for no others.
    email_domains = models.TextField(
        _("e-postdomäner"), blank=True, default="",
        help_text=_("Kommunens egna e-postdomäner, en per rad, t.ex. boras.se. Inloggning "
                    "med kommunkonto kopplas bara till adresser i dessa domäner."))

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kommun")
        verbose_name_plural = _("kommuner")

    def __str__(self):
        return self.name

    def domain_list(self) -> list[str]:
        return [d.strip().lower().lstrip("@") for d in self.email_domains.replace(",", "\n")
                .splitlines() if d.strip()]

    def owns_address(self, email: str) -> bool:
        """True if the address is in one of the municipality's own domains (exactly, or a
        subdomain: skola.boras.se belongs to boras.se)."""
        domain = (email or "").rsplit("@", 1)[-1].strip().lower()
        if "@" not in (email or "") or not domain:
            return False
        return any(domain == d or domain.endswith("." + d) for d in self.domain_list())

    @property
    def display_official_name(self):
        """The official name, or "<name> kommun" for a row the coordinator added without one."""
        return self.official_name or _("%(name)s kommun") % {"name": self.name}


class Subject(models.Model):
    """Shared taxonomy used by networks, courses and wishes."""

    class Family(models.TextChoices):
        MUSIC = "music", _("Musik")
        DANCE = "dance", _("Dans")
        THEATRE = "theatre", _("Teater")
        ART = "art", _("Bild och form")
        MEDIA = "media", _("Media och film")
        WRITING = "writing", _("Skrivande")
        OTHER = "other", _("Övrigt")

    name = models.CharField(_("namn"), max_length=100, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    family = models.CharField(_("område"), max_length=20, choices=Family.choices,
                              default=Family.MUSIC)

    objects = VersionedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("ämne")
        verbose_name_plural = _("ämnen")

    def __str__(self):
        return self.name


class SchoolQuerySet(VersionedQuerySet):
    def in_region(self):
        return self.filter(municipality__in_sjuharad=True)

    def partners(self):
        """Partner schools outside Sjuhärad (Vara, Essunga): never among the seven."""
        return self.filter(municipality__in_sjuharad=False)


class School(models.Model):
    """A municipal culture school (kulturskola / musikskola)."""

    name = models.CharField(_("namn"), max_length=150, unique=True)
    slug = models.SlugField(_("kortnamn"), max_length=100, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT,
                                     related_name="schools", verbose_name=_("kommun"))
    description = models.TextField(_("beskrivning"), blank=True)
    street_address = models.CharField(_("gatuadress"), max_length=200, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    city = models.CharField(_("ort"), max_length=100, blank=True)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    subjects = models.ManyToManyField(Subject, blank=True, related_name="schools",
                                      verbose_name=_("ämnen som erbjuds"))

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kulturskola")
        verbose_name_plural = _("kulturskolor")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schools:detail", args=[self.slug])

    @property
    def is_partner(self) -> bool:
        """A partner school outside the region; follows its municipality (one fact, one
        place: Municipality.in_sjuharad)."""
        return not self.municipality.in_sjuharad
