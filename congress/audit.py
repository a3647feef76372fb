"""The business timeline: services call `record()` inside their transaction (style.md B3)."""

from django.contrib.contenttypes.models import ContentType

from congress.models import AuditEvent


def record(obj, action: str, *, actor=None, note: str = "", **data) -> AuditEvent:
    """Append one event to `obj`'s timeline; `action` is dotted, `app.model.verb`."""
    return AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(obj),  # cached per process
        object_id=obj.pk,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        note=note,
        data=data,
    )


def timeline(obj):
    """The events of one object, oldest first, with their actors in the same query."""
    return (
        AuditEvent.objects.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)
        .select_related("actor")
        .order_by("created_at", "id")
    )
