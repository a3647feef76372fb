from rest_framework import serializers

from deputies.models import Deputy, can_see_phone


class DeputySerializer(serializers.ModelSerializer):
    """The register entry. `phone` is present only for office staff (personal data).

    The declared fields describe the API (OpenAPI schema, field order); `to_representation` builds
    the same dict directly, because this list is the API's hottest read and DRF's per-field
    machinery cost more than the two queries behind it (quality.md 1.2). A test holds the two in step.
    """

    term = serializers.IntegerField(source="term.number", read_only=True)
    # A deputy may have no station or delegation yet: null, and the schema says so.
    station = serializers.CharField(source="station.name", read_only=True, default=None, allow_null=True)
    delegation = serializers.CharField(source="delegation.name", read_only=True, default=None, allow_null=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = Deputy
        fields = [
            "id", "name", "gender", "ethnicity", "birth_date", "party", "occupation", "work_unit",
            "constituency", "delegation", "level", "level_display", "station", "term", "status",
            "status_display", "serving_since", "left_on", "phone",
        ]

    def get_fields(self):
        fields = super().get_fields()
        if not self.shows_phone:
            fields.pop("phone")
        return fields

    @property
    def shows_phone(self) -> bool:
        request = self.context.get("request")
        return request is not None and can_see_phone(request.user)

    def to_representation(self, deputy):
        labels = self._labels()
        data = {
            "id": deputy.id,
            "name": deputy.name,
            "gender": deputy.gender,
            "ethnicity": deputy.ethnicity,
            "birth_date": deputy.birth_date.isoformat(),
            "party": deputy.party,
            "occupation": deputy.occupation,
            "work_unit": deputy.work_unit,
            "constituency": deputy.constituency,
            "delegation": deputy.delegation.name if deputy.delegation_id else None,
            "level": deputy.level,
            "level_display": labels["level"][deputy.level],
            "station": deputy.station.name if deputy.station_id else None,
            "term": deputy.term.number,
            "status": deputy.status,
            "status_display": labels["status"][deputy.status],
            "serving_since": deputy.serving_since.isoformat(),
            "left_on": deputy.left_on.isoformat() if deputy.left_on else None,
        }
        if self._shows_phone():
            data["phone"] = deputy.phone
        return data

    # A list serializes every row with one child instance: translate the labels and decide on
    # phones once per response, not once per row.
    def _labels(self):
        if not hasattr(self, "_label_cache"):
            self._label_cache = {
                "level": {value: str(label) for value, label in Deputy.Level.choices},
                "status": {value: str(label) for value, label in Deputy.Status.choices},
            }
        return self._label_cache

    def _shows_phone(self):
        if not hasattr(self, "_phone_cache"):
            self._phone_cache = self.shows_phone
        return self._phone_cache
