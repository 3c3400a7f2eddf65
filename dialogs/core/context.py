"""The per-update context a flow works with: state, replies, and helpers to speak."""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from dialogs.core import registry
from dialogs.core.events import Button, Event, Reply
from dialogs.texts import DEFAULT_LANGUAGE, names_numbers, t, tn
from dialogs.texts.language_codes import language_for, stored_language
from storage.models import ConversationState, Staff, YoungPerson
from storage.plans import TOKEN_PREFIX
from storage.uow import UnitOfWork

# A button press is valid only while its screen is the chat's current screen.
BUTTON_SEPARATOR = "."


class StoredState(Protocol):
    """A stored state's columns (an ORM row or a Core row)."""

    @property
    def flow(self) -> str: ...
    @property
    def step(self) -> str: ...
    @property
    def screen(self) -> str: ...
    @property
    def data(self) -> str: ...


@dataclass
class FlowState:
    """Where a chat is: flow, step, a screen id for buttons, and the flow's own data."""

    flow: str
    step: str
    screen: str
    choices: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    # The young person's last few texts ([ISO time, text], oldest first), so the safety net
    # can read a thought split over bubbles. Kept across steps; stored encrypted with the rest.
    recent: list[list[str]] = field(default_factory=list)
    # The thread their loose messages went to last ([request id, ISO time]), so a burst of
    # messages goes to one thread with one "Sent" (see dialogs.young.support.relay_loose).
    thread: list[Any] = field(default_factory=list)

    @classmethod
    def fresh(cls, flow: str, step: str, data: dict[str, Any] | None = None) -> FlowState:
        """A new state with a new screen id (so earlier buttons become stale)."""
        # Plain strings (a flow's names are StrEnums): stored and compared as text.
        return cls(flow=str(flow), step=str(step), screen=secrets.token_urlsafe(6), data=data or {})

    @classmethod
    def load(cls, row: StoredState) -> FlowState:
        """Rebuild from the stored row."""
        payload = json.loads(row.data)
        return cls(
            flow=row.flow,
            step=row.step,
            screen=row.screen,
            choices=list(payload.get("choices", [])),
            data=dict(payload.get("data", {})),
            recent=[list(item) for item in payload.get("recent", [])],
            thread=list(payload.get("thread", [])),
        )

    def to_row(self, chat_id: int, user_id: int, now: datetime) -> ConversationState:
        """Turn into a row for storage."""
        return ConversationState(**self.to_values(chat_id, user_id, now))

    def to_values(self, chat_id: int, user_id: int, now: datetime) -> dict[str, Any]:
        """The stored row's columns (what :meth:`to_row` holds, without building a model)."""
        return {
            "chat_id": chat_id,
            "user_id": user_id,
            "flow": self.flow,
            "step": self.step,
            "screen": self.screen,
            "data": self.payload(),
            "updated_at": now,
        }

    def payload(self) -> str:
        """The stored ``data`` column: choices, the flow's data, recent texts, the thread."""
        body: dict[str, Any] = {"choices": self.choices, "data": self.data}
        if self.recent:
            body["recent"] = self.recent
        if self.thread:
            body["thread"] = self.thread
        return json.dumps(body)


_STORED = ("flow", "step", "screen", "data")


def reader_language(event: Event, case: YoungPerson | None, staff: Sequence[Staff] = ()) -> str:
    """The language to answer ``event`` in: the young person's or the member of staff's
    stored one; else their Telegram app's (someone not known yet). Groups read the
    service's language, English."""
    if not event.is_private:
        return DEFAULT_LANGUAGE
    if case is not None:
        return stored_language(case.language)
    for member in staff:
        if member.language is not None:
            return stored_language(member.language)
    return language_for(event.language_code)


def learn_staff_language(staff: Sequence[Staff], event: Event) -> None:
    """A member of staff's first private message gives their records a language (from their
    Telegram app's), which their private chat is then in."""
    if not event.is_private or event.language_code is None:
        return
    for member in staff:
        if member.language is None:
            member.language = language_for(event.language_code)


def _stored_form(state: FlowState | None) -> tuple[str, ...]:
    """What storing ``state`` would write (flow, step, screen, data JSON); () for none."""
    if state is None:
        return ()
    return (state.flow, state.step, state.screen, state.payload())


