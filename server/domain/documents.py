"""Named documents (cameras, layouts, presets, briefings, schedules, alert rules, tables): one way to
store, change, remove and read them.

Each kind is described once by a `Resource` in its own module (presets.PRESETS, catalog.CAMERAS …):
its row class, how a document fills a row, the view that answers and deltas carry, its delta, and the
hooks where kinds differ (what a document must name that exists, what refuses its deletion). The rules
every kind follows live here: adding a name that exists is a conflict; an unknown name is not found,
listing the known ones; every change is one delta (only to its wall's clients when it has a wall) and
one audit entry; a deleted built-in is remembered so that start-up does not bring it back.
Who may do what is not decided here: Core checks the role table (server/roles.py) first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from server.store.context import Principal, WriteContext
from server.store.tables import DeletedBuiltinRow
from wall_protocol.common import WireModel
from wall_protocol.errors import ErrorCode, ProtocolError

SHOWN_NAMES = 5
"""How many known names an error lists: enough to spot a typo, short enough to read."""


R = TypeVar("R")
D = TypeVar("D", bound=BaseModel)
V = TypeVar("V", bound=BaseModel)


def some_names(names: Sequence[str]) -> str:
    """A few names, quoted, and how many there are in all when there are more."""
    listed = ", ".join(repr(n) for n in names[:SHOWN_NAMES])
    return listed + (f" … ({len(names)} in all)" if len(names) > SHOWN_NAMES else "")


def _accept(session: Session, document: Any, strict: bool) -> None:
    """No check: the model's own validation is all."""


def _unused(session: Session, key: str) -> list[str]:
    return []


def _every_wall(row: Any) -> str | None:
    return None


def _unchanged(context: WriteContext, key: str) -> None:
    pass


@dataclass(frozen=True, kw_only=True)
class Resource(Generic[R, D, V]):
    """One kind of named document: what the generic operations need to know about it."""

    kind: str
    """Its name in the role table, the audit (`preset.upsert`) and deleted_builtins, e.g. 'alert_rule'."""
    label: str
    """Its name in messages, e.g. 'alert rule'."""
    row: type[R]
    key_field: str
    """The field of the document, and the column of the row, that names it ('name', 'id', 'key')."""
    write: Callable[[R, D, WriteContext, bool], None]
    """Fill a row from a document, `updated_at` included (the last argument: it is a built-in)."""
    view: Callable[[R], V]
    """What answers, lists and deltas carry (for cameras, the readers' view without URLs)."""
    delta: type[WireModel]
    delta_key: str
    delta_value: str
    """The delta says `{delta_key: name, delta_value: view or null}`: the wire keeps one kind per resource."""
    check: Callable[[Session, D, bool], None] = _accept
    """Refuse a document that names what does not exist; strict=False skips what may come later (built-ins)."""
    users: Callable[[Session, str], list[str]] = _unused
    """What uses a document (e.g. "schedule 'sang'"): it cannot be deleted while anything does."""
    wall: Callable[[R], str | None] = _every_wall
    """The wall whose clients (and consoles) get its deltas; None: every client."""
    builtins: bool = False
    """Built-ins of this kind come from files: their deletion is remembered."""
    audit_detail: Callable[[R], dict[str, Any]] | None = None
    """What the audit keeps of a change (default: the stored body)."""
    changed: Callable[[WriteContext, str], None] = _unchanged
    """After a save or a deletion (e.g. drop a cache)."""
    removing: Callable[[WriteContext, str], None] = _unchanged
    """Before the row is deleted (e.g. the rows that belong to it)."""

    def key_of(self, document: D) -> str:
        return str(getattr(document, self.key_field))


def names(session: Session, resource: Resource[Any, Any, Any]) -> list[str]:
    key = getattr(resource.row, resource.key_field)
    return list(session.scalars(select(key).order_by(key)))


def find(session: Session, resource: Resource[R, Any, Any], key: str) -> R | None:
    return session.get(resource.row, key)


