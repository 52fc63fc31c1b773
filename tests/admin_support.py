"""Post a form as a browser would: its current values, changed where a test says."""


def form_data(form) -> dict:
    """What `form` (a form on a page the test fetched) posts when nothing is changed.

    Split widgets (a date and a time) post as name_0, name_1; an unticked checkbox
    posts nothing.
    """
    data = {}
    for bound in form:
        if bound.field.disabled:
            continue
        subwidgets = getattr(bound.field.widget, "widgets", None)
        value = bound.value()
        if subwidgets:
            parts = value if isinstance(value, list) else bound.field.widget.decompress(value)
            for index, (widget, part) in enumerate(zip(subwidgets, parts, strict=False)):
                data[f"{bound.html_name}_{index}"] = (
                    "" if part is None else widget.format_value(part) or "")
        elif isinstance(value, bool):
            if value:
                data[bound.html_name] = "on"
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(value, (list, tuple)):
            data[bound.html_name] = [str(v) for v in value]
        else:
            formatted = bound.field.widget.format_value(value)
            data[bound.html_name] = "" if formatted is None else formatted
    return data


def admin_form_data(response, **changes) -> dict:
    """The data the admin change page in `response` posts unchanged, with `changes`
    applied (a value of None leaves the field out), inline formsets included."""
    data = form_data(response.context["adminform"].form)
    for inline in response.context.get("inline_admin_formsets", []):
        data.update(form_data(inline.formset.management_form))
        for form in inline.formset.forms:
            data.update(form_data(form))
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def page_form_data(response, **changes) -> dict:
    """The data the portal page's form (context "form") posts unchanged, with `changes`
    applied."""
    data = form_data(response.context["form"])
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
