from django import forms
from django.utils.translation import gettext_lazy as _

from core import bounds
from core.forms import ModelMultipleChoiceFieldInRange
from initiatives.models import Commitment, Initiative
from schools.models import School


class CommitmentForm(forms.ModelForm):
    """One school's commitment. The school is fixed by the page (chosen with ?skola=),
    so the values shown are always that school's saved ones."""

    class Meta:
        model = Commitment
        fields = ["school", "takes_part", "people", "hours", "money_sek", "note"]
        widgets = {"school": forms.HiddenInput}

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else School.objects.none()


class InitiativeForm(forms.ModelForm):
    """A head proposes (the coordinator starts) an initiative with its schools and events."""

    class Meta:
        model = Initiative
        fields = ["title", "description", "year", "schools", "events"]
        field_classes = {"schools": ModelMultipleChoiceFieldInRange,
                         "events": ModelMultipleChoiceFieldInRange}
        widgets = {"schools": forms.CheckboxSelectMultiple,
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, events=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = School.objects.order_by("name")
        self.fields["events"].queryset = events
        self.fields["events"].required = False

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not bounds.MIN_DATE.year <= year <= bounds.MAX_DATE.year:
            raise forms.ValidationError(_("Ange ett år mellan 2000 och 2100."))
        return year
