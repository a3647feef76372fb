"""The one place oversight earns deputies' duty points (architecture.md: an explicit service call
into the deputies app). The duty service is built on branch h/points (issue 8); until it is on
main the call is skipped, so attendance is recorded either way and the points follow later.
"""

ACTIVITY_ITEM = "oversight.activity"


def record_activity_duty(participation, *, actor=None) -> bool:
    """Earn "oversight.activity" for an attended inspection or research visit (rule 24: idempotent per
    deputy, source and item). Returns whether the duty service was there to call."""
    try:
        from deputies.duties import record_duty
    except ImportError:  # TODO(#8): remove once deputies.duties is on main
        return False
    record_duty(participation.deputy, item=ACTIVITY_ITEM, source=participation, actor=actor,
                occurred_on=participation.activity.held_on)
    return True


def reverse_activity_duty(participation, *, actor=None) -> bool:
    try:
        from deputies.duties import reverse_duty
    except ImportError:  # TODO(#8)
        return False
    reverse_duty(participation.deputy, item=ACTIVITY_ITEM, source=participation, actor=actor)
    return True
