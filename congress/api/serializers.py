from rest_framework import serializers

from congress.models import Meeting, Unit


class UnitSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "name", "short_name", "code", "kind", "kind_display", "is_active"]


class MeetingSerializer(serializers.ModelSerializer):
    term = serializers.IntegerField(source="term.number", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    title = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "term", "kind", "kind_display", "number", "title", "starts_on", "ends_on", "location"]
