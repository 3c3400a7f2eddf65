"""Database tables (SQLModel).

Names and free text use :class:`~storage.crypto.EncryptedText`; Telegram ids, dates and
statuses stay in the clear because queries need them. Every timestamp is UTC.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Column, Index, UniqueConstraint, text
from sqlalchemy import Enum as SAEnum
from sqlmodel import Field, SQLModel

from storage.crypto import EncryptedText
from storage.types import UTCDateTime

# A language as a catalogue folder names it: "en", "pt_BR", "sr_Latn_RS".
LANGUAGE_LENGTH = 16


def _ts(nullable: bool = False, index: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable, index=index)


def _secret(nullable: bool = False) -> Column[str]:
    return Column(EncryptedText(), nullable=nullable)


def _choice(enum: type[StrEnum], index: bool = False, null: bool = False) -> Column[Any]:
    # Stored as the enum's value in a plain VARCHAR: no database enum type to migrate.
    return Column(
        SAEnum(
            enum,
            native_enum=False,
            create_constraint=False,
            length=20,
            values_callable=lambda members: [member.value for member in members],
        ),
        nullable=null,
        index=index,
    )


class StaffRole(StrEnum):
    """What a member of staff does in the service."""

    COORDINATOR = "coordinator"
    MANAGER = "manager"


class CaseStatus(StrEnum):
    """Where a young person's case stands in the bot."""

    INVITED = "invited"  # invite made, link not used yet
    JOINING = "joining"  # link used, consent questions under way
    ACTIVE = "active"  # agreed to use the bot
    DECLINED = "declined"  # said no to using the bot
    UNDER_AGE = "under_age"  # below the service's minimum age
    LEFT = "left"  # deleted their data


class ConsentPurpose(StrEnum):
    """What a young person is asked to agree to, one question each."""

    USE = "use"  # use the bot and store what they tell it
    SHARE = "share"  # share what they add with their coordinator


class GroupPurpose(StrEnum):
    """Which staff group a linked Telegram group is."""

    COORDINATORS = "coordinators"
    MANAGERS = "managers"


class OutboxStatus(StrEnum):
    """Delivery state of an outbox row."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class SupportCategory(StrEnum):
    """What a young person asks for help with."""

    MONEY = "money"
    HOUSING = "housing"
    FOOD = "food"
    EDUCATION_WORK = "education_work"
    HEALTH = "health"
    FAMILY_CONTACT = "family_contact"
    TALK = "talk"
    OTHER = "other"


class Urgency(StrEnum):
    """How soon a young person needs an answer; ``today`` counts as urgent."""

    TODAY = "today"
    WEEK = "week"
    WHENEVER = "whenever"


class RequestStatus(StrEnum):
    """Where a support request stands."""

    SENT = "sent"  # waiting for a coordinator to pick it up
    PICKED_UP = "picked_up"
    ANSWERED = "answered"  # a coordinator has written to the young person
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        """True while the team still has something to do."""
        return self in (RequestStatus.SENT, RequestStatus.PICKED_UP, RequestStatus.ANSWERED)


class RequestKind(StrEnum):
    """What a ``support_request`` row is: a request, a safety alert, or a "talk to someone"."""

    REQUEST = "request"  # asked for through Ask for support
    ALERT = "alert"  # the safety net raised an URGENT alert
    TALK = "talk"  # they asked to talk to someone (or to be contacted)


class RelayRole(StrEnum):
    """What a message mapped in ``relay_message`` is, so a reply to it is routed right."""

    CARD = "card"  # the request's card in the coordinators' group
    TO_GROUP = "to_group"  # something the young person sent, copied into the group
    TO_YOUNG_PERSON = "to_young_person"  # a coordinator's message, sent to the young person
    REPLY_PROMPT = "reply_prompt"  # "write your reply to this message"
    CLOSE_PROMPT = "close_prompt"  # "reply with a one-line outcome"


class PersonCircle(StrEnum):
    """Which part of a young person's world someone belongs to."""

    FAMILY = "family"
    FRIENDS = "friends"
    CARERS = "carers"
    PROFESSIONALS = "professionals"
    COMMUNITY = "community"


