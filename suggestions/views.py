"""Staff pages for suggestions (thin: forms in, services called, selectors out)."""


def staff_tiles(user) -> list[dict]:
    return []
