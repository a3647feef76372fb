"""Serializer fields shared by the apps' APIs."""

from rest_framework import serializers


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
            model_field = self.parent.Meta.model._meta.get_field(self.source)
            labels = self._labels = {key: str(label) for key, label in model_field.flatchoices}
        return labels.get(value, value)
