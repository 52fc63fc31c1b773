"""Helpers for the site-wide form templates (templates/_error_summary.html)."""

from django import template

register = template.Library()


@register.filter
def error_target(bound_field) -> str:
    """The id the error summary links to: the field's input, or for a group of radio
    buttons or checkboxes (whose label is a legend) its first option."""
    return bound_field.id_for_label or f"{bound_field.auto_id}_0"