class ContactStatus(StrEnum):
    """Whether the young person is in contact with someone now."""

    IN_TOUCH = "in_touch"
    LOST_TOUCH = "lost_touch"
    WOULD_LIKE_TO_FIND = "would_like_to_find"
    NO_CONTACT = "no_contact"


class PersonSafety(StrEnum):
    """The team's judgement, made with the young person, of whether someone is safe."""

    SAFE = "safe"
    NOT_SAFE = "not_safe"
    NOT_SURE = "not_sure"


class ContactWish(StrEnum):
    """Whether the young person wants contact with someone (their own wish)."""

    WANT = "want"
    MAYBE = "maybe"
    NO_CONTACT = "no_contact"


class HelpKind(StrEnum):
    """What help a plan item gives: practical kinds first, then emotional ones."""

    MONEY = "money"
    HOUSING = "housing"
    FOOD = "food"
    EDUCATION_WORK = "education_work"
    HEALTH = "health"
    MOVING_ON = "moving_on"
    BIRTHDAYS_HOLIDAYS = "birthdays_holidays"
    TALK = "talk"
    FAMILY_TIME = "family_time"
    CHECKING_IN = "checking_in"

    @property
    def emotional(self) -> bool:
        """True for emotional help (someone to talk to, family time, checking in)."""
        return self in (HelpKind.TALK, HelpKind.FAMILY_TIME, HelpKind.CHECKING_IN)


class Service(SQLModel, table=True):
    """A council's Lifelong Links team: the unit that owns cases."""

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(unique=True, index=True, max_length=40)
    name: str = Field(max_length=120)
    review_every_days: int = Field(default=90)
    min_age: int = Field(default=16)
    # Nothing is sent to young people between these local hours (21:00-09:00 by default).
    quiet_start_hour: int = Field(default=21)
    quiet_end_hour: int = Field(default=9)
    # Support requests not picked up within these working minutes go to the managers.
    urgent_response_minutes: int = Field(default=60)
    normal_response_minutes: int = Field(default=480)
    # Working hours (local time, Monday to Friday, bank holidays off).
    work_start_hour: int = Field(default=9)
    work_end_hour: int = Field(default=17)
    created_at: datetime = Field(sa_column=_ts())
    # Cases are erased this many months after they close or the young person turns 25,
    # whichever comes first (storage.retention).
    retention_months: int = Field(default=24, sa_column_kwargs={"server_default": "24"})
    # The country whose emergency and helpline numbers its young people are given (ISO 3166
    # alpha-2); None: the United Kingdom.
    country: str | None = Field(default=None, max_length=2)


class Staff(SQLModel, table=True):
    """A coordinator or manager of one service, known by Telegram user id."""

    __table_args__ = (UniqueConstraint("service_id", "telegram_user_id"),)

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    telegram_user_id: int = Field(sa_type=BigInteger, index=True)
    name: str = Field(sa_column=_secret())
    role: StaffRole = Field(default=StaffRole.COORDINATOR, sa_column=_choice(StaffRole))
    active: bool = Field(default=True)
    created_at: datetime = Field(sa_column=_ts())
    # The language their private chat is in (a catalogue's name, e.g. "en", "pt_BR"), from
    # Telegram's language_code when they first write; None: English.
    language: str | None = Field(default=None, max_length=LANGUAGE_LENGTH)


class GroupLink(SQLModel, table=True):
    """A Telegram group linked to a service for coordinators' cards or managers' digests."""

    __tablename__ = "group_link"

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    purpose: GroupPurpose = Field(sa_column=_choice(GroupPurpose))
    code_hash: str = Field(unique=True, max_length=64)
    code_expires_at: datetime = Field(sa_column=_ts())
    chat_id: int | None = Field(default=None, sa_type=BigInteger, index=True)
    linked_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    created_at: datetime = Field(sa_column=_ts())


