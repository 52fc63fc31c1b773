from django import forms
from django.utils.translation import gettext_lazy as _

from core import bounds
from programme.models import Contribution


def _local_datetime_input():
    # The same browser picker as the event form (events.forms), in Swedish time.
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ContributionForm(forms.ModelForm):
    """A school's act for a festival's programme."""

    class Meta:
        model = Contribution
        fields = ["school", "title", "ensemble", "performers", "length_minutes",
                  "technical_needs"]
        widgets = {"technical_needs": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "performers": {"min_value": _("Minst en medverkande."),
                           "max_value": _("Högst 500 medverkande."),
                           "invalid": _("Ange antalet som en siffra.")},
            "length_minutes": {"min_value": _("Minst en minut."),
                               "max_value": _("Högst 240 minuter."),
                               "invalid": _("Ange längden i hela minuter.")},
        }

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school"].empty_label = None


class PlacementForm(forms.Form):
    """The organisers accept a contribution with its order and time, or decline it."""

    status = forms.ChoiceField(label=_("Beslut"), choices=[
        (Contribution.Status.SUBMITTED, _("Inte bestämt")),
        (Contribution.Status.ACCEPTED, _("Anta")),
        (Contribution.Status.DECLINED, _("Anta inte"))])
    position = forms.IntegerField(label=_("Ordning"), min_value=1, max_value=999, required=False,
                                  error_messages={"invalid": _("Ange ordningen som en siffra.")})
    starts_at = forms.DateTimeField(label=_("Tid"), required=False,
                                    widget=_local_datetime_input())

    def clean(self):
        data = super().clean()
        if data.get("status") == Contribution.Status.ACCEPTED and not data.get("position"):
            self.add_error("position", _("Ange var i programmet bidraget ska ligga."))
        when = data.get("starts_at")
        if when and not bounds.date_in_range(when):
            self.add_error("starts_at", _("Ange en tid mellan år 2000 och 2100."))
        return data
