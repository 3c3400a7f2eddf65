"""The parts of a young person's data file read straight from the tables.

``dialogs.young.privacy.export`` builds the file; these are the records it takes as they are
stored: messages both ways (decrypted), the relay map, invites, buttons, the audit trail
and where they are in a conversation. :data:`COVERED_TABLES` says which section of the
file holds each table linked to a case, so a test can check every such table is there.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.models import (
    ActionToken,
    AuditEvent,
    ConversationState,
    Invite,
    MilestoneSent,
    OutboxMessage,
    PersonEvent,
    RelayMessage,
    SupportRequest,
    YoungPerson,
)
from storage.repositories import Repository

# Table -> the file's section holding its rows ("a.b": list b inside object a).
COVERED_TABLES: dict[str, str] = {
    "young_person": "case",
    "person": "people",
    "consent_event": "consents",
    "plan": "plan",
    "plan_item": "plan.items",
    "plan_review": "plan_reviews",
    "support_request": "support_requests",
    "relay_message": "message_links",
    "outbox": "messages",
    "invite": "invites",
    "action_token": "buttons",
    "audit_event": "history",
    "person_event": "people_history",
    "conversation_state": "where_you_are",
    "milestone_sent": "birthday_messages",
}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def case_records(session: Session, case: YoungPerson) -> dict[str, Any]:
    """Messages, relay map, invites, buttons, history and conversation state of a case."""
    requests = {
        request.id: request.reference
        for request in session.exec(
            select(SupportRequest).where(SupportRequest.young_person_id == case.id)
        ).all()
    }
    own_chat = case.telegram_user_id
    messages = [
        {
            "to": "you" if row.chat_id == own_chat else "your Lifelong Links worker's team",
            "about": requests.get(row.relay_request_id) if row.relay_request_id else None,
            "kind": row.kind,
            "how": row.method,
            "words": row.text,
            "status": row.status.value,
            "queued_at": row.created_at.isoformat(),
            "sent_at": _iso(row.sent_at),
        }
        for row in session.exec(
            select(OutboxMessage)
            .where(OutboxMessage.young_person_id == case.id)
            .order_by(col(OutboxMessage.id))
        ).all()
    ]
    links = []
    if requests:
        links = [
            {
                "about": requests.get(row.support_request_id),
                "chat": "yours" if row.chat_id == own_chat else "your Lifelong Links worker's team",
                "message_id": row.message_id,
                "what": row.role.value,
                "at": row.created_at.isoformat(),
            }
            for row in session.exec(
                select(RelayMessage)
                .where(col(RelayMessage.support_request_id).in_(list(requests)))
                .order_by(col(RelayMessage.id))
            ).all()
        ]
    state = session.get(ConversationState, own_chat) if own_chat is not None else None
    return {
        "messages": messages,
        "message_links": links,
        "invites": [
            {
                "made_at": row.created_at.isoformat(),
                "expires_at": row.expires_at.isoformat(),
                "used_at": _iso(row.used_at),
            }
            for row in session.exec(select(Invite).where(Invite.young_person_id == case.id)).all()
        ],
        "buttons": [
            {
                "does": row.action,
                "made_at": row.created_at.isoformat(),
                "expires_at": row.expires_at.isoformat(),
                "used_at": _iso(row.used_at),
            }
            for row in session.exec(
                select(ActionToken).where(ActionToken.young_person_id == case.id)
            ).all()
        ],
        "history": [
            {"who": row.actor, "what": row.action, "at": row.created_at.isoformat()}
            for row in session.exec(
                select(AuditEvent)
                .where(AuditEvent.young_person_id == case.id)
                .order_by(col(AuditEvent.id))
            ).all()
        ],
        "birthday_messages": [
            {"which": row.milestone, "sent_at": row.sent_at.isoformat()}
            for row in session.exec(
                select(MilestoneSent)
                .where(MilestoneSent.young_person_id == case.id)
                .order_by(col(MilestoneSent.id))
            ).all()
        ],
        # When each of their people was added, changed or removed (categories, no names).
        "people_history": [
            {
                "what": row.kind.value,
                "relationship": row.relationship,
                "circle": row.circle.value if row.circle else None,
                "closeness": row.closeness,
                "contact": row.contact.value if row.contact else None,
                "at": row.created_at.isoformat(),
            }
            for row in session.exec(
                select(PersonEvent)
                .where(PersonEvent.young_person_id == case.id)
                .order_by(col(PersonEvent.id))
            ).all()
        ],
        "where_you_are": (
            {"flow": state.flow, "step": state.step, "saved": state.data}
            if state is not None
            else None
        ),
    }


class ExportRepo(Repository):
    """What a young person's data export reads beyond the other repositories."""

    def case_records(self, case: YoungPerson) -> dict[str, Any]:
        """:func:`case_records` of this case, in the unit of work's transaction."""
        return case_records(self.session, case)
