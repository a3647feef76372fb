from rest_framework import serializers

from deputies.models import Deputy, can_see_phone


class DeputySerializer(serializers.ModelSerializer):
    """The register entry. `phone` is present only for office staff (personal data)."""

    term = serializers.IntegerField(source="term.number", read_only=True)
    station = serializers.CharField(source="station.name", read_only=True, default=None)
    delegation = serializers.CharField(source="delegation.name", read_only=True, default=None)
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
        request = self.context.get("request")
        if request is None or not can_see_phone(request.user):
            fields.pop("phone")
        return fields
