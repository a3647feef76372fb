"""Phone-first portal pages for deputies and unit handlers."""


def portal_cards(user) -> list[dict]:
    return []
