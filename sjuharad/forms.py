from django import forms

from sjuharad.models import AccessibilityReport


class AccessibilityReportForm(forms.ModelForm):
    class Meta:
        model = AccessibilityReport
        fields = ["page_url", "description", "contact_email"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
