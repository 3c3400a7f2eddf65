"""Finding what a case left in the team's chats, so deleting it can scrub those messages.

A young person who deletes their data has had cards, relayed words, alerts and notes posted
about them in the coordinators' group (or a coordinator's private chat). Telegram keeps
those messages until the bot edits them; these queries list them. Copies of their photos,
files and voice notes cannot be edited into a note: they are listed apart, to be deleted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session, col, select

from storage.milestones import ACTION as MILESTONE_ACTION
from storage.models import (
    ActionToken,
    MilestoneSent,
    OutboxMessage,
    OutboxStatus,
    RelayMessage,
    RelayRole,
    SupportRequest,
    YoungPerson,
)
from storage.repositories import Repository

# Messages not worth scrubbing: copies of photos and files (their text cannot be edited) and
# edits (they change a message listed on its own).
_NOT_SCRUBBED = ("copy", "edit")
MILESTONE_KINDS = "milestone."  # outbox kinds of life milestone messages and cards


@dataclass(frozen=True)
class TeamMessage:
    """A message about a case in a team chat: a known Telegram id, or a row still sending."""

    chat_id: int
    message_id: int | None = None
    outbox_id: int | None = None


def team_messages(
    session: Session, case: YoungPerson, keep_kinds: Sequence[str] = ()
) -> list[TeamMessage]:
    """Text messages about ``case`` the bot posted (or is posting) outside the case's own chat.

    Sent rows give their Telegram id; long messages sent in parts add the ids of earlier
    parts from the relay map. A row being sent right now is given by its outbox id, so an
    edit can wait for it. ``keep_kinds`` are left alone (e.g. the note that they left).
    """
    own_chat = case.telegram_user_id
    found: dict[tuple[int, int], TeamMessage] = {}
    sending: list[TeamMessage] = []
    rows = session.exec(
        select(OutboxMessage).where(
            OutboxMessage.young_person_id == case.id,
            col(OutboxMessage.status).in_((OutboxStatus.SENT, OutboxStatus.SENDING)),
            col(OutboxMessage.method).not_in(_NOT_SCRUBBED),
        )
    ).all()
    for row in rows:
        if row.chat_id == own_chat or row.kind in keep_kinds:
            continue
        if row.status == OutboxStatus.SENDING and row.id is not None:
            sending.append(TeamMessage(row.chat_id, outbox_id=row.id))
        elif row.telegram_message_id is not None:
            key = (row.chat_id, row.telegram_message_id)
            found.setdefault(key, TeamMessage(*key))
    request_ids = session.exec(
        select(SupportRequest.id).where(SupportRequest.young_person_id == case.id)
    ).all()
    if request_ids:
        copies = {
            (row.chat_id, row.telegram_message_id)
            for row in session.exec(
                select(OutboxMessage).where(
                    OutboxMessage.young_person_id == case.id, OutboxMessage.method == "copy"
                )
            ).all()
        }
        for relay in session.exec(
            select(RelayMessage).where(col(RelayMessage.support_request_id).in_(request_ids))
        ).all():
            key = (relay.chat_id, relay.message_id)
            # A coordinator's own message is theirs, not the bot's to edit.
            if relay.chat_id == own_chat or relay.staff_id is not None or key in copies:
                continue
            if relay.role == RelayRole.TO_YOUNG_PERSON:
                continue
            found.setdefault(key, TeamMessage(*key))
    return sorted(found.values(), key=lambda m: (m.chat_id, m.message_id or 0)) + sending


def team_copies(session: Session, case: YoungPerson) -> list[TeamMessage]:
    """Copies of the young person's photos, files and voice notes in the team's chats.

    Sent copies give their Telegram id; a copy being sent right now is given by its outbox
    id, so its deletion can wait for it (or find there is nothing to delete).
    """
    own_chat = case.telegram_user_id
    found: list[TeamMessage] = []
    rows = session.exec(
        select(OutboxMessage)
        .where(
            OutboxMessage.young_person_id == case.id,
            OutboxMessage.method == "copy",
            col(OutboxMessage.status).in_((OutboxStatus.SENT, OutboxStatus.SENDING)),
        )
        .order_by(col(OutboxMessage.id))
    ).all()
    for row in rows:
        if row.chat_id == own_chat or row.id is None:
            continue
        if row.status == OutboxStatus.SENDING:
            found.append(TeamMessage(row.chat_id, outbox_id=row.id))
        elif row.telegram_message_id is not None:
            found.append(TeamMessage(row.chat_id, message_id=row.telegram_message_id))
    return found


def forget_milestones(session: Session, case: YoungPerson) -> int:
    """Forget which life milestones a case had: the memory, the messages and their buttons.

    Which birthday message went when would give away their date of birth. Rows still being
    sent are left (an edit may wait for one); the rest were sent, or cancelled by erasing.
    Returns how many rows went.
    """
    remembered = session.exec(
        select(MilestoneSent).where(MilestoneSent.young_person_id == case.id)
    ).all()
    for sent in remembered:
        session.delete(sent)
    rows = session.exec(
        select(OutboxMessage).where(
            OutboxMessage.young_person_id == case.id,
            col(OutboxMessage.kind).like(f"{MILESTONE_KINDS}%"),
            OutboxMessage.status != OutboxStatus.SENDING,
        )
    ).all()
    tokens = session.exec(
        select(ActionToken).where(
            ActionToken.young_person_id == case.id, ActionToken.action == MILESTONE_ACTION
        )
    ).all()
    for gone in (*rows, *tokens):
        session.delete(gone)
    session.flush()
    return len(remembered) + len(rows) + len(tokens)


def cancel_unsent(
    session: Session, case: YoungPerson, reason: str, keep_kinds: Sequence[str] = ()
) -> int:
    """Fail every row about ``case`` still waiting to go out; how many were cancelled."""
    rows = session.exec(
        select(OutboxMessage).where(
            OutboxMessage.young_person_id == case.id,
            OutboxMessage.status == OutboxStatus.PENDING,
            col(OutboxMessage.kind).not_in(list(keep_kinds) or [""]),
        )
    ).all()
    for row in rows:
        row.status = OutboxStatus.FAILED
        row.last_error = reason[:200]
    session.flush()
    return len(rows)


class ErasureRepo(Repository):
    """What erasing a case finds and removes beyond the other repositories."""

    def team_messages(self, case: YoungPerson, keep_kinds: Sequence[str] = ()) -> list[TeamMessage]:
        """:func:`team_messages`: the texts about ``case`` posted outside their own chat."""
        return team_messages(self.session, case, keep_kinds)

    def team_copies(self, case: YoungPerson) -> list[TeamMessage]:
        """:func:`team_copies`: copies of their photos, files and voice notes for the team."""
        return team_copies(self.session, case)

    def cancel_unsent(self, case: YoungPerson, reason: str) -> int:
        """:func:`cancel_unsent`: fail what about them still waits; how many rows."""
        return cancel_unsent(self.session, case, reason)

    def forget_milestones(self, case: YoungPerson) -> int:
        """:func:`forget_milestones`: forget which milestones they had; how many rows went."""
        return forget_milestones(self.session, case)
