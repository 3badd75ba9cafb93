"""Helpers for driving admin forms through the test client like a browser would."""

import datetime

from django.db.models import Model


def _encode(value):
    if value is None:
        return ""
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def _add_form(data, form):
    for name, field in form.fields.items():
        if field.widget.__class__.__name__.endswith("FileInput"):
            continue
        value = form[name].value()
        key = form.add_prefix(name)
        if isinstance(value, bool):
            if value:
                data[key] = "on"
        elif isinstance(value, list | tuple):
            data[key] = [_encode(item) for item in value]
        else:
            data[key] = _encode(value)


def change_form_data(response) -> dict:
    """The POST data a browser would send from an admin add/change page, unchanged."""
    data = {}
    _add_form(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _add_form(data, formset.management_form)
        for form in formset.forms:
            _add_form(data, form)
    return data


def action_data(action: str, *objects, **extra) -> dict:
    """POST data for running an admin action on objects from the changelist."""
    return {"action": action, "_selected_action": [str(obj.pk) for obj in objects], **extra}
