"""What a young person's support request does to the team's side: sending it, adding to it,
withdrawing it and opening it again.

Screens and where the chat goes next live in :mod:`dialogs.young.support_flow`; this module only
writes the request and tells the team (its card and thread, in English).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from dialogs.cases import relay
from dialogs.core.context import Context
from dialogs.core.events import EventKind
from dialogs.core.working_hours import add_working_minutes, response_due
from dialogs.safety import alert_thread, alerts
from storage.models import (
    RelayRole,
    RequestKind,
    RequestStatus,
    SupportCategory,
    SupportRequest,
    Urgency,
    YoungPerson,
)
from storage.support import SendingFacts

MAX_OPEN = 5
MAX_PIECES = 20  # messages in one description
MAX_WORDS = 20_000  # characters in one description


@dataclass(frozen=True)
class NewRequest:
    """What the young person asked for, as "Send it" sends it."""

    category: SupportCategory
    urgency: Urgency
    texts: list[str]
    media: list[tuple[int, str]]
    share: bool  # their words go to the team's thread as they are
    worry: bool  # words in it worried the safety net (the card says so)


def send(
    ctx: Context,
    case: YoungPerson,
    facts: SendingFacts,
    team_chat_id: int,
    due: datetime,
    asked: NewRequest,
) -> SupportRequest:
    """Create the request, due at ``due``, and queue its card for the team (in the update's
    own INSERT)."""
    created = ctx.uow.support.create(
        case,
        asked.category,
        asked.urgency,
        "\n\n".join(asked.texts) if asked.texts else None,
        asked.media,
        asked.share,
        ctx.now,
        due,
        origin=relay.WORRY_ORIGIN if asked.worry else None,
    )
    relay.send_card(
        ctx.uow,
        created,
        case,
        ctx.now,
        chat_id=team_chat_id,
        plan_lead=facts.plan_lead,
        defer=True,  # in the INSERT of "Sent ✓": nothing reads the outbox before
    )
    ctx.audit("support_requested")
    return created


def add_words(
    ctx: Context, case: YoungPerson, request: SupportRequest, text: str | None, media: bool
) -> None:
    """Add what they sent to a request they made, and tell the team in its thread.

    Shared words go to the thread as they are; private ones only as "something was added".
    """
    if text:
        request.text = "\n\n".join(x for x in (request.text, text.strip()) if x)
    if media and ctx.event.message_id is not None:
        pieces = [*relay.media_of(request), (ctx.event.message_id, ctx.event.media_kind or "")]
        request.media = json.dumps([[m, k] for m, k in pieces])
    request.updated_at = ctx.now
    if request.share_text:
        from_young_person(ctx, case, request)
    else:
        relay.to_team(
            ctx.uow,
            request,
            case,
            "relay.added_private",
            f"added:{ctx.event.update_id}",
            ctx.now,
        )
    ctx.audit("support_added")


def from_young_person(ctx: Context, case: YoungPerson, request: SupportRequest) -> None:
    """Queue the message of this update for the request's thread (see :func:`relay_message`)."""
    event = ctx.event
    relay_message(
        ctx,
        case,
        request,
        event.message_id,
        event.kind != EventKind.TEXT and event.message_id is not None,
        event.text,
        event.forwarded,
    )


def relay_message(
    ctx: Context,
    case: YoungPerson,
    request: SupportRequest,
    message_id: int | None,
    media: bool,
    text: str | None,
    forwarded: bool = False,
) -> None:
    """Queue one message for the thread: text whole (the outbox splits long text), media as
    a copy under a line saying who sent it. A forwarded message goes as a copy too, under a
    neutral line: never with the name of whoever first wrote it.
    """
    chat_id = ctx.event.chat_id
    key = f"from_yp:{chat_id}:{message_id}"
    # The rows go in with the update's answers (one INSERT): nothing reads them before.
    if media and message_id is not None:
        head = "relay.from_yp.forwarded_media" if forwarded else "relay.from_yp.media"
        relay.to_team(ctx.uow, request, case, head, f"{key}:head", ctx.now, defer=True)
        relay.copy_to_team(ctx.uow, request, case, message_id, key, ctx.now, defer=True)
    else:
        words = "relay.from_yp.forwarded" if forwarded else alert_thread.relay_key(ctx.uow, request)
        relay.to_team(ctx.uow, request, case, words, key, ctx.now, defer=True, text=text or "")
    if message_id is not None and request.id is not None:
        # So an edit of this message can follow it into the group.
        ctx.uow.relays.link(
            request.service_id, request.id, chat_id, message_id, RelayRole.TO_GROUP, ctx.now
        )
    if ctx.state is not None:
        # What they wrote went to a person: the safety net starts afresh.
        ctx.state.recent = []


def withdraw(ctx: Context, case: YoungPerson, request: SupportRequest) -> None:
    """They stopped their request: its card says so, and the team is told in its thread."""
    request.status = RequestStatus.WITHDRAWN
    request.updated_at = request.closed_at = ctx.now
    relay.refresh_card(ctx.uow, request, f"withdrawn:{ctx.event.update_id}", ctx.now)
    # Keyed by the update: a request can be stopped, opened again and stopped again.
    key = f"withdrawn:{request.id}:{ctx.event.update_id}"
    relay.to_team(ctx.uow, request, case, "relay.withdrawn", key, ctx.now)
    ctx.audit("support_withdrawn")


def reopen(ctx: Context, request: SupportRequest, case: YoungPerson, by_young_person: bool) -> None:
    """Open a closed or withdrawn request again: it waits for a coordinator as before."""
    service = ctx.uow.services.get(request.service_id)
    assert service is not None
    claimed = request.claimed_by_staff_id is not None and not by_young_person
    request.status = RequestStatus.PICKED_UP if claimed else RequestStatus.SENT
    if not claimed:
        request.claimed_by_staff_id = None
        request.picked_up_at = None
    request.closed_at = None
    request.outcome = None
    # An old "how did it end?" prompt must not close the reopened request.
    ctx.uow.relays.forget(request.id or 0, RelayRole.CLOSE_PROMPT)
    request.escalated_at = None
    if request.kind == RequestKind.ALERT:
        request.escalate_at = add_working_minutes(ctx.now, alerts.ALERT_MINUTES, service)
    else:
        request.escalate_at = response_due(service, request.urgency, ctx.now)
    request.updated_at = ctx.now
    relay.refresh_card(ctx.uow, request, f"reopened:{ctx.event.update_id}", ctx.now)
    key = "relay.reopened_by_yp" if by_young_person else "relay.reopened"
    relay.to_team(ctx.uow, request, case, key, f"reopened:{ctx.event.update_id}", ctx.now)
    if by_young_person:  # the team's reopening is audited with who did it (dialogs.staff.team)
        ctx.audit("support_reopened", case)
