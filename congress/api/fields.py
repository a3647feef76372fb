"""Serializer fields shared by the apps' APIs."""

from rest_framework import serializers

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
