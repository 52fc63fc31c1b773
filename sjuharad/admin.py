from django.contrib import admin

from sjuharad.models import AccessibilityReport


@admin.register(AccessibilityReport)
class AccessibilityReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "page_url", "contact_email", "handled"]
    list_filter = ["handled"]
    list_editable = ["handled"]
    search_fields = ["description", "page_url", "contact_email"]
    readonly_fields = ["created_at"]
