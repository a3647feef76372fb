"""Django's ModelBackend with the user's permission names read by one plain statement.

Every page and API call checks permissions (the scope, the phone column, the menu), and the first
`has_perm` of a request made ModelBackend run two ORM queries — the user's own permissions and their
groups' — each compiled afresh with the permission model's default ordering (two sorts over three
joins). In the list profile (issue 7, list speed) that was the largest single cost after the page's
own SQL. The same set comes from one statement with no ordering, written once per process from the
models' table names; it is cached on the user object exactly where ModelBackend keeps it, so
`has_perm`, `get_all_permissions` and the admin behave as before.
"""

# ruff: noqa: S608 - the one statement is built from the models' table and column names only

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from congress.db import load_one, prepared_reads


@functools.cache
def _names_sql(user_column: str) -> str:
    """The permission names ("app_label.codename") of the user whose id is `user_column`: a
    parameter (`%s`) or a column of an outer query (the API token's `user_id`).

    Only table and column names from the models go into the text; no input ever does."""
    user = get_user_model()
    own, member, granted = (user.user_permissions.through._meta, user.groups.through._meta,
                            Group.permissions.through._meta)

    def column(meta, field):
        return meta.get_field(field).column

    return " ".join((
        f"SELECT ct.app_label || '.' || p.codename FROM {Permission._meta.db_table} p",
        f"JOIN {ContentType._meta.db_table} ct ON ct.id = p.content_type_id",
        f"WHERE p.id IN (SELECT {column(own, 'permission')} FROM {own.db_table}",
        f"               WHERE {column(own, 'user')} = {user_column}",
        f"               UNION ALL SELECT g.{column(granted, 'permission')} FROM {granted.db_table} g",
        f"               JOIN {member.db_table} m ON m.{column(member, 'group')} = g.{column(granted, 'group')}",
        f"               WHERE m.{column(member, 'user')} = {user_column})",
    ))


def names_subquery(user_column: str) -> str:
    """The same set as an ARRAY(...) expression, for a query that loads the user anyway."""
    return f"ARRAY({_names_sql(user_column)})"


def prime(user, names) -> None:
    """Give `user` the permission names loaded by `names_subquery`, so `has_perm` costs no query."""
    if user.is_active and not user.is_superuser:
        user._perm_cache = set(names)


class PermissionBackend(ModelBackend):
    def get_user(self, user_id):
        """ModelBackend's, by one prepared statement (congress.db.load_one): every signed-in request
        loads its user."""
        model = get_user_model()
        user = load_one(model, ((model._meta.pk.name, "="),), [user_id])
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:  # every permission: ModelBackend's own query says so
                return super().get_all_permissions(user_obj, obj)
            with prepared_reads(connection), connection.cursor() as cursor:
                cursor.execute(_names_sql("%s"), [user_obj.pk, user_obj.pk])
                user_obj._perm_cache = {name for (name,) in cursor.fetchall()}
        return user_obj._perm_cache
