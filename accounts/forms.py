from allauth.account.forms import SignupForm
from django import forms
from django.contrib.auth.hashers import make_password
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from accounts.models import Child, Invitation, Staffing, User, pupil_birth_year_error
from core import bounds
from core.forms import ProtectedFormMixin
from schools.models import Municipality, Subject


def name_people_as_colleagues_see_them(field):
    """A menu of people (teachers, members) labels each with `User.display_name`: the name,
    or the address only for someone who shows it to colleagues, else "Medlem utan namn
    (nr N)". The one rule for every menu of people in the portal."""
    field.label_from_instance = lambda user: user.display_name
    return field


def _birth_year_field(required):
    return forms.IntegerField(
        label=_("Födelseår"), required=required, min_value=bounds.MIN_BIRTH_YEAR,
        max_value=bounds.MAX_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )


class PublicSignupForm(ProtectedFormMixin, SignupForm):
    """Anyone may create a guardian account, or a pupil account from 13 years.

    Rate-limited per client and per address (each sign-up mails the address), with
    a honeypot: allauth answers a bot that fills it (ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD)
    with the ordinary "check your mail" page and creates nothing.
    """

    rate_limit_scope = "signup"
    rate_limit_target_field = "email"

    PUBLIC_TYPES = [
        (User.AccountType.GUARDIAN.value, _("Vårdnadshavare (jag ansöker för mitt barn)")),
        (User.AccountType.PUPIL.value, _("Elev, 13 år eller äldre (jag ansöker själv)")),
    ]

    first_name = forms.CharField(label=_("Förnamn"), max_length=150,
                                 widget=forms.TextInput(attrs={"autocomplete": "given-name"}))
    last_name = forms.CharField(label=_("Efternamn"), max_length=150,
                                widget=forms.TextInput(attrs={"autocomplete": "family-name"}))
    account_type = forms.ChoiceField(label=_("Jag är"), choices=PUBLIC_TYPES,
                                     widget=forms.RadioSelect,
                                     initial=User.AccountType.GUARDIAN.value)
    birth_year = _birth_year_field(required=False)
    home_municipality = forms.ModelChoiceField(
        label=_("Hemkommun"), queryset=Municipality.objects.all(), required=False,
        empty_label=_("– välj –"))

    field_order = ["first_name", "last_name", "email", "account_type", "birth_year",
                   "home_municipality", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].help_text = _("Krävs för elevkonton.")

    def clean(self):
        data = super().clean()
        # allauth's form is no ModelForm: it asks User's rule itself.
        if data.get("account_type") == User.AccountType.PUPIL and (
                error := pupil_birth_year_error(data.get("birth_year"))):
            if not self.has_error("birth_year"):
                self.add_error("birth_year", error)
        return data

    def try_save(self, request):
        if self.account_already_exists:
            # The same work as for a new account: hash the password (and throw it away),
            # so the answer does not tell that the address has an account. Both paths
            # also queue one mail (accounts.adapter.AccountAdapter.send_mail).
            make_password(self.cleaned_data.get("password1"))
        return super().try_save(request)


def invitation_role_field():
    """Head or teacher, chosen by the inviter: nothing is preselected, so nobody
    becomes head by leaving a default in place."""
    return forms.ChoiceField(
        label=_("Roll"), choices=Staffing.Role.choices, widget=forms.RadioSelect,
        error_messages={"required": _(
            "Välj om personen bjuds in som kulturskolechef eller pedagog.")})


class InvitationForm(forms.ModelForm):
    role = invitation_role_field()

    class Meta:
        model = Invitation
        fields = ["email", "school", "role"]

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["school"].empty_label = None
        # The length is checked in clean_email with the portal's one message; a maxlength
        # attribute would make the browser cut a pasted address short without a word.
        email = self.fields["email"]
        email.validators = [v for v in email.validators if not isinstance(v, MaxLengthValidator)]
        email.widget.attrs.pop("maxlength", None)

    def clean_email(self):
        return bounds.check_email_length(self.cleaned_data["email"].strip().lower())


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "language", "home_municipality", "subjects",
                  "show_email_to_colleagues"]
        widgets = {"subjects": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subjects"].queryset = Subject.objects.all()
        if not self.instance.is_school_staff:
            del self.fields["subjects"]
            del self.fields["show_email_to_colleagues"]


class ChildForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = ["first_name", "last_name", "birth_year", "home_municipality", "school"]
        widgets = {"birth_year": forms.NumberInput(attrs={"inputmode": "numeric"})}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Ditt lösenord"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    confirm = forms.BooleanField(label=_("Jag förstår att mitt konto och mina uppgifter tas bort "
                                         "och inte går att återskapa."))

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Lösenordet stämmer inte."))
        return password
