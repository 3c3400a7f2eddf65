"""ORM objects for rows written or read with Core statements, without the ORM's per-row cost.

On an update's hot path (a card, a thread message) the ORM's share was most of the engine's
time: building a SQLModel object runs pydantic's construction field by field, flushing one
runs the unit of work, and ``session.get`` sets up a query each time. Here a row written by a
Core INSERT, or read by a Core SELECT, becomes the same object the ORM would hold after a
flush or a load: in the session's identity map, its columns loaded, a later change to it an
UPDATE. Only the repositories use this.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from pydantic_core import PydanticUndefined
from sqlalchemy import Table, bindparam, select
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import instance_state
from sqlmodel import SQLModel

M = TypeVar("M", bound=SQLModel)


class Rows(Generic[M]):
    """Makes objects of one table model from plain values."""

    def __init__(self, model: type[M]) -> None:
        mapper = sa_inspect(model)
        self.model = model
        self.mapper = mapper
        self.manager = mapper.class_manager
        self.table: Table = mapper.local_table
        self.columns: tuple[str, ...] = tuple(attr.key for attr in mapper.column_attrs)
        self.defaults: dict[str, Any] = {}
        self.factories: dict[str, Callable[[], Any]] = {}
        for name, field in model.model_fields.items():
            if name not in self.columns:
                continue
            if field.default_factory is not None:
                self.factories[name] = field.default_factory  # type: ignore[assignment]
            elif field.default is not PydanticUndefined:
                self.defaults[name] = field.default
        [key] = mapper.primary_key
        self._by_key = select(*self.table.columns).where(key == bindparam("key"))

    def new(self, values: Mapping[str, Any]) -> M:
        """A new (transient) object: ``values``, and every other column's default.

        No validation, as with a row the ORM loads: the callers are repositories that pass
        the column's own types.
        """
        obj: M = self.manager.new_instance()
        state = obj.__dict__
        state.update(self.defaults)
        for name, factory in self.factories.items():
            state[name] = factory()
        state.update(values)
        return obj

    def attach(self, session: Session, obj: M) -> M:
        """Put an object whose row is in the database (its key set) in the session, as loaded."""
        make_transient_to_detached(obj)
        session.add(obj)
        return obj

    def loaded(self, session: Session, row: Mapping[str, Any]) -> M:
        """The session's object for a row read with Core (every column, by name).

        The one already in the identity map when there is one (it may hold changes not yet
        flushed); otherwise a new one, attached as loaded.
        """
        key = self.mapper.identity_key_from_primary_key(
            tuple(row[column.key] for column in self.mapper.primary_key)
        )
        existing = session.identity_map.get(key)
        if existing is not None:
            return existing  # type: ignore[no-any-return]
        obj: M = self.manager.new_instance()
        obj.__dict__.update(row)
        return self.attach(session, obj)

    def identity(self, key: Any) -> Any:
        """The identity map's key of the object with this (one-column) primary key."""
        return self.mapper.identity_key_from_primary_key((key,))

    def get(self, session: Session, key: Any) -> M | None:
        """``session.get`` for a one-column primary key, as one prebuilt Core SELECT.

        The identity map first, as ``session.get`` does: an object already in the session
        is returned as it is, with any change not yet flushed.
        """
        existing = session.identity_map.get(self.mapper.identity_key_from_primary_key((key,)))
        if existing is not None:
            if instance_state(existing).expired:
                return session.get(self.model, key)  # reloaded (or found deleted) by the ORM
            return existing  # type: ignore[no-any-return]
        row = session.execute(self._by_key, {"key": key}).first()
        if row is None:
            return None
        obj: M = self.manager.new_instance()
        obj.__dict__.update(row._mapping)
        return self.attach(session, obj)