class Context:
    """Everything a flow needs while handling one event."""

    def __init__(
        self,
        uow: UnitOfWork,
        event: Event,
        now: datetime,
        state: FlowState | None,
        case: YoungPerson | None,
        staff: Sequence[Staff] = (),
        stored: StoredState | None = None,
    ) -> None:
        """``stored``: the row ``state`` was loaded from, if it was (spares serialising it)."""
        self.uow = uow
        # The writer's staff records (one per service) when they are staff, not a young person.
        self.staff = staff
        # The payload of the action token behind the button being handled (e.g. a request id).
        self.token_payload: dict[str, Any] | None = None
        self.event = event
        self.now = now
        self.state = state
        self.case = case
        # The language every text of this update is rendered in (a reply to this chat):
        # given explicitly, never a global, so one update's language cannot leak into another.
        self.lang = reader_language(event, case, staff)
        self._country: tuple[str | None] | None = None
        self.replies: list[Reply] = []
        self.forget_state = False
        # The stored step no longer existed: the chat was moved to its flow's start.
        self.moved_on = False
        self._preface: list[str] = []
        # The state as stored, to tell whether it changed. The row as read: serialising an
        # unchanged state gives the same JSON (the same code wrote it), so a state written by
        # older code is at worst written once more, with the same content.
        self._loaded = (
            tuple(getattr(stored, column) for column in _STORED)
            if stored is not None and state is not None
            else _stored_form(state)
        )

    # --- speaking -----------------------------------------------------------------------
    @property
    def country(self) -> str | None:
        """The country of the writer's service (whose emergency numbers they are given)."""
        if self._country is None:
            service_id = (
                self.case.service_id
                if self.case is not None
                else (self.staff[0].service_id if self.staff else None)
            )
            service = self.uow.services.get(service_id) if service_id is not None else None
            self._country = (service.country if service is not None else None,)
        return self._country[0]

    def text(self, key: str, **params: Any) -> str:
        """The text ``key`` in this chat's language (what :meth:`say` would send)."""
        return t(key, self.lang, self._country_for(key), **params)

    def count_text(self, key: str, n: int, **params: Any) -> str:
        """The form of ``key`` for ``n`` in this chat's language (see :func:`tn`)."""
        return tn(key, n, self.lang, self._country_for(key), **params)

    def _country_for(self, key: str) -> str | None:
        # The service is read only for a text that gives numbers (most updates need none).
        return self.country if names_numbers(key, self.lang) else None

    def say(self, key: str, **params: Any) -> None:
        """Send a plain message to the current chat."""
        self.replies.append(
            Reply(chat_id=self.event.chat_id, text=self.text(key, **params), key=key)
        )

    def say_count(self, key: str, n: int, **params: Any) -> None:
        """Send a message whose wording depends on the number ``n`` (see :func:`tn`)."""
        self.replies.append(
            Reply(chat_id=self.event.chat_id, text=self.count_text(key, n, **params), key=key)
        )

    def toast(self, key: str, alert: bool = False, **params: Any) -> None:
        """Answer the button press with a small notice (or an alert box)."""
        self.replies.append(
            Reply(
                chat_id=self.event.chat_id,
                text=self.text(key, **params),
                key=key,
                toast=True,
                alert=alert,
            )
        )

    def preface(self, key: str, **params: Any) -> None:
        """Say something as the opening of the next question, in the same message.

        One message instead of two is easier to read and halves the calls to Telegram.
        """
        self._preface.append(self.text(key, **params))

    def flush(self) -> None:
        """Send any preface that no question followed."""
        for text in self._preface:
            self.replies.append(Reply(chat_id=self.event.chat_id, text=text, key="preface"))
        self._preface.clear()

    def mark(self) -> tuple[int, int]:
        """Where the replies stand now (see :meth:`discard_since`)."""
        return len(self.replies), len(self._preface)

    def discard_since(self, mark: tuple[int, int]) -> None:
        """Take back what was said since ``mark`` (the state changes stay)."""
        del self.replies[mark[0] :]
        del self._preface[mark[1] :]

    @property
    def state_changed(self) -> bool:
        """Whether the flow state differs from what was loaded (saves a write if not)."""
        return _stored_form(self.state) != self._loaded

    def changed_state(self) -> dict[str, Any] | None:
        """The state's row to store when it changed since it was loaded (None: unchanged).

        :attr:`state_changed` and the row in one serialisation.
        """
        if self.state is None:
            return None
        values = self.state.to_values(self.event.chat_id, self.event.user_id, self.now)
        if tuple(values[column] for column in _STORED) == self._loaded:
            return None
        return values

    def ask(
        self,
        key: str,
        options: list[list[tuple[str, str]]],
        *,
        labels: dict[str, str] | None = None,
        **params: Any,
    ) -> None:
        """Send a message with buttons; ``options`` rows hold (label key, action) pairs.

        An action that is an action token's button data is used as it is.

        A label key found in ``labels`` is used as literal text (e.g. a person's name).
        The actions are remembered on the current screen; the buttons carry only the
        screen id and an index, so their data is opaque and checked on the server.
        """
        if self.state is None:
            raise RuntimeError("ask() needs a flow state")
        rows: list[tuple[Button, ...]] = []
        for row in options:
            buttons = []
            for label_key, action in row:
                if action.startswith(TOKEN_PREFIX):
                    # An action token's button: it outlives this screen (checked on use).
                    data = action
                else:
                    if action not in self.state.choices:
                        self.state.choices.append(action)
                    index = self.state.choices.index(action)
                    data = f"{self.state.screen}{BUTTON_SEPARATOR}{index}"
                label = (
                    labels[label_key] if labels and label_key in labels else self.text(label_key)
                )
                buttons.append(Button(label=label, data=data))
            rows.append(tuple(buttons))
        text = "\n\n".join([*self._preface, self.text(key, **params)])
        self._preface.clear()
        self.replies.append(
            Reply(chat_id=self.event.chat_id, text=text, key=key, buttons=tuple(rows))
        )

    def photo(self, image: bytes, caption: str) -> None:
        """Send a picture with a caption (the caption doubles as its text description)."""
        self.replies.append(
            Reply(chat_id=self.event.chat_id, text=caption, key="photo", photo=image)
        )

    def picture(self, drawing: bytes, caption: str) -> None:
        """Send a picture drawn later, by the outbox sender, from its render inputs."""
        self.replies.append(
            Reply(chat_id=self.event.chat_id, text=caption, key="photo", drawing=drawing)
        )

    def document(self, content: bytes, filename: str, caption_key: str) -> None:
        """Send a file."""
        self.replies.append(
            Reply(
                chat_id=self.event.chat_id,
                text=self.text(caption_key),
                key=caption_key,
                document=content,
                filename=filename,
            )
        )

    def audit(self, action: str, case: YoungPerson | None = None) -> None:
        """Record that the young person did something to their case (never any content)."""
        subject = case or self.case
        assert subject is not None
        self.uow.audit.record("young_person", action, self.now, subject.service_id, subject.id)

    # --- moving -----------------------------------------------------------------------------
    def goto(self, flow: str, step: str, data: dict[str, Any] | None = None) -> FlowState:
        """Move the chat to a new step; buttons of earlier screens stop working."""
        recent = self.state.recent if self.state is not None else []
        thread = self.state.thread if self.state is not None else []
        self.state = FlowState.fresh(flow, step, data)
        self.state.recent = recent
        self.state.thread = thread
        return self.state

    def open(self, flow: registry.FlowName, step: str | None = None) -> None:
        """Open another flow at one of its entries (its start if None), through the registry."""
        registry.open_flow(self, flow, step)

    def clear(self) -> None:
        """Forget this chat's state entirely (e.g. nothing may be stored)."""
        self.state = None
        self.forget_state = True

    def resolve_button(self, data: str) -> str | None:
        """The action behind a pressed button, or None if it is stale or forged."""
        if self.state is None:
            return None
        screen, sep, index = data.partition(BUTTON_SEPARATOR)
        if not sep or screen != self.state.screen or not index.isdigit():
            return None
        position = int(index)
        if position >= len(self.state.choices):
            return None
        return self.state.choices[position]
