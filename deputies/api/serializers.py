from rest_framework import serializers

from deputies.models import Deputy, can_see_phone


class DeputySerializer(serializers.ModelSerializer):
    """The register entry. `phone` is present only for office staff (personal data).

    It serves the detail and describes the API (OpenAPI schema, field order); the list, the API's
    hottest read, builds the same rows from `.values()` (DeputyViewSet.list_rows, congress/api/rows.py).
    A test holds the two in step.
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
