from django import template

register = template.Library()


@register.filter
def dictget(mapping, key):
    """`mapping[key]` in a template (a ballot result is keyed by option ids)."""
    return (mapping or {}).get(str(key)) or {}


@register.filter
def percent(value):
    return "—" if value is None else f"{value * 100:.1f}%"
