from django.db.models import Count, Q

from deputies.models import Deputy


def register_summary(term=None) -> dict:
    """Counts for the staff home, in one query (FILTER aggregates)."""
    deputies = Deputy.objects.all() if term is None else Deputy.objects.filter(term=term)
    return deputies.aggregate(
        serving=Count("id", filter=Q(status=Deputy.Status.SERVING)),
        serving_district=Count("id", filter=Q(status=Deputy.Status.SERVING, level=Deputy.Level.DISTRICT)),
        serving_higher=Count("id", filter=Q(status=Deputy.Status.SERVING) & ~Q(level=Deputy.Level.DISTRICT)),
        left=Count("id", filter=~Q(status=Deputy.Status.SERVING)),
        with_account=Count("id", filter=Q(user__isnull=False)),
    )