def row(session: Session, resource: Resource[R, Any, Any], key: str) -> R:
    """The stored row, or not found naming the ones that exist."""
    found = session.get(resource.row, key)
    if found is None:
        known = names(session, resource)
        raise ProtocolError(ErrorCode.NOT_FOUND, f"{resource.label} {key!r} does not exist "
                            f"({resource.label}s: {some_names(known) if known else 'none'})", field=resource.kind)
    return found


def get(session: Session, resource: Resource[Any, Any, V], key: str) -> V:
    return resource.view(row(session, resource, key))


def listing(session: Session, resource: Resource[Any, Any, V], wall: str | None = None) -> list[V]:
    """Every document, by name; with `wall`, those of that wall and those of no wall."""
    rows = session.scalars(select(resource.row).order_by(getattr(resource.row, resource.key_field)))
    return [resource.view(r) for r in rows if wall is None or resource.wall(r) in (None, wall)]


def _emit(context: WriteContext, resource: Resource[Any, Any, Any], key: str, view: BaseModel | None,
          wall: str | None) -> None:
    context.emit(resource.delta, for_wall=wall, **{resource.delta_key: key, resource.delta_value: view})


def upsert(context: WriteContext, actor: Principal | None, resource: Resource[R, D, V], document: D, *,
           builtin: bool = False, must_be_new: bool = False, strict: bool | None = None) -> V:
    """Create or replace a document; `actor` None: the server's own (built-ins, the demo), not audited."""
    key = resource.key_of(document)
    stored = context.session.get(resource.row, key)
    if stored is not None and must_be_new:
        raise ProtocolError(ErrorCode.CONFLICT, f"{resource.label} {key!r} already exists", field=resource.key_field)
    resource.check(context.session, document, not builtin if strict is None else strict)
    old_wall = resource.wall(stored) if stored is not None else None
    if stored is None:
        stored = resource.row(**{resource.key_field: key})
        context.session.add(stored)
    resource.write(stored, document, context, builtin)
    view = resource.view(stored)
    wall = resource.wall(stored)
    if old_wall is not None and old_wall != wall:
        _emit(context, resource, key, None, old_wall)  # its old wall's clients hold it: it is gone from there
    _emit(context, resource, key, view, wall)
    resource.changed(context, key)
    if actor is not None:
        context.audit(actor, f"{resource.kind}.upsert", f"{resource.kind}:{key}", _detail(resource, stored))
    return view


def _detail(resource: Resource[R, Any, Any], stored: R) -> dict[str, Any]:
    if resource.audit_detail is not None:
        return resource.audit_detail(stored)
    body: dict[str, Any] = getattr(stored, "body", {})
    return body


def delete(context: WriteContext, actor: Principal, resource: Resource[Any, Any, Any], key: str) -> None:
    """Remove a document nothing uses; its clients get a delta with null."""
    stored = row(context.session, resource, key)
    used = resource.users(context.session, key)
    if used:
        raise ProtocolError(ErrorCode.CONFLICT,
                            f"{resource.label} {key!r} is used by {', '.join(used)}; change those first")
    wall = resource.wall(stored)
    resource.removing(context, key)
    context.session.delete(stored)
    if resource.builtins:
        record_deletion(context, resource.kind, key)
    _emit(context, resource, key, None, wall)
    resource.changed(context, key)
    context.audit(actor, f"{resource.kind}.delete", f"{resource.kind}:{key}")


def record_deletion(context: WriteContext, kind: str, name: str) -> None:
    """Remember that `name` was deleted, so that start-up never brings back a built-in of that name.

    Every deletion is recorded, not only of rows still flagged built-in: an admin's edit clears the flag,
    and the file would otherwise re-create a built-in that was edited and then deleted.
    """
    context.session.merge(DeletedBuiltinRow(kind=kind, name=name, deleted_at=context.now))


def deleted_names(session: Session, kind: str) -> set[str]:
    """Names of `kind` that were deleted (see record_deletion): built-ins not to install again."""
    return set(session.scalars(select(DeletedBuiltinRow.name).where(DeletedBuiltinRow.kind == kind)))
