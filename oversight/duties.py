"""The one place oversight earns deputies' duty points: an explicit call into the deputies app's
duty service (architecture.md; rule 24: once per deputy, source and item)."""

from deputies.duties import record_duty, reverse_duty

ACTIVITY_ITEM = "oversight.activity"


def record_activity_duty(participation, *, actor=None):
    """An attended inspection or research visit earns "oversight.activity"."""
    return record_duty(participation.deputy, item=ACTIVITY_ITEM, source=participation, actor=actor,
                       occurred_on=participation.activity.held_on)


def reverse_activity_duty(participation, *, actor=None) -> int:
    """An attendance taken back: its duty record stops counting."""
    return reverse_duty(source=participation, item=ACTIVITY_ITEM, deputy=participation.deputy, actor=actor,
                        reason="attendance corrected")
