"""Protection for public forms that send mail or write rows: a honeypot and rate limits.

    class ReportForm(ProtectedFormMixin, forms.ModelForm):
        rate_limit_scope = "accessibility_report"        # settings.PUBLIC_FORM_RATE_LIMITS
        rate_limit_target_field = "contact_email"         # optional

    form = ReportForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        if not form.is_bot:
            ...save and send...
        ...the same thank-you either way...

A person never sees the honeypot; a bot that fills it gets the ordinary answer while
nothing is stored or sent. Too many submissions from one address (or to one target
address) within the window is a form error in Swedish, with the input kept.
"""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from core import ratelimit

HONEYPOT_FIELD = "website"
RATE_LIMITED = _("Formuläret har skickats för många gånger på kort tid. Vänta en stund och "
                 "försök sedan igen; det du har skrivit finns kvar.")


class HoneypotInput(forms.TextInput):
    """Off-screen, hidden from assistive technology, out of the tab order, never autofilled."""

    template_name = "core/widgets/honeypot.html"

    def __init__(self):
        super().__init__(attrs={"tabindex": "-1", "autocomplete": "off"})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["label"] = _("Lämna det här fältet tomt")
        return context


def honeypot_field() -> forms.CharField:
    return forms.CharField(required=False, label="", widget=HoneypotInput())


class ProtectedFormMixin:
    honeypot_name = HONEYPOT_FIELD
    rate_limit_scope: str = ""
    rate_limit_target_field: str | None = None

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.rate_limited = False
        self.fields[self.honeypot_name] = honeypot_field()

    @property
    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get(self.honeypot_name))

    def _post_clean(self):
        super()._post_clean()
        # Last, after every other check: only a submission that would be accepted
        # counts, and a bot's does not (it is thrown away anyway).
        if self.request is None or self._errors or self.is_bot:
            return
        target = (self.cleaned_data.get(self.rate_limit_target_field)
                  if self.rate_limit_target_field else None)
        if not ratelimit.allow(self.request, self.rate_limit_scope, target=target):
            self.rate_limited = True
            self.add_error(None, forms.ValidationError(RATE_LIMITED, code="rate_limited"))


class ModelMultipleChoiceFieldInRange(forms.ModelMultipleChoiceField):
    """A multiple choice of rows that refuses an id beyond a 64-bit column as an unknown
    choice, the same Swedish message as any other, instead of a database error."""

    def _check_values(self, value):
        for key in value if isinstance(value, (list, tuple)) else []:
            try:
                number = int(str(key))
            except ValueError:
                continue  # not a number at all: Django's own check says so
            if not -(2**63) <= number < 2**63:
                raise forms.ValidationError(self.error_messages["invalid_pk_value"],
                                            code="invalid_pk_value", params={"pk": key})
        return super()._check_values(value)


class PortalFormRenderer(TemplatesSetting):
    """Forms render through the project's templates, so every {{ form }} starts with the
    site-wide error summary (templates/forms/form.html, templates/_error_summary.html)."""

    form_template_name = "forms/form.html"
