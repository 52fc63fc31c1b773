from django import forms

from core.forms import ProtectedFormMixin
from sjuharad.models import AccessibilityReport


class AccessibilityReportForm(ProtectedFormMixin, forms.ModelForm):
    """Public and anonymous, and each report mails the coordinators: a honeypot and
    rate limits per client and per reply address."""

    rate_limit_scope = "accessibility_report"
    rate_limit_target_field = "contact_email"

    class Meta:
        model = AccessibilityReport
        fields = ["page_url", "description", "contact_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
