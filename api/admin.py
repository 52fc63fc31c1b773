from django.conf import settings
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from api.embeds import snippet
from api.models import EmbedOrigin
from schools.models import Municipality, School


def _embed_rows():
    """(label, id, url) for every school's and municipality's embed, Swedish and English."""
    rows = []
    for school in School.objects.order_by("name"):
        rows.append((school.name, f"school-{school.slug}",
                     settings.SITE_URL + reverse("api:embed_school", args=[school.slug])))
    for municipality in Municipality.objects.order_by("name"):
        rows.append((_("Alla kulturskolor i %(name)s") % {"name": municipality.name},
                     f"municipality-{municipality.scb_code}",
                     settings.SITE_URL + reverse("api:embed_municipality",
                                                 args=[municipality.scb_code])))
    return rows


@admin.register(EmbedOrigin)
class EmbedOriginAdmin(admin.ModelAdmin):
    list_display = ["origin", "description", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["origin", "description"]
    readonly_fields = ["snippets"]
    fieldsets = [
        (None, {"fields": ["origin", "description", "is_active"]}),
        (_("Kod att klistra in"), {"fields": ["snippets"], "description": _(
            "Webbredaktören klistrar in koden på en sida på en tillåten webbplats. Lägg till "
            "?lang=en i adressen för engelska.")}),
    ]

    @admin.display(description=_("Inbäddningskod"))
    def snippets(self, obj):
        return format_html_join("", (
            '<p><label for="snippet-{}">{}</label><br>'
            '<textarea id="snippet-{}" class="embed-snippet" readonly rows="9">{}</textarea></p>'),
            ((key, label, key, snippet(url, label)) for label, key, url in _embed_rows()))

