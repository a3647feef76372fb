"""Row locks taken in one order everywhere: the parent first, then the child.

Two services that lock the same rows in different orders (a request, then its suggestion, then its
assignment in one; the assignment, then the suggestion in another) can deadlock, and a service that
recomputes a parent's state from its children without holding the parent's lock can lose an update
made at the same moment by a sibling (two units answering at once leave the suggestion "being
handled" for ever). So every loop that derives a parent's state from its children locks through
`lock_parent_then_child`, and the function that derives the state calls `require_locked(parent)`.

The locks taken are remembered per database transaction (PostgreSQL's transaction id), so
`is_locked` answers for the transaction that asks, and a lock taken in an earlier transaction on
the same connection never counts. Use only foreign keys that never change as the parent path.
"""

from __future__ import annotations

from django.db import connection, models


class _TransactionId(models.Func):
    """txid_current(): assigns the transaction id if needed; taking a row lock needs one anyway."""

    template = "txid_current()"
    output_field = models.BigIntegerField()


def _related_model(model: type[models.Model], path: str) -> type[models.Model]:
    for name in path.split("__"):
        model = model._meta.get_field(name).related_model
    return model


def _held() -> set:
    if not hasattr(connection, "_congress_row_locks"):
        connection._congress_row_locks = set()
    return connection._congress_row_locks


def _remember(xid: int, obj: models.Model) -> None:
    held = _held()
    stale = {key for key in held if key[0] != xid}  # locks of finished transactions
    held.difference_update(stale)
    held.add((xid, obj._meta.label, obj.pk))


def _current_xid() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT txid_current_if_assigned()")
        return cursor.fetchone()[0]


def lock(queryset: models.QuerySet, pk) -> models.Model:
    """Lock one row of `queryset` (only that table's row, not the ones it joins) and read it afresh."""
    row = (queryset.select_for_update(of=("self",)).annotate(_lock_xid=_TransactionId())
           .get(pk=pk))
    _remember(row._lock_xid, row)
    return row


def lock_all(queryset: models.QuerySet) -> list[models.Model]:
    """Lock several rows of one table in primary-key order, so two callers never cross."""
    rows = list(queryset.select_for_update(of=("self",)).annotate(_lock_xid=_TransactionId()).order_by("pk"))
    for row in rows:
        _remember(row._lock_xid, row)
    return rows


def lock_parent_then_child(child: models.Model, parent_path: str, *, parent_queryset=None, child_queryset=None):
    """Lock the row `parent_path` leads to from `child` (a foreign key, or a chain of them such as
    "reply__assignment__suggestion"), then `child` itself; return both, read after locking.

    The parent's id is read without a lock first: the path must follow keys that never change.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("lock_parent_then_child needs a transaction: call it inside transaction.atomic()")
    child_model = type(child)
    parent_model = _related_model(child_model, parent_path)
    parent_id = child_model._default_manager.filter(pk=child.pk).values_list(parent_path, flat=True).get()
    parent = lock(parent_queryset if parent_queryset is not None else parent_model._default_manager.all(), parent_id)
    child = lock(child_queryset if child_queryset is not None else child_model._default_manager.all(), child.pk)
    return parent, child


def is_locked(obj: models.Model) -> bool:
    """Whether the current transaction took `obj`'s row lock through this module."""
    if not connection.in_atomic_block:
        return False
    xid = _current_xid()
    return xid is not None and (xid, obj._meta.label, obj.pk) in _held()


def require_locked(obj: models.Model) -> None:
    """Refuse to go on when the caller does not hold `obj`'s row lock (a programming error)."""
    if not is_locked(obj):
        raise RuntimeError(f"{obj._meta.label} {obj.pk} must be locked by the caller (congress.locking.lock)")
