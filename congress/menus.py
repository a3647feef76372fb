"""The staff sidebar, contributed by each loop (issue 7: pages are found from the menus).

An app lists its sections in `AppConfig.staff_menu`, a tuple of `Section`s; the layout shows the
sections the user has any entry of, in app order, and marks the entry whose address is the
longest prefix of the current path. A loop that lands with its menu entries is on the role walk's
route (tests/browser/test_role_walk.py) from that day on.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    perms: tuple[str, ...] = ()  # all needed, besides the staff UI itself


@dataclass(frozen=True)
class Section:
    title: str
    entries: tuple[Entry, ...]
    order: int = 100  # the sidebar's order: the loops in the office's order, the office's own last


def staff_menu(request) -> list[dict]:
    """[{title, entries: [{label, url, current}]}] for `request.user`; empty for non-staff."""
    user = request.user
    if not user.has_perm("congress.access_staff_ui"):
        return []
    sections = []
    declared = [section for config in apps.get_app_configs() for section in getattr(config, "staff_menu", ())]
    for section in sorted(declared, key=lambda s: s.order):
        entries = [{"label": e.label, "url": reverse(e.url_name), "current": False}
                   for e in section.entries if all(user.has_perm(p) for p in e.perms)]
        if entries:
            sections.append({"title": section.title, "entries": entries})
    mark_current(sections, request.path)
    return sections


def mark_current(sections: list[dict], path: str) -> None:
    """The entry with the longest address that starts `path` is the page the user is on; the home
    page ("/staff/") is current only on itself."""
    best = None
    for entry in (e for s in sections for e in s["entries"]):
        url = entry["url"]
        if (path == url or (path.startswith(url) and url.count("/") > 2)) and (
                best is None or len(url) > len(best["url"])):
            best = entry
    if best is not None:
        best["current"] = True
