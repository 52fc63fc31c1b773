import datetime

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import name_people_as_colleagues_see_them
from accounts.models import Staffing, User, child_birth_year_error
from core import bounds
from core.forms import ModelMultipleChoiceFieldInRange
from courses import services
from courses.models import Course, Wish
from schools.models import Municipality

NEW_CHILD = "new"
NEW_CHILD_FIELDS = ["first_name", "last_name", "birth_year", "home_municipality"]


class CourseRulesForm(forms.ModelForm):
    """The rules that need a course's municipalities and teachers, which Course.clean()
    cannot see (they are saved after the course): the portal's form and admin's both."""

    def clean(self):
        data = super().clean()
        school = data.get("school") or (self.instance.school if self.instance.pk else None)
        start = data.get("term_start")
        strangers = [t for t in data.get("teachers") or () if school
                     and not t.staffings.filter(school=school,
                                                role=Staffing.Role.TEACHER).exists()]
        if strangers:
            self.add_error("teachers", _("Välj pedagoger vid kursens skola."))
        if school and start and data.get("open_to") is not None:
            allowed = set(services.allowed_municipalities(school, start))
            refused = [m.name for m in data["open_to"] if m not in allowed]
            if refused:
                self.add_error("open_to", _(
                    "Skolan saknar samverkansavtal med %(names)s för den terminen.") % {
                    "names": ", ".join(refused)})
        capacity = data.get("capacity")
        if self.instance.pk and capacity is not None:
            # Asked again under the course lock by services.save_course; here for a
            # message on the form.
            try:
                services.check_capacity(self.instance.pk, capacity)
            except services.CourseError as error:
                self.add_error("capacity", str(error))
        return data


class CourseForm(CourseRulesForm):
    class Meta:
        model = Course
        fields = ["school", "subject", "title", "description", "level", "min_age", "max_age",
                  "format", "place", "weekday", "start_time", "end_time", "term_start",
                  "term_end", "capacity", "application_deadline", "own_fee", "open_to",
                  "teachers"]
        field_classes = {"open_to": ModelMultipleChoiceFieldInRange,
                         "teachers": ModelMultipleChoiceFieldInRange}
        widgets = {
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "term_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "term_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "application_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "open_to": forms.CheckboxSelectMultiple,
            "teachers": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        if self.instance.pk:
            # A course stays at the school that created it.
            self.fields["school"].disabled = True
        elif schools.count() == 1:
            self.fields["school"].initial = schools.first()
        self.fields["open_to"].queryset = Municipality.objects.all()
        self.fields["teachers"].queryset = (
            User.objects.filter(staffings__school__in=schools,
                                staffings__role=Staffing.Role.TEACHER).distinct()
            .order_by("first_name", "last_name", "pk"))
        name_people_as_colleagues_see_them(self.fields["teachers"])
        # A hint for the browser; Course.clean() says no to 0.
        self.fields["capacity"].widget.attrs["min"] = 1


PHONE = RegexValidator(r"^\+?[0-9][0-9 -]{4,28}$", _(
    "Skriv telefonnumret med siffror, till exempel 070-123 45 67."))


class ContactFields(forms.Form):
    """Optional, and seen only by the receiving school once the place is accepted."""

    contact_phone = forms.CharField(
        label=_("Telefon till vårdnadshavare (valfritt)"), max_length=30, required=False,
        validators=[PHONE], help_text=_("Skolan ser numret först när platsen är antagen."))
    adaptation_needs = forms.CharField(
        label=_("Behöver barnet anpassningar? (valfritt)"), max_length=1000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Till exempel vid en funktionsnedsättning. Bara den mottagande skolan "
                    "ser svaret, och först när platsen är antagen."))

    def contact(self) -> dict:
        return {"contact_phone": self.cleaned_data.get("contact_phone", ""),
                "adaptation_needs": self.cleaned_data.get("adaptation_needs", "")}


class GuardianApplyForm(ContactFields):
    """Pick one of the guardian's children, or add a new one inline.

    The new child's fields are shown only when "a new child" is chosen (a small script;
    without JavaScript they are always there), and ignored otherwise, whatever they hold.
    """

    new_child_choice = NEW_CHILD

    child = forms.ChoiceField(label=_("Vem ansöker du för?"), widget=forms.RadioSelect)
    first_name = forms.CharField(label=_("Barnets förnamn"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Barnets efternamn"), max_length=100, required=False)
    birth_year = forms.IntegerField(label=_("Födelseår"), required=False,
                                    min_value=bounds.MIN_BIRTH_YEAR, max_value=bounds.MAX_YEAR)
    home_municipality = forms.ModelChoiceField(
        label=_("Hemkommun"), queryset=Municipality.objects.all(), required=False,
        help_text=_("Kommunen där barnet är folkbokfört."))

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(c.pk): c for c in children}
        self.fields["child"].choices = [
            *((pk, f"{c.name} ({c.birth_year}, {c.home_municipality})")
              for pk, c in self.children.items()),
            (NEW_CHILD, _("Ett nytt barn (fyll i uppgifterna nedan)")),
        ]
        if not self.children:
            self.fields["child"].initial = NEW_CHILD

    def clean(self):
        data = super().clean()
        if data.get("child") != NEW_CHILD:
            for name in NEW_CHILD_FIELDS:  # hidden fields: what they hold does not count
                self._errors.pop(name, None)
                data.pop(name, None)
            return data
        for name in NEW_CHILD_FIELDS:
            if data.get(name) in (None, ""):
                self.add_error(name, _("Fyll i det här fältet för ett nytt barn."))
        # The new child is made by services.apply_for, not by a ModelForm: ask Child's rule.
        if error := child_birth_year_error(data.get("birth_year")):
            self.add_error("birth_year", error)
        return data

    def applying_for(self) -> dict:
        """The arguments services.apply_for() takes: the chosen child, or a new child's data."""
        choice = self.cleaned_data["child"]
        if choice != NEW_CHILD:
            return {"child": self.children[choice], **self.contact()}
        return {"new_child": {name: self.cleaned_data[name] for name in NEW_CHILD_FIELDS},
                **self.contact()}


class PupilApplyForm(ContactFields):
    """A pupil applies for themselves with what the profile says; only the optional
    contact fields to fill in, and the form carries a refusal's message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_phone"].label = _("Telefon (valfritt)")
        self.fields["adaptation_needs"].label = _("Behöver du anpassningar? (valfritt)")

    def applying_for(self) -> dict:
        return self.contact()


class OfferForm(forms.Form):
    """The head may give the family another reply date than the default."""

    reply_by = forms.DateField(
        label=_("Svara senast"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Lämna tomt för %(days)s dagar från i dag.") % {
            "days": settings.COURSES_OFFER_REPLY_DAYS})

    def clean_reply_by(self):
        day = self.cleaned_data.get("reply_by")
        today = timezone.localdate()
        if day is not None and not today <= day <= today + datetime.timedelta(days=365):
            raise forms.ValidationError(_(
                "Välj ett datum från i dag och högst ett år framåt."))
        return day


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Motivering"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000,
        help_text=_("Skickas till den sökande."))


class WishForm(forms.ModelForm):
    age = forms.IntegerField(label=_("Ålder"), min_value=4, max_value=25,
                             help_text=_("Elevens ålder i år."))

    class Meta:
        model = Wish
        fields = ["subject", "home_municipality", "age"]
