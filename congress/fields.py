"""Form fields that read ASCII digits only (README "Shared page parts", congress/bounds.py).

Django's own fields hand the text to `int()`, `Decimal()`, `strptime` or `parse_datetime`, and every
one of them reads full-width ("２０２６") and other Unicode digits ("٢٠٢٦", "²"): "２０２６-01-01" became
a date nobody typed on purpose. These check the ASCII shape first and refuse anything else with one
message in the office's words; congress/api/fields.py holds the serializer counterparts. Every form
uses these, and a ModelForm gets them through `Meta.formfield_callback = fields.formfield`.
"""

from django import forms
from django.db import models

from congress import bounds
from congress.widgets import DateInput, DateTimeInput


def _refuse_unless(pattern, field, value):
    if isinstance(value, str) and value.strip() and not pattern.fullmatch(value.strip()):
        raise forms.ValidationError(field.error_messages["invalid"], code="invalid")


class IntegerField(forms.IntegerField):
    default_error_messages = {"invalid": bounds.INTEGER_MESSAGE}

    def to_python(self, value):
        _refuse_unless(bounds.ASCII_INTEGER, self, value)
        return super().to_python(value)


class DecimalField(forms.DecimalField):
    default_error_messages = {"invalid": bounds.DECIMAL_MESSAGE}

    def to_python(self, value):
        _refuse_unless(bounds.ASCII_DECIMAL, self, value)
        return super().to_python(value)


class DateField(forms.DateField):
    """A date typed YYYY-MM-DD (the date picker's value), no later than the horizon unless
    `horizon=False`: a date that must lie in the past (a duty's date), whose service refuses a future
    one in words of its own."""

    widget = DateInput
    input_formats = ["%Y-%m-%d"]
    default_error_messages = {"invalid": bounds.DATE_MESSAGE}

    def __init__(self, *, horizon: bool = True, **kwargs):
        super().__init__(**kwargs)
        if horizon:
            self.validators.append(bounds.validate_within_horizon)

    def to_python(self, value):
        _refuse_unless(bounds.ASCII_DATE, self, value)
        return super().to_python(value)


class DateTimeField(forms.DateTimeField):
    """A moment typed as the `datetime-local` picker sends it ("YYYY-MM-DDTHH:MM"), or with a space,
    no later than the horizon unless `horizon=False`."""

    widget = DateTimeInput
    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"]
    default_error_messages = {"invalid": bounds.DATETIME_MESSAGE}

    def __init__(self, *, horizon: bool = True, **kwargs):
        super().__init__(**kwargs)
        if horizon:
            self.validators.append(bounds.validate_within_horizon)

    def to_python(self, value):
        _refuse_unless(bounds.ASCII_DATETIME, self, value)
        return super().to_python(value)


# DateTimeField before DateField: a model DateTimeField is a DateField too.
_FOR_MODEL_FIELD = [(models.DateTimeField, DateTimeField), (models.DateField, DateField),
                    (models.DecimalField, DecimalField), (models.IntegerField, IntegerField)]


def formfield(model_field, **kwargs):
    """A ModelForm's `Meta.formfield_callback`: the ASCII fields above for its number and date columns."""
    for model_class, form_class in _FOR_MODEL_FIELD:
        if isinstance(model_field, model_class):
            kwargs.setdefault("form_class", form_class)
            break
    return model_field.formfield(**kwargs)
