from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from core import uploads
from networks.models import Network, PlanningSlot, Resource
from schools.models import Subject


def link_field():
    # Declared here only to choose https for links typed without a scheme.
    return forms.URLField(label=_("Länk"), required=False, max_length=500,
                          assume_scheme="https",
                          help_text=_("Ange en länk, ladda upp en fil, eller båda."))


class NetworkForm(forms.ModelForm):
    """A coordinator creates a network; a head proposes one (the coordinator approves)."""

    class Meta:
        model = Network
        fields = ["name", "kind", "subject", "description", "is_open"]

    def __init__(self, *args, allow_heads_network=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = Subject.objects.all()
        self.fields["subject"].empty_label = _("– inget ämne –")
        if not allow_heads_network:
            self.fields["kind"].choices = [(Network.Kind.SUBJECT, Network.Kind.SUBJECT.label)]



class ResourceForm(forms.ModelForm):
    link = link_field()

    class Meta:
        model = Resource
        fields = ["title", "composer", "instrumentation", "level", "link", "file", "notes",
                  "occasion", "occasion_note"]
        # A plain file input: the default one links to the stored file's public URL,
        # and stored files have none (they are served by a view that checks membership).
        widgets = {"notes": forms.Textarea(attrs={"rows": 4}), "file": forms.FileInput}
        error_messages = {"file": {"empty": _("Filen är tom.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.help_text()
        if self.instance.file:
            self.fields["file"].help_text = _(
                "Nuvarande fil: %(name)s. Ladda upp en ny fil om du vill byta ut den. "
                "%(rules)s") % {"name": self.instance.file_name,
                                "rules": self.fields["file"].help_text}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # nothing new uploaded
        uploads.validate_upload(upload)
        return upload

    def _post_clean(self):
        super()._post_clean()
        # A refused file has its own message already: Resource.clean()'s "a link or a
        # file" on top of it would say nothing new.
        if self.has_error("file") and self.has_error(NON_FIELD_ERRORS, "link_or_file"):
            self.errors[NON_FIELD_ERRORS] = self.error_class(
                [e for e in self.errors[NON_FIELD_ERRORS].as_data()
                 if e.code != "link_or_file"], error_class="nonfield", renderer=self.renderer)
            if not self.errors[NON_FIELD_ERRORS]:
                del self.errors[NON_FIELD_ERRORS]

    def save(self, commit=True):
        resource = super().save(commit=False)
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):
            # Keep a safe display name; the stored name is random (see resource_upload_to).
            resource.file_name = upload.name.replace("/", "_").replace("\\", "_")[-255:]
            resource.file_size = upload.size
        if commit:
            resource.save()
        return resource


class ResourceAdminForm(forms.ModelForm):
    """The admin edits the facts of a piece; files are uploaded on the network pages."""

    link = link_field()

    class Meta:
        model = Resource
        fields = ["network", "title", "composer", "instrumentation", "level", "link", "notes",
                  "occasion", "occasion_note", "added_by"]



class ResourceFilterForm(forms.Form):
    # The field names are the query parameters: Swedish, like every URL of the portal.
    sok = forms.CharField(label=_("Sök"), required=False, max_length=100,
                        help_text=_("Titel, kompositör, besättning eller anteckning."))
    niva = forms.ChoiceField(label=_("Nivå"), required=False,
                              choices=[("", _("Alla nivåer")), *Resource.Level.choices])
    tillfalle = forms.ChoiceField(
        label=_("Markerad för"), required=False,
        choices=[("", _("Alla")), (Resource.Occasion.PLAY_DAY, Resource.Occasion.PLAY_DAY.label),
                 (Resource.Occasion.CONCERT, Resource.Occasion.CONCERT.label)])

    def filter(self, resources):
        if not self.is_valid():
            return resources
        data = self.cleaned_data
        resources = resources.search(data["sok"])
        if data["niva"]:
            resources = resources.filter(level=data["niva"])
        if data["tillfalle"]:
            resources = resources.filter(occasion=data["tillfalle"])
        return resources


class PlanningSlotForm(forms.ModelForm):
    class Meta:
        model = PlanningSlot
        fields = ["weekday", "start", "end"]
        widgets = {"start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        error_messages = {"start": {"invalid": _("Ange en tid som TT:MM, t.ex. 15:30.")},
                          "end": {"invalid": _("Ange en tid som TT:MM, t.ex. 17:00.")}}



class ThreadForm(forms.Form):
    title = forms.CharField(label=_("Rubrik"), max_length=200)
    body = forms.CharField(label=_("Meddelande"), widget=forms.Textarea(attrs={"rows": 5}),
                           max_length=10000)


class ReplyForm(forms.Form):
    body = forms.CharField(label=_("Ditt svar"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=10000)


class NotifyForm(forms.Form):
    notify_posts = forms.BooleanField(label=_("Mejla mig när någon skriver i diskussionen"),
                                      required=False)