class YoungPerson(SQLModel, table=True):
    """A young person's case in one service."""

    __tablename__ = "young_person"

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    reference: str = Field(unique=True, index=True, max_length=20)
    first_name: str | None = Field(default=None, sa_column=_secret(nullable=True))
    date_of_birth: date | None = Field(default=None)
    telegram_user_id: int | None = Field(default=None, sa_type=BigInteger, index=True)
    status: CaseStatus = Field(
        default=CaseStatus.INVITED, sa_column=_choice(CaseStatus, index=True)
    )
    coordinator_id: int | None = Field(default=None, foreign_key="staff.id", index=True)
    unreachable: bool = Field(default=False)
    created_at: datetime = Field(sa_column=_ts())
    joined_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    last_active_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    # Kept after a young person deletes their data, for outcome reports (no personal data).
    final_people_count: int | None = Field(default=None)
    final_close_count: int | None = Field(default=None)
    left_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    # The language they read (a catalogue's name, e.g. "en", "pt_BR"): from Telegram's
    # language_code when they join, changed in My data; None: English.
    language: str | None = Field(default=None, max_length=LANGUAGE_LENGTH)


class Person(SQLModel, table=True):
    """Someone important in a young person's life, as they describe them."""

    __table_args__ = (Index("ix_person_case", "young_person_id", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    young_person_id: int = Field(foreign_key="young_person.id")
    name: str = Field(sa_column=_secret())
    relationship: str | None = Field(default=None, max_length=30)  # catalogue key, e.g. "nan"
    relationship_other: str | None = Field(default=None, sa_column=_secret(nullable=True))
    circle: PersonCircle | None = Field(default=None, sa_column=_choice(PersonCircle, null=True))
    closeness: int | None = Field(default=None)  # 1 very close, 2 close, 3 not so close
    contact: ContactStatus | None = Field(default=None, sa_column=_choice(ContactStatus, null=True))
    may_contact: bool | None = Field(default=None)
    # Mobility mapping's two judgements (None: not recorded yet).
    safety: PersonSafety | None = Field(default=None, sa_column=_choice(PersonSafety, null=True))
    wish: ContactWish | None = Field(default=None, sa_column=_choice(ContactWish, null=True))
    created_at: datetime = Field(sa_column=_ts())
    updated_at: datetime = Field(sa_column=_ts())


class Plan(SQLModel, table=True):
    """The support plan agreed at a family meeting: one per case."""

    # The review sweep reads only plans still open for nudging: overdue ones keep their past
    # date, and would otherwise grow the range it scans.
    __table_args__ = (
        Index(
            "ix_plan_due_open",
            "next_review_at",
            postgresql_where=text("overdue_since IS NULL"),
            sqlite_where=text("overdue_since IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    young_person_id: int = Field(foreign_key="young_person.id", unique=True)
    lead_person_id: int | None = Field(default=None, foreign_key="person.id")
    review_every_days: int = Field(default=90)
    # The next time a review nudge is due (UTC); the review sweep reads only this index.
    next_review_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True, index=True))
    nudges_sent: int = Field(default=0)
    last_nudged_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    overdue_since: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    # A review paused half-way (JSON answers so far), resumed from My plan.
    review_draft: str | None = Field(default=None, sa_column=_secret(nullable=True))
    created_at: datetime = Field(sa_column=_ts())
    updated_at: datetime = Field(sa_column=_ts())


class PlanItem(SQLModel, table=True):
    """One line of a plan: who helps with what, how often."""

    __tablename__ = "plan_item"

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    kind: HelpKind = Field(sa_column=_choice(HelpKind))
    person_id: int | None = Field(default=None, foreign_key="person.id")
    details: str | None = Field(default=None, sa_column=_secret(nullable=True))
    how_often: str | None = Field(default=None, sa_column=_secret(nullable=True))
    position: int = Field(default=0)
    created_at: datetime = Field(sa_column=_ts())


class PlanReview(SQLModel, table=True):
    """A young person's answers when reviewing their plan."""

    __tablename__ = "plan_review"

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    plan_id: int = Field(foreign_key="plan.id", index=True)
    answers: str = Field(sa_column=_secret())  # JSON: item id -> yes/sometimes/no + reason
    wellbeing: int | None = Field(default=None)  # 1-5
    comments: str | None = Field(default=None, sa_column=_secret(nullable=True))
    wants_contact: bool | None = Field(default=None)
    created_at: datetime = Field(sa_column=_ts(index=True))


class Invite(SQLModel, table=True):
    """A single-use join code; only its SHA-256 hash is stored."""

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    young_person_id: int = Field(foreign_key="young_person.id", index=True)
    code_hash: str = Field(unique=True, max_length=64)
    created_at: datetime = Field(sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts())
    used_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    created_by_staff_id: int | None = Field(default=None, foreign_key="staff.id")


class ConsentEvent(SQLModel, table=True):
    """One answer to one consent question; rows are only ever added."""

    __tablename__ = "consent_event"
    __table_args__ = (Index("ix_consent_event_case_purpose", "young_person_id", "purpose", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    young_person_id: int = Field(foreign_key="young_person.id")
    purpose: ConsentPurpose = Field(sa_column=_choice(ConsentPurpose))
    granted: bool
    text_version: str = Field(max_length=20)
    created_at: datetime = Field(sa_column=_ts())


class ConversationState(SQLModel, table=True):
    """Where a chat is in a dialog, so a restart resumes it."""

    __tablename__ = "conversation_state"

    chat_id: int = Field(sa_type=BigInteger, primary_key=True)
    user_id: int = Field(sa_type=BigInteger)
    flow: str = Field(max_length=40)
    step: str = Field(max_length=40)
    screen: str = Field(max_length=16)
    data: str = Field(sa_column=_secret())  # JSON, may hold what the user typed
    updated_at: datetime = Field(sa_column=_ts())


class ProcessedUpdate(SQLModel, table=True):
    """Telegram update ids already handled (dedupe across restarts and workers)."""

    __tablename__ = "processed_update"

    bot_id: int = Field(sa_type=BigInteger, primary_key=True)
    update_id: int = Field(sa_type=BigInteger, primary_key=True)
    processed_at: datetime = Field(sa_column=_ts(index=True))
    outcome: str = Field(default="ok", max_length=10)


class OutboxMessage(SQLModel, table=True):
    """A message the bot sends: every one, answers to updates too (docs/inbox-outbox.md)."""

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_due", "status", "not_before"),)

    id: int | None = Field(default=None, primary_key=True)
    service_id: int | None = Field(default=None, foreign_key="service.id", index=True)
    young_person_id: int | None = Field(default=None, foreign_key="young_person.id", index=True)
    chat_id: int = Field(sa_type=BigInteger)
    kind: str = Field(max_length=40)
    text: str = Field(sa_column=_secret())
    # JSON rows of [label, callback data]; labels can name people, so encrypted like text.
    buttons: str = Field(default="[]", sa_column=_secret())
    idempotency_key: str = Field(unique=True, max_length=120)
    status: OutboxStatus = Field(default=OutboxStatus.PENDING, sa_column=_choice(OutboxStatus))
    attempts: int = Field(default=0)
    not_before: datetime = Field(sa_column=_ts())
    claimed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    sent_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    telegram_message_id: int | None = Field(default=None, sa_type=BigInteger)
    last_error: str | None = Field(default=None, max_length=200)
    parts_sent: int = Field(default=0)  # parts of a long text already delivered
    created_at: datetime = Field(sa_column=_ts())
    # How to send: "send" (text), "copy" (copyMessage of source_*), "edit" (edit a message),
    # "delete" (delete the target message), "photo" or "document" (``attachment``, with
    # ``text`` as the caption).
    method: str = Field(default="send", max_length=10)
    source_chat_id: int | None = Field(default=None, sa_type=BigInteger)
    source_message_id: int | None = Field(default=None, sa_type=BigInteger)
    # The message this one replies to (send, copy) or replaces (edit): a known Telegram id,
    # or another outbox row whose id is known only once it has been sent.
    target_message_id: int | None = Field(default=None, sa_type=BigInteger)
    target_outbox_id: int | None = Field(default=None)
    force_reply: bool = Field(default=False)
    # When set, the sent message is mapped in relay_message so replies to it are routed.
    relay_request_id: int | None = Field(default=None)
    relay_role: RelayRole | None = Field(default=None, sa_column=_choice(RelayRole, null=True))
    # A photo's or document's bytes (base64, encrypted: an ecomap or a data export is
    # personal data) and the document's file name.
    attachment: str | None = Field(default=None, sa_column=_secret(nullable=True))
    filename: str | None = Field(default=None, sa_column=_secret(nullable=True))
    # The reader's language, for what the sender itself writes into the message (a picture
    # that could not be drawn); None: English.
    language: str | None = Field(default=None, max_length=LANGUAGE_LENGTH)


class ActionToken(SQLModel, table=True):
    """The opaque id behind a button on a message sent outside a dialog (a nudge, a card).

    The button carries only the token; what it does, for which chat and until when, is
    looked up and checked here, so a forged or replayed button does nothing.
    """

    __tablename__ = "action_token"
    # Retiring a case's older nudge buttons looks them up by case and action.
    __table_args__ = (Index("ix_action_token_case_action", "young_person_id", "action"),)

    token: str = Field(primary_key=True, max_length=24)
    chat_id: int = Field(sa_type=BigInteger, index=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    young_person_id: int | None = Field(default=None, foreign_key="young_person.id")
    action: str = Field(max_length=40)
    payload: str = Field(default="{}")  # JSON of ids, never personal data
    created_at: datetime = Field(sa_column=_ts())
    expires_at: datetime = Field(sa_column=_ts())
    used_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class AuditEvent(SQLModel, table=True):
    """Who did what to which case; never any content."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    service_id: int | None = Field(default=None, foreign_key="service.id", index=True)
    young_person_id: int | None = Field(default=None, foreign_key="young_person.id", index=True)
    actor: str = Field(max_length=40)
    action: str = Field(max_length=60)
    created_at: datetime = Field(sa_column=_ts())
    # Who, when the actor is a member of staff (storage.audit; `lifelinks audit --staff`).
    staff_id: int | None = Field(default=None, foreign_key="staff.id", index=True)


class MilestoneSent(SQLModel, table=True):
    """A life milestone (e.g. "18", "18_soon") already sent to a young person: sent once."""

    __tablename__ = "milestone_sent"
    __table_args__ = (UniqueConstraint("young_person_id", "milestone"),)

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    young_person_id: int = Field(foreign_key="young_person.id", index=True)
    milestone: str = Field(max_length=10)
    sent_at: datetime = Field(sa_column=_ts())


class AppSetting(SQLModel, table=True):
    """Small key/value facts about the installation (e.g. the bot's username)."""

    __tablename__ = "app_setting"

    key: str = Field(primary_key=True, max_length=60)
    value: str = Field(max_length=400)


class SupportRequest(SQLModel, table=True):
    """A young person's request for help, forwarded to the coordinators of their service."""

    __tablename__ = "support_request"
    # The escalation sweep reads only requests nobody has picked up yet, by due time.
    __table_args__ = (
        Index(
            "ix_support_request_unpicked",
            "escalate_at",
            postgresql_where=text("status = 'sent' AND escalated_at IS NULL"),
            sqlite_where=text("status = 'sent' AND escalated_at IS NULL"),
        ),
        Index("ix_support_request_case", "young_person_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    young_person_id: int = Field(foreign_key="young_person.id")
    reference: str = Field(unique=True, max_length=12)  # e.g. R-7F3K
    category: SupportCategory = Field(sa_column=_choice(SupportCategory))
    kind: RequestKind = Field(default=RequestKind.REQUEST, sa_column=_choice(RequestKind))
    # For a safety alert: the kind of danger (dialogs.safety.CrisisCategory), never words.
    crisis_category: str | None = Field(default=None, max_length=20)
    # How an alert or talk thread began: net, checkin, talk, review, contact (cards differ).
    origin: str | None = Field(default=None, max_length=20)
    urgency: Urgency = Field(sa_column=_choice(Urgency))
    status: RequestStatus = Field(
        default=RequestStatus.SENT, sa_column=_choice(RequestStatus, index=True)
    )
    # Everything the young person wrote for this request, newest last.
    text: str | None = Field(default=None, sa_column=_secret(nullable=True))
    # Photos, files and voice notes: JSON [[message id in their chat, kind], ...]. The files
    # stay in Telegram and are copied (never forwarded) to the group.
    media: str = Field(default="[]")
    # Whether the team may see their words (their sharing consent, or a yes for this request).
    share_text: bool = Field(default=False)
    claimed_by_staff_id: int | None = Field(default=None, foreign_key="staff.id")
    card_outbox_id: int | None = Field(default=None)
    outcome: str | None = Field(default=None, sa_column=_secret(nullable=True))
    created_at: datetime = Field(sa_column=_ts())
    updated_at: datetime = Field(sa_column=_ts())
    picked_up_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    answered_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    closed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    escalate_at: datetime = Field(sa_column=_ts())
    escalated_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))


class RelayMessage(SQLModel, table=True):
    """A message id in a chat that belongs to a support request (so replies find it)."""

    __tablename__ = "relay_message"
    __table_args__ = (UniqueConstraint("chat_id", "message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id", index=True)
    support_request_id: int = Field(foreign_key="support_request.id", index=True)
    chat_id: int = Field(sa_type=BigInteger)
    message_id: int = Field(sa_type=BigInteger)
    role: RelayRole = Field(sa_column=_choice(RelayRole))
    staff_id: int | None = Field(default=None, foreign_key="staff.id")
    created_at: datetime = Field(sa_column=_ts())


# --- Inbox (issue #15): updates stored before Telegram is told they arrived -----------------
class InboxUpdate(SQLModel, table=True):
    """A Telegram update as received, stored encrypted before it is acknowledged.

    The body is cleared once the update is handled; the row itself stays a day so a resend
    of the same update id is recognised, then the inbox sweep deletes it.
    """

    __tablename__ = "inbox_update"
    __table_args__ = (Index("ix_inbox_update_waiting", "bot_id", "handled_at", "update_id"),)

    bot_id: int = Field(sa_type=BigInteger, primary_key=True)
    update_id: int = Field(sa_type=BigInteger, primary_key=True)
    chat_id: int | None = Field(default=None, sa_type=BigInteger)  # handling order per chat
    body: str | None = Field(default=None, sa_column=_secret(nullable=True))  # the raw JSON
    size: int = Field(default=0)  # bytes of the raw JSON, for logs that never show content
    received_at: datetime = Field(sa_column=_ts())
    claimed_by: str | None = Field(default=None, max_length=40)  # the worker handling it
    claimed_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True))
    attempts: int = Field(default=0)
    handled_at: datetime | None = Field(default=None, sa_column=_ts(nullable=True, index=True))
    outcome: str | None = Field(default=None, max_length=10)


# --- Outcome report (issue #17): dated person events, the true history of a network ------
class PersonEventKind(StrEnum):
    """What happened to one of a young person's people."""

    ADDED = "added"
    CHANGED = "changed"  # circle, closeness, contact or relationship changed
    FOUND = "found"  # contact went from "would like to find" to "in touch"
    REMOVED = "removed"


class PersonEvent(SQLModel, table=True):
    """A dated change to someone in a young person's network: ids and categories only.

    Each row holds the person's categories as they were *after* the event, so the network
    at any moment is each person's latest event up to then (unless that event removed them).
    No names, no free text: ``person_id`` outlives the person, with no foreign key.
    """

    __tablename__ = "person_event"
    __table_args__ = (
        Index("ix_person_event_service_time", "service_id", "created_at"),
        Index("ix_person_event_person", "person_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    service_id: int = Field(foreign_key="service.id")
    young_person_id: int = Field(index=True)
    person_id: int
    kind: PersonEventKind = Field(sa_column=_choice(PersonEventKind))
    relationship: str | None = Field(default=None, max_length=30)  # catalogue key only
    circle: PersonCircle | None = Field(default=None, sa_column=_choice(PersonCircle, null=True))
    closeness: int | None = Field(default=None)
    contact: ContactStatus | None = Field(default=None, sa_column=_choice(ContactStatus, null=True))
    # Made by the 0012 migration from what the person row said then, not seen happening.
    backfilled: bool = Field(default=False)
    created_at: datetime = Field(sa_column=_ts())
