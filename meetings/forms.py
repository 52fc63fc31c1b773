from django import forms

from accounts.models import User
from events.models import Event
from meetings.models import ActionItem, AgendaItem, Decision


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
