"""Flows as explicit state machines: steps, typed data and one step table.

A :class:`TableFlow` declares

- its steps as a ``StrEnum`` and the step it starts at;
- its data as a dataclass or pydantic model, stored as JSON in the flow state (only the
  fields set so far, so what is stored reads as before) and validated on load;
- one table: per step, what it shows, which buttons it offers, whether it takes free text
  or media, and where each button leads (:class:`To` a step of its own, :class:`Open`
  another flow, or :class:`Do` something that may lead on).

The engine only reads the table (through the :class:`dialogs.core.flow.Flow` protocol).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import TypeAdapter, ValidationError

from dialogs.core.context import Context
from dialogs.core.registry import FlowName

D = TypeVar("D")

Rows = Sequence[Sequence[tuple[str, str]]]  # rows of (label key, action)


@dataclass(frozen=True)
class To:
    """A button that moves to another step of the same flow (keeping the flow's data)."""

    step: StrEnum


@dataclass(frozen=True)
class Open:
    """A button that opens another flow at one of its declared entries (its start if None)."""

    flow: FlowName
    step: str | None = None


@dataclass(frozen=True)
class Do(Generic[D]):
    """A button that acts (records something, asks elsewhere) and may lead on.

    ``leads_to`` names every place ``run`` may move the chat to, for the table walk.
    """

    run: Callable[[Context, D, str], None]
    leads_to: tuple[To | Open, ...] = ()


Lead = To | Open | Do[D]


@dataclass(frozen=True)
class Step(Generic[D]):
    """One step of a flow's table.

    ``key`` and ``buttons`` make the screen (``ctx.ask``); ``screen`` gives buttons and
    the text's parameters that depend on the case (one look-up for both); ``show`` draws a
    screen too rich for them (``buttons`` then lists what it offers, for the table walk).
    ``leads`` says where each action goes. ``text`` takes free
    text (``takes_text`` narrows which; ``text_leads`` says where an answer goes); a step
    without it nudges and asks again.
    ``media`` takes a photo or a file.
    """

    key: str = ""
    buttons: Rows = ()
    screen: Callable[[Context, D], tuple[Rows, Mapping[str, Any]]] | None = None
    show: Callable[[Context, D], None] | None = None
    leads: Mapping[str, Lead[D]] = field(default_factory=dict)
    text: Callable[[Context, D, str], None] | None = None
    takes_text: Callable[[Context, D, str], bool] | None = None
    text_leads: tuple[To | Open, ...] = ()
    media: Callable[[Context, D], None] | None = None


class TableFlow(Generic[D]):
    """A flow the engine drives from its step table.

    Subclasses set ``name``, ``steps``, ``start``, ``data_type`` and ``table``; ``common``
    holds leads every step accepts, ``entries`` the steps other flows may open directly.
    """

    name: ClassVar[FlowName]
    steps: ClassVar[type[StrEnum]]
    start: ClassVar[StrEnum]
    data_type: ClassVar[type[Any]]
    table: ClassVar[Mapping[StrEnum, Step[Any]]]
    common: ClassVar[Mapping[str, Lead[Any]]] = {}
    entries: ClassVar[frozenset[StrEnum]] = frozenset()

    # --- data --------------------------------------------------------------------------
    @classmethod
    def _adapter(cls) -> TypeAdapter[Any]:
        adapter = cls.__dict__.get("_data_adapter")
        if adapter is None:
            adapter = TypeAdapter(cls.data_type)
            cls._data_adapter = adapter  # type: ignore[attr-defined]
        return adapter

    def data(self, ctx: Context) -> D:
        """The flow's data, read from the stored state (validated)."""
        assert ctx.state is not None
        value: D = self._adapter().validate_python(ctx.state.data)
        return value

    def store(self, ctx: Context, data: D) -> None:
        """Write the flow's data back into the state."""
        assert ctx.state is not None
        ctx.state.data = self._dump(data)

    def _dump(self, data: D) -> dict[str, Any]:
        dumped: dict[str, Any] = self._adapter().dump_python(data, mode="json", exclude_unset=True)
        return dumped

    def fresh_data(self) -> D:
        """The data a flow starts with."""
        value: D = self.data_type()
        return value

    def fits(self, ctx: Context) -> bool:
        """Whether the stored step still exists and the stored data still validates."""
        state = ctx.state
        if state is None or state.step not in self.steps.__members__.values():
            return False
        try:
            self.data(ctx)
        except ValidationError:
            return False
        return True

    def _step(self, ctx: Context) -> Step[D]:
        assert ctx.state is not None
        return self.table[self.steps(ctx.state.step)]

    # --- moving --------------------------------------------------------------------------
    def enter(self, ctx: Context, step: str) -> None:
        """Move to ``step`` with fresh data and show it."""
        ctx.goto(
            self.name,
            step,
            self._adapter().dump_python(self.fresh_data(), mode="json", exclude_unset=True),
        )
        self.show(ctx)

    def go(self, ctx: Context, step: StrEnum, data: D | None = None) -> None:
        """Move to ``step`` of this flow (a new screen), keeping or replacing the data."""
        kept = data if data is not None else self.data(ctx)
        ctx.goto(
            self.name, step, self._adapter().dump_python(kept, mode="json", exclude_unset=True)
        )
        self.show(ctx)

    def follow(self, ctx: Context, lead: Lead[D], action: str) -> None:
        """Go where a lead points."""
        if isinstance(lead, To):
            self.go(ctx, lead.step)
        elif isinstance(lead, Open):
            ctx.open(lead.flow, lead.step)
        else:
            lead.run(ctx, self.data(ctx), action)

    # --- the engine's side ------------------------------------------------------------------
    def show(self, ctx: Context) -> None:
        """Show the current step from its table row."""
        step, data = self._step(ctx), self.data(ctx)
        if step.show is not None:
            step.show(ctx, data)
            return
        rows, params = step.screen(ctx, data) if step.screen else (step.buttons, {})
        ctx.ask(step.key, [list(row) for row in rows], **params)

    def lead(self, step: StrEnum, action: str) -> Lead[D] | None:
        """Where ``action`` leads from ``step`` (its own leads first, then the common ones).

        A lead keyed ``"person:"`` takes every action with that prefix (``person:12``).
        """
        prefix = action.partition(":")[0] + ":" if ":" in action else None
        for leads in (self.table[step].leads, self.common):
            found = leads.get(action) or (leads.get(prefix) if prefix else None)
            if found is not None:
                return found
        return None

    def on_choice(self, ctx: Context, action: str) -> None:
        """Follow the pressed button's lead; a button the step does not know shows it again."""
        assert ctx.state is not None
        lead = self.lead(self.steps(ctx.state.step), action)
        if lead is None:
            self.show(ctx)
            return
        self.follow(ctx, lead, action)

    def on_text(self, ctx: Context, text: str) -> None:
        """Free text: the step's own handler, or a kind nudge and the question again."""
        step = self._step(ctx)
        if step.text is None:
            ctx.say("nudge.unexpected")
            self.show(ctx)
            return
        step.text(ctx, self.data(ctx), text)

    def takes_text(self, ctx: Context, text: str) -> bool:
        """Whether the step waits for this text (any text, unless it says which)."""
        step = self._step(ctx)
        if step.text is None:
            return False
        return step.takes_text is None or step.takes_text(ctx, self.data(ctx), text)

    def takes_media(self, ctx: Context) -> bool:
        """Whether the step takes a photo or a file."""
        return self._step(ctx).media is not None

    def on_media(self, ctx: Context) -> None:
        """Hand a photo or file to the step."""
        media = self._step(ctx).media
        if media is not None:
            media(ctx, self.data(ctx))

    def keeps_words_after_crisis(self, ctx: Context) -> bool:
        """A table step does not keep words the safety net answered."""
        return False

    def still_asking(self, ctx: Context) -> None:
        """Nothing stays open: the step's buttons are still there."""

    def on_cancel(self, ctx: Context) -> None:
        """Nothing to tidy up before /cancel."""

    def on_intent(self, ctx: Context, kind: str, detail: str) -> bool:
        """Understood requests are answered by the language layer, not the step."""
        return False

    # --- the table walk ----------------------------------------------------------------------
    def targets(self, step: StrEnum) -> list[To | Open]:
        """Every place a step's leads (and the common ones) may take the chat."""
        found: list[To | Open] = []
        found.extend(self.table[step].text_leads)
        for lead in [*self.table[step].leads.values(), *self.common.values()]:
            if isinstance(lead, To | Open):
                found.append(lead)
            else:
                found.extend(lead.leads_to)
        return found
