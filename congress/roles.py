"""Roles are Django groups. Each app lists the permissions its roles get in its AppConfig
(`role_permissions`), so this module knows no app above it; `sync_roles` runs after migrate.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

STAFF = "staff"
LEADER = "leader"
DEPUTY = "deputy"
UNIT_HANDLER = "unit_handler"
STATION_KEEPER = "station_keeper"
COMMITTEE_MEMBER = "committee_member"  # 常委会组成人员: rates oversight topics (issue 10)

LABELS = {
    STAFF: _("Office staff"),
    LEADER: _("Leader"),
    DEPUTY: _("Deputy"),
    UNIT_HANDLER: _("Unit handler"),
    STATION_KEEPER: _("Station keeper"),
    COMMITTEE_MEMBER: _("Standing-committee member"),
}


def role_permissions() -> dict[str, set[str]]:
    """{role: {"app_label.codename", …}} gathered from every installed app."""
    merged: dict[str, set[str]] = {role: set() for role in LABELS}
    for config in apps.get_app_configs():
        for role, perms in getattr(config, "role_permissions", {}).items():
            merged[role].update(perms)
    return merged


def sync_roles(**kwargs) -> None:
    """Create the role groups and give each exactly the permissions the apps declare."""
    from django.contrib.auth.models import Group, Permission

    for role, perms in role_permissions().items():
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for dotted in sorted(perms):
            app_label, codename = dotted.split(".", 1)
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                return  # another app's migrations have not run yet; the last post_migrate completes it
            wanted.append(permission)
        group.permissions.set(wanted)


def staff_like(user) -> bool:
    return user.is_authenticated and user.has_perm("congress.access_staff_ui")
