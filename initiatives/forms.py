from django import forms

from initiatives.models import Commitment
from schools.models import School


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["school", "takes_part", "people", "hours", "money_sek", "note"]

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools if schools is not None else School.objects.none()
