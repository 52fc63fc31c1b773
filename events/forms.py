from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core import uploads
from core.forms import ModelMultipleChoiceFieldInRange
from events.models import (
    CONVENOR_KINDS,
    Event,
    EventFile,
    Kind,
    Registration,
)
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


CONVENOR_KINDS_ONLY = _("Ett nätverk ordnar själv nätverksträffar, speldagar, konserter och "
                       "studiebesök. Den här typen ordnar kulturskolecheferna.")


class EventForm(forms.ModelForm):
    """Create or edit an event in the portal (heads for their own schools, the coordinator)."""

    class Meta:
        model = Event
        fields = ["title", "kind", "description", "host_schools", "network", "audience",
                  "place", "online_link", "starts_at", "ends_at", "registration_required",
                  "capacity", "registration_deadline", "agenda_deadline", "asks_participant_info",
                  "reminder_hours",
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

    def __init__(self, *args, own_schools=None, convened=None, networks=None, kinds=None,
                 audiences=None, **kwargs):
        """own_schools: the schools the person leads (None: any, the coordinator);
        convened: the networks they convene, whose own events they may run;
        networks, kinds, audiences: the choices this editor may use
        (events.permissions.networks_for_event_form and its neighbours). clean() and the
        field validation still refuse anything else that is posted."""
        super().__init__(*args, **kwargs)
        self.own_schools = own_schools
        self.convened = convened
        self.fields["network"].queryset = (networks if networks is not None
                                           else Network.objects.none())
        if kinds is not None:
            self.fields["kind"].choices = [("", "---------"), *kinds]
            self.fields["kind"].error_messages["invalid_choice"] = CONVENOR_KINDS_ONLY
        if audiences is not None:
            self.fields["audience"].choices = list(audiences)
            self.fields["audience"].error_messages["invalid_choice"] = _(
                "Välj en av målgrupperna i listan. Möten för kulturskolecheferna ordnar "
                "cheferna.")
        self.fields["network"].error_messages["invalid_choice"] = _(
            "Välj ett nätverk där du är sammankallande.")
        self.fields["host_schools"].help_text = _(
            "Minst en av dina egna skolor. Partnerskolor utanför regionen går också bra.")
        if convened is not None and convened.exists():
            self.fields["host_schools"].help_text = _(
                "Skolorna där evenemanget äger rum. Partnerskolor utanför regionen går också "
                "bra.")
            self.fields["network"].help_text = _(
                "Som sammankallande skapar du nätverksträffar, speldagar, konserter och "
                "studiebesök för ditt nätverk.")

    def clean(self):
        data = super().clean()
        hosts = data.get("host_schools")
        if hosts is None or self.own_schools is None:
            return data
        if {s.pk for s in hosts} & set(self.own_schools.values_list("pk", flat=True)):
            return data  # a head hosting at their own school
        if self.convened is None or not self.convened.exists():
            self.add_error("host_schools", _("Välj minst en av dina egna skolor som värd."))
            return data
        network = data.get("network")
        if network is None or not self.convened.filter(pk=network.pk).exists():
            self.add_error("network", _("Välj ett nätverk där du är sammankallande."))
        elif data.get("kind") and data["kind"] not in CONVENOR_KINDS:
            self.add_error("kind", CONVENOR_KINDS_ONLY)
        return data


class AllowedFileFormMixin:
    """The same allowlist and content check as network files (core.uploads)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = uploads.help_text()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            uploads.validate_upload(upload)
        return upload


class EventFileForm(AllowedFileFormMixin, forms.ModelForm):
    class Meta:
        model = EventFile
        fields = ["title", "file"]
        widgets = {"file": forms.FileInput}
        error_messages = {"file": {"empty": _("Filen är tom.")}}


class EventFileAdminForm(AllowedFileFormMixin, forms.ModelForm):
    """Admin's event files (page and inline) pass the same check."""

    class Meta:
        model = EventFile
        fields = ["event", "title", "file", "uploaded_by"]
        error_messages = {"file": {"empty": _("Filen är tom.")}}


class KindOptOutForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label=_("Skicka inga påminnelser om"), required=False, choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Du kan också stänga av påminnelser för ett enskilt evenemang på dess sida."))


PHONE_PATTERN = r"^\+?[0-9][0-9 \-]{5,18}[0-9]$"


class ChildRegistrationForm(forms.Form):
    """One child on the guardian's registration page (one form per child, prefixed).

    The participant information is asked only when the event asks for it.
    """

    selected = forms.BooleanField(required=False)
    emergency_phone = forms.RegexField(
        label=_("Telefon till anhörig i nödfall"), regex=PHONE_PATTERN, required=False,
        max_length=30,
        error_messages={"invalid": _("Ange ett telefonnummer, t.ex. 070-123 45 67.")},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    medical_notes = forms.CharField(
        label=_("Allergier och medicinska uppgifter"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}))
    adaptations = forms.CharField(
        label=_("Anpassningar"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}))
    photo_consent = forms.TypedChoiceField(
        label=_("Får barnet fotograferas?"), required=False, widget=forms.RadioSelect,
        choices=[("yes", _("Ja")), ("no", _("Nej"))],
        coerce=lambda value: value == "yes", empty_value=None)

    def __init__(self, *args, child, age, asks_info, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.asks_info = asks_info
        self.fields["selected"].label = _("Anmäl %(name)s (%(age)s år)") % {
            "name": child.name, "age": age}
        if not asks_info:
            for name in ["emergency_phone", "medical_notes", "adaptations", "photo_consent"]:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if data.get("selected") and self.asks_info:
            if not data.get("emergency_phone") and "emergency_phone" not in self.errors:
                self.add_error("emergency_phone", _("Ange ett telefonnummer vi kan nå i nödfall."))
            if data.get("photo_consent") is None and "photo_consent" not in self.errors:
                self.add_error("photo_consent", _("Svara ja eller nej."))
        return data

    def info(self):
        return {name: self.cleaned_data[name] for name in
                ["emergency_phone", "medical_notes", "adaptations", "photo_consent"]
                if name in self.cleaned_data}


class OwnParticipantInfoForm(forms.Form):
    """A pupil of 13+ registering themselves gives the participant information the event
    asks for (the same fields a guardian fills in per child)."""

    emergency_phone = ChildRegistrationForm.base_fields["emergency_phone"]
    medical_notes = ChildRegistrationForm.base_fields["medical_notes"]
    adaptations = ChildRegistrationForm.base_fields["adaptations"]
    photo_consent = forms.TypedChoiceField(
        label=_("Får du fotograferas?"), required=False, widget=forms.RadioSelect,
        choices=[("yes", _("Ja")), ("no", _("Nej"))],
        coerce=lambda value: value == "yes", empty_value=None)

    def clean(self):
        data = super().clean()
        if not data.get("emergency_phone") and "emergency_phone" not in self.errors:
            self.add_error("emergency_phone", _("Ange ett telefonnummer vi kan nå i nödfall."))
        if data.get("photo_consent") is None and "photo_consent" not in self.errors:
            self.add_error("photo_consent", _("Svara ja eller nej."))
        return data

    def info(self):
        return dict(self.cleaned_data)


class TeacherChoiceField(forms.ModelChoiceField):
    """Teachers by User.display_name: the address only of those who show it to colleagues,
    "Medlem utan namn (nr N)" for those who hid it (the rule of every member list)."""

    def label_from_instance(self, obj):
        return obj.display_name


class GroupRegistrationForm(forms.Form):
    """A head or teacher registers a group of pupils from their school."""

    MAX_GROUP = 200

    school = forms.ModelChoiceField(label=_("Skola"), queryset=School.objects.none(),
                                    empty_label=None)
    places = forms.IntegerField(
        label=_("Antal elever"), min_value=1, max_value=MAX_GROUP,
        error_messages={"min_value": _("En grupp har minst en elev."),
                        "max_value": _("Högst %(limit_value)s elever i en grupp."),
                        "invalid": _("Ange antalet elever som en siffra.")})
    group_name = forms.CharField(label=_("Gruppens namn"), max_length=200, required=False,
                                 help_text=_("T.ex. Ulricehamns gitarrgrupp."))
    responsible_teacher = TeacherChoiceField(
        label=_("Ansvarig pedagog"), queryset=User.objects.none(),
        error_messages={"required": _("Välj den pedagog som ansvarar för gruppen.")})
    names = forms.CharField(
        label=_("Elevernas namn (kan fyllas i senare)"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, schools, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["responsible_teacher"].queryset = teachers


class GroupDetailsForm(forms.ModelForm):
    """The names (later), the group's name and its responsible teacher; not its size, which
    would change the places taken (cancel and register again for that)."""

    class Meta:
        model = Registration
        fields = ["group_name", "responsible_teacher", "group_names"]
        field_classes = {"responsible_teacher": TeacherChoiceField}
        widgets = {"group_names": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, teachers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible_teacher"].queryset = teachers
        self.fields["responsible_teacher"].required = True
        self.fields["group_names"].help_text = _("En elev per rad.")
