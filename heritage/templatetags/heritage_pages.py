"""Template filters of the public pages."""

from django import template

from heritage.countries import country_name as _country_name

register = template.Library()


@register.filter
def country_name(code: str) -> str:
    """{{ site.country|country_name }} → "Syria"."""
    return _country_name(code)


@register.filter
def coordinate(value) -> str:
    """A decimal degree without trailing zeros, for data attributes: 34.547200 → "34.5472"."""
    if value is None:
        return ""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
