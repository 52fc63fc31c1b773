from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ModelMultipleChoiceFieldInRange, ProtectedFormMixin
from schools.models import Municipality, Subject
from surveys.models import SurveyAnswer

EXPERIENCE_CHOICES = [
    (1, _("1 – Dålig")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 – Mycket bra"))]


class AnswerForm(ProtectedFormMixin, forms.ModelForm):
    """Anonymous: no name, e-mail or other personal data is asked for."""

    rate_limit_scope = "survey"

    home_municipality = forms.ModelChoiceField(
        label=_("Vilken kommun bor du i?"), queryset=Municipality.objects.all(),
        empty_label=_("Välj kommun"))
    subjects = ModelMultipleChoiceFieldInRange(
        label=_("Vilka ämnen skulle du vilja gå på?"), queryset=Subject.objects.all(),
        required=False, widget=forms.CheckboxSelectMultiple)
    attends = forms.TypedChoiceField(
        label=_("Går du i kulturskolan i dag?"), widget=forms.RadioSelect,
        choices=[("1", _("Ja")), ("0", _("Nej"))], coerce=lambda v: v == "1")
    experience = forms.TypedChoiceField(
        label=_("Om du går i kulturskolan: hur upplever du den?"), required=False,
        widget=forms.RadioSelect, choices=EXPERIENCE_CHOICES, coerce=int, empty_value=None)
    experience_text = forms.CharField(
        label=_("Berätta gärna mer (valfritt)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Skriv inga namn eller andra personuppgifter."))
    obstacles = forms.MultipleChoiceField(
        label=_("Vad hindrar dig från att gå i kulturskolan?"), required=False,
        widget=forms.CheckboxSelectMultiple, choices=SurveyAnswer.OBSTACLES)

    class Meta:
        model = SurveyAnswer
        fields = ["home_municipality", "age_group", "subjects", "attends", "experience",
                  "experience_text", "obstacles", "distance_interest"]
        labels = {"age_group": _("Hur gammal är du?"),
                  "distance_interest": _("Skulle du vilja gå en kurs på distans?")}
        widgets = {"age_group": forms.RadioSelect, "distance_interest": forms.RadioSelect}

    def __init__(self, *args, survey_round=None, code="", **kwargs):
        super().__init__(*args, **kwargs)
        if survey_round is not None and survey_round.requires_code:
            # First, so a link with ?kod= shows it filled in at the top.
            self.fields = {"code": forms.CharField(
                label=_("Svarskod"), max_length=20, initial=code,
                help_text=_("Koden har du fått från kulturskolan eller skolan, på papper "
                            "eller som länk. En kod ger ett svar."),
                error_messages={"required": _("Skriv svarskoden du har fått.")}),
                **self.fields}
        # Radio buttons with no empty "---------" choice: nothing is chosen until the
        # person chooses (the fields stay required).
        self.fields["age_group"].choices = SurveyAnswer.AgeGroup.choices
        self.fields["distance_interest"].choices = SurveyAnswer.Interest.choices

    def clean(self):
        data = super().clean()
        if data.get("attends") and data.get("experience") is None:
            self.add_error("experience", _("Välj hur du upplever kulturskolan (1–5)."))
        if data.get("attends") is False:
            data["experience"] = None
        return data

    def answer(self) -> SurveyAnswer:
        answer = self.save(commit=False)
        chosen = set(self.cleaned_data.get("obstacles") or ())
        for name, _label in SurveyAnswer.OBSTACLES:
            setattr(answer, name, name in chosen)
        return answer


class CodesForm(forms.Form):
    """A head (or the coordinator) makes answer codes for a school to hand out."""

    survey_round = forms.ModelChoiceField(label=_("Omgång"), queryset=None, empty_label=None)
    school = forms.ModelChoiceField(label=_("Skola"), queryset=None, empty_label=None)
    count = forms.IntegerField(label=_("Antal koder"), min_value=1, max_value=500,
                               help_text=_("En kod per elev som ska svara (högst 500 åt "
                                           "gången)."))

    def __init__(self, *args, rounds, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["survey_round"].queryset = rounds
        self.fields["school"].queryset = schools
