"""Post an admin change form as a browser would: its current values, changed where a test says."""

from django.forms import BaseFormSet


def _value(bound):
    value = bound.value()
    widget = bound.field.widget
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value]
    return widget.format_value(value) if hasattr(widget, "format_value") else value


def admin_form_data(response, **changes) -> dict:
    """The data the admin page in `response` would post unchanged, with `changes` applied.

    Split widgets (a date and a time) post as name_0, name_1; inline formsets post their
    management form and their rows.
    """
    data = {}

    def add(form):
        for bound in form:
            if bound.field.disabled:
                continue
            subwidgets = getattr(bound.field.widget, "widgets", None)
            value = bound.value()
            if subwidgets:
                values = bound.field.widget.decompress(value) if not isinstance(
                    value, list) else value
                for index, (widget, part) in enumerate(zip(subwidgets, values, strict=False)):
                    data[f"{bound.html_name}_{index}"] = (
                        "" if part is None else widget.format_value(part) or "")
            elif isinstance(value, bool):
                if value:
                    data[bound.html_name] = "on"
            else:
                data[bound.html_name] = _value(bound)

    add(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        formset: BaseFormSet = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
