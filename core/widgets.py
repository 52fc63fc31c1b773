"""Form widgets that render quickly."""

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A <select> rendered in Python: Django's Select renders every option through a
    template of its own, which made the catalogue's 290-municipality menus most of the
    page's time. Same markup (attributes, the first matching option selected).

    `option_list`, when set, is a plain list of (value, label) used as it is: Django
    normalizes `choices` again on every assignment and read.
    """

    option_list = None

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        wanted = set(self.format_value(value))
        parts = [f"<select{flatatt(final_attrs)}>"]
        options = self.option_list if self.option_list is not None else self.choices
        for option_value, label in options:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in wanted
            if selected:
                wanted = ()  # one selected option, like Django's Select
            parts.append(f'<option value="{escape(option_value)}"'
                         f'{" selected" if selected else ""}>{escape(str(label))}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))
