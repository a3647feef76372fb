"""Where each kind of user reads about a suggestion; notifications link here.

Plain paths rather than reverse(): services stay independent of how views are routed, and the
paths are part of the product (they appear in messages people keep)."""


def staff_url(suggestion_id: int) -> str:
    return f"/staff/suggestions/{suggestion_id}/"


def deputy_url(suggestion_id: int) -> str:
    return f"/portal/suggestions/{suggestion_id}/"


def unit_url(assignment_id: int) -> str:
    return f"/portal/suggestions/assignments/{assignment_id}/"
