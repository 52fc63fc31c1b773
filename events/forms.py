from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.forms import ModelMultipleChoiceFieldInRange
from events.models import ActionItem, AgendaItem, Decision, Event, EventFile, Kind
from networks.models import Network
from schools.models import School


class EventFilterForm(forms.Form):
    """GET filters for the calendar; a bad value is shown on the form and left out."""

    # Query parameters are Swedish, like the portal's URLs: ?typ=…&skola=…&natverk=…
    PARAMETERS = {"kind": "typ", "school": "skola", "network": "natverk"}

    kind = forms.ChoiceField(label=_("Typ"), required=False,
                             choices=[("", _("Alla typer"))] + list(Kind.choices))
    school = forms.ModelChoiceField(label=_("Värdskola"), required=False,
                                    queryset=School.objects.all(), empty_label=_("Alla skolor"))
    network = forms.ModelChoiceField(label=_("Nätverk"), required=False,
                                     queryset=Network.objects.all(),
                                     empty_label=_("Alla nätverk"))

    def __init__(self, *args, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only networks whose events the visitor may see: never the heads' network or a
        # proposed one for anonymous visitors (events.permissions.event_networks_visible_to).
        self.fields["network"].queryset = (networks if networks is not None
                                           else Network.objects.none())

    def add_prefix(self, field_name):
        return self.PARAMETERS.get(field_name, field_name)

    def filter(self, events):
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["kind"]:
            events = events.filter(kind=data["kind"])
        if data["school"]:
            events = events.filter(host_schools=data["school"])
        if data["network"]:
            events = events.filter(network=data["network"])
        return events


def _local_datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    """Create or edit an event in the portal (heads for their own schools, the coordinator)."""

    class Meta:
        model = Event
        fields = ["title", "kind", "description", "host_schools", "network", "audience",
                  "place", "online_link", "starts_at", "ends_at", "registration_required",
                  "capacity", "registration_deadline", "agenda_deadline", "reminder_hours",
                  "preparation_question", "preparation_article_url", "preparation_film_url",
                  "follow_up_message", "follow_up_days"]
        field_classes = {"host_schools": ModelMultipleChoiceFieldInRange}
        widgets = {
            "starts_at": _local_datetime_input(), "ends_at": _local_datetime_input(),
            "registration_deadline": _local_datetime_input(),
            "agenda_deadline": _local_datetime_input(),
            "host_schools": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
            "follow_up_message": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, own_schools=None, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_schools = own_schools
        # The networks the editor may see (networks.permissions.networks_visible_to).
        self.fields["network"].queryset = (networks if networks is not None
                                           else Network.objects.none())
        self.fields["host_schools"].help_text = _(
            "Minst en av dina egna skolor. Partnerskolor utanför regionen går också bra.")

    def clean_host_schools(self):
        hosts = self.cleaned_data["host_schools"]
        if self.own_schools is not None and not (
                {s.pk for s in hosts} & set(self.own_schools.values_list("pk", flat=True))):
            raise forms.ValidationError(_("Välj minst en av dina egna skolor som värd."))
        return hosts


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 10})}


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["text", "owner", "due_date"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners if owners is not None else User.objects.none()
        self.fields["owner"].required = True


class EventFileForm(forms.ModelForm):
    MAX_BYTES = 20 * 1024 * 1024

    class Meta:
        model = EventFile
        fields = ["title", "file"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Filen är för stor (högst 20 MB)."))
        return upload


class KindOptOutForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Skicka inga påminnelser om"), required=False, choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Du kan också stänga av påminnelser för ett enskilt evenemang på dess sida."))
