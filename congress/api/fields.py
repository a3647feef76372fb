"""Serializer fields shared by the apps' APIs: choice labels, and the input fields that read ASCII
digits only (the counterparts of congress/fields.py: DRF's own read "２０２６-01-01" as a date)."""

from rest_framework import serializers

from congress import bounds
from congress.api import rows


class ChoiceLabelField(serializers.CharField):
    """The display label of a model field's choice: `ChoiceLabelField("status")` → "办理中".

    DRF would call `get_status_display()`, a lazy translation, once per row and field; on a page of
    50 suggestions with their units that was most of the response time. A list serializes every
    row with the same field instance, so the labels are translated here once per response.
    """

    def __init__(self, field_name: str, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(source=field_name, **kwargs)

    def to_representation(self, value):
        labels = self.__dict__.get("_labels")
        if labels is None:
            labels = self._labels = rows.labels(self.parent.Meta.model, self.source)
        return labels[value]


def _refuse_unless(pattern, field, value):
    if isinstance(value, str) and not pattern.fullmatch(value.strip()):
        field.fail("invalid")


class IntegerField(serializers.IntegerField):
    """A whole number: a JSON number, or a string of ASCII digits (DRF's own reads "٣" and "²")."""

    default_error_messages = {"invalid": bounds.INTEGER_MESSAGE}

    def to_internal_value(self, data):
        _refuse_unless(bounds.ASCII_INTEGER, self, data)
        return super().to_internal_value(data)


class DecimalField(serializers.DecimalField):
    """A number: a JSON number, or a string of ASCII digits with one point (Decimal() reads "٢.٥")."""

    default_error_messages = {"invalid": bounds.DECIMAL_MESSAGE}

    def to_internal_value(self, data):
        _refuse_unless(bounds.ASCII_DECIMAL, self, data)
        return super().to_internal_value(data)


class DateField(serializers.DateField):
    """An ISO date "YYYY-MM-DD" in ASCII digits, no later than the horizon unless `horizon=False`
    (a date in the past, which the service refuses in the future with words of its own)."""

    default_error_messages = {"invalid": bounds.DATE_MESSAGE}

    def __init__(self, *, horizon: bool = True, **kwargs):
        super().__init__(**kwargs)
        if horizon:
            self.validators.append(bounds.validate_within_horizon)

    def to_internal_value(self, value):
        _refuse_unless(bounds.ASCII_DATE, self, value)
        return super().to_internal_value(value)


class DateTimeField(serializers.DateTimeField):
    """An ISO moment ("YYYY-MM-DDTHH:MM", seconds and an offset optional) in ASCII digits, no later
    than the horizon unless `horizon=False`."""

    default_error_messages = {"invalid": bounds.DATETIME_MESSAGE}

    def __init__(self, *, horizon: bool = True, **kwargs):
        super().__init__(**kwargs)
        if horizon:
            self.validators.append(bounds.validate_within_horizon)

    def to_internal_value(self, value):
        _refuse_unless(bounds.ASCII_MOMENT, self, value)
        return super().to_internal_value(value)
