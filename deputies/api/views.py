from congress.api import rows as rows_of
from congress.api.views import ScopedReadOnlyViewSet
from deputies.api.serializers import DeputySerializer
from deputies.filtersets import DeputyFilterSet
from deputies.models import Deputy, can_see_phone


class DeputyViewSet(ScopedReadOnlyViewSet):
    queryset = Deputy.objects.all()
    serializer_class = DeputySerializer
    filterset_class = DeputyFilterSet
    ordering_fields = ["name", "birth_date", "serving_since"]
    ordering = ["name", "id"]

    list_fields = ("id", "name", "gender", "ethnicity", "birth_date", "party", "occupation", "work_unit",
                   "constituency", "delegation__name", "level", "station__name", "term__number", "status",
                   "serving_since", "left_on", "phone")

    def optimise(self, queryset):
        return queryset.for_list()

    def list_rows(self, rows):
        level, status = rows_of.labels(Deputy, "level"), rows_of.labels(Deputy, "status")
        day = rows_of.day
        phone = can_see_phone(self.request.user)  # personal data: office staff only
        out = []
        for row in rows:
            entry = {
                "id": row["id"], "name": row["name"], "gender": row["gender"], "ethnicity": row["ethnicity"],
                "birth_date": day(row["birth_date"]), "party": row["party"], "occupation": row["occupation"],
                "work_unit": row["work_unit"], "constituency": row["constituency"],
                "delegation": row["delegation__name"], "level": row["level"], "level_display": level[row["level"]],
                "station": row["station__name"], "term": row["term__number"], "status": row["status"],
                "status_display": status[row["status"]], "serving_since": day(row["serving_since"]),
                "left_on": day(row["left_on"]),
            }
            if phone:
                entry["phone"] = row["phone"]
            out.append(entry)
        return out
