"""Support requests between the two sides: cards in the team's chat and relayed messages.

Everything here is queued in the outbox inside the caller's transaction, so a message goes
out only if the change that caused it is committed, and at most once. What the team reads is
in its chat's language (:func:`dialogs.core.reader.team_chat_language`: a group's, English, or a
coordinator's own when the service has no group); what the young person reads, in theirs.
Cards are drawn from the request as it stands, so every edit shows the same, current picture.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from dialogs.cases import crisis_kinds
from dialogs.cases.live_thread import linked_thread_id, origin_kind
from dialogs.cases.notify import team_chat
from dialogs.core.reader import case_language, case_text, team_chat_language
from dialogs.texts import DEFAULT_LANGUAGE, GROUP_LANGUAGE, dates, t
from storage.models import (
    ConsentPurpose,
    RelayRole,
    RequestKind,
    RequestStatus,
    Staff,
    SupportRequest,
    YoungPerson,
)
from storage.plans import TokenGrant
from storage.uow import UnitOfWork

LONDON = ZoneInfo("Europe/London")
CARD_TOKEN_TTL = timedelta(days=180)
REPLY_TOKEN_TTL = timedelta(days=30)
# A card holds the young person's words when they fit; longer words follow in parts.
CARD_WORDS_LIMIT = 3000

PICK = "support:pick"
REPLY = "support:reply"
CLOSE = "support:close"
REOPEN = "support:reopen"
YP_REPLY = "support:yp_reply"
YP_REOPEN = "support:yp_reopen"
YP_TALK = "support:yp_talk"
YP_MENU = "support:yp_menu"


def local_time(when: datetime, lang: str) -> str:
    """``14:05`` in UK time."""
    return dates.clock(when, lang)


def local_day_time(when: datetime, lang: str = DEFAULT_LANGUAGE) -> str:
    """``Monday 24 November, 09:00`` in UK time, in ``lang``."""
    return dates.local(when, dates.WEEKDAY_DATE_COMMA_CLOCK, lang)


def staff_name(uow: UnitOfWork, request: SupportRequest) -> str:
    """The first name of the coordinator who picked the request up ("" if nobody)."""
    if request.claimed_by_staff_id is None:
        return ""
    staff = uow.staff.get(request.service_id, request.claimed_by_staff_id)
    return staff.name if staff is not None else ""


def sharing(uow: UnitOfWork, case: YoungPerson) -> bool:
    """Whether the young person shares what they write with their worker."""
    return uow.consents.current(case).get(ConsentPurpose.SHARE, False)


# A request whose words worried the safety net (its card says so).
WORRY_ORIGIN = "worry"


def category_label(request: SupportRequest, lang: str = DEFAULT_LANGUAGE) -> str:
    """The request's category in words, in ``lang``."""
    if request.kind == RequestKind.ALERT:
        return t("support.cat.alert", lang)
    if request.kind == RequestKind.TALK:
        return t("support.cat.talk_thread", lang)
    return t(f"support.cat.{request.category.value}", lang)


def crisis_label(request: SupportRequest, lang: str) -> str:
    """An alert's kind of danger in words, for staff (in ``lang``: their team chat's)."""
    return crisis_kinds.label(request.crisis_category, lang)


def _head(request: SupportRequest, case: YoungPerson, lang: str) -> str:
    common = {
        "ref": request.reference,
        "name": case.first_name or "",
        "case_ref": case.reference,
        "sent": local_day_time(request.created_at, lang),
    }
    if request.kind == RequestKind.ALERT:
        key = "card.alert.checkin" if origin_kind(request) == "checkin" else "card.alert.head"
        if request.status == RequestStatus.CLOSED:
            key = "safe1.card.alert.closed"  # nobody acts on a closed alert by mistake
        return t(key, lang, category=crisis_label(request, lang), **common)
    if request.kind == RequestKind.TALK:
        key = {
            "review": "card.talk.review",
            "contact": "card.talk.contact",
            "checkin": "safe1.card.talk.checkin",
        }.get(request.origin or "", "card.talk.head")
        return t(key, lang, **common)
    return t(
        "card.head",
        lang,
        urgency=t(f"card.urgency.{request.urgency.value}", lang),
        category=category_label(request, lang),
        **common,
    )


def status_line(uow: UnitOfWork, request: SupportRequest, lang: str = DEFAULT_LANGUAGE) -> str:
    """The request's status in words for the young person, in ``lang`` (theirs).

    A request opened again reads "open again" until someone picks it up, not "sent".
    """
    if request.status == RequestStatus.SENT and reopened(uow, request):
        return t("flows.status.reopened", lang)
    name = staff_name(uow, request) or t("support.status.someone", lang)
    return t(f"support.status.{request.status.value}", lang, name=name)


REOPENED_KINDS = ("relay.reopened_by_yp", "relay.reopened")


def reopened(uow: UnitOfWork, request: SupportRequest) -> bool:
    """Whether the request was ever opened again (the team was told so in its thread)."""
    if request.id is None:
        return False
    return uow.outbox.told_in_thread(request.young_person_id, request.id, REOPENED_KINDS)


def media_of(request: SupportRequest) -> list[tuple[int, str]]:
    """(message id in the young person's chat, kind) of each photo, file or voice note."""
    return [(int(message_id), str(kind)) for message_id, kind in json.loads(request.media)]


_LOOK_UP = -1  # card_text's lead: not known yet, read the plan


def card_text(
    uow: UnitOfWork,
    request: SupportRequest,
    case: YoungPerson,
    plan_lead: int | None = _LOOK_UP,
    lang: str = GROUP_LANGUAGE,
) -> str:
    """The card as it should read now, in ``lang``: the team chat's (a group's, or the
    coordinator's own when there is no group: :func:`~dialogs.core.reader.team_chat_language`).

    ``plan_lead``: the person the case's plan names as lead (None: nobody), when the caller
    has just read it; otherwise the plan is read here.
    """
    lines = [_head(request, case, lang)]
    if plan_lead == _LOOK_UP:
        plan = uow.plans.for_case(case)
        plan_lead = plan.lead_person_id if plan is not None else None
    if plan_lead is not None and sharing(uow, case):
        lead = uow.people.get(case, plan_lead)
        if lead is not None:
            lines.append(t("card.lead", lang, lead=lead.name))
    lines.append(_linked_line(uow, request, case, lang))
    if request.kind == RequestKind.REQUEST and request.origin == WORRY_ORIGIN:
        lines.append(t("safe1.card.worry", lang))
    if request.kind == RequestKind.TALK:
        pass  # what they write follows in the thread
    elif not request.share_text:
        lines.append(
            t(
                "card.alert.not_shared" if request.kind == RequestKind.ALERT else "card.not_shared",
                lang,
            )
        )
    elif request.text and len(request.text) <= CARD_WORDS_LIMIT:
        lines.append(t("card.words", lang, words=request.text))
    elif request.text:
        lines.append(t("card.words_below", lang))
    if request.share_text and media_of(request):
        lines.append(t("card.media", lang, count=len(media_of(request))))
    if request.kind == RequestKind.ALERT and request.status.is_open:
        lines.append(t("card.alert.write_here", lang, name=case.first_name or case.reference))
    lines.append(_card_status(uow, request, lang))
    return "\n\n".join(line for line in lines if line)


def _linked_line(uow: UnitOfWork, request: SupportRequest, case: YoungPerson, lang: str) -> str:
    """For an alert raised while a worker was talking with them: where to answer ("" if not)."""
    thread_id = linked_thread_id(request) if request.kind == RequestKind.ALERT else None
    thread = uow.support.get(request.service_id, thread_id) if thread_id is not None else None
    if thread is None:
        return ""
    return t(
        "calm.card.alert.linked",
        lang,
        name=case.first_name or "",
        staff=staff_name(uow, thread) or t("card.someone", lang),
        thread_ref=thread.reference,
    )


def _card_status(uow: UnitOfWork, request: SupportRequest, lang: str) -> str:
    name = staff_name(uow, request)
    if request.status == RequestStatus.CLOSED and request.closed_at is not None:
        return t(
            "card.closed",
            lang,
            name=name or t("card.someone", lang),
            time=local_time(request.closed_at, lang),
            outcome=request.outcome or "",
        )
    if request.status == RequestStatus.WITHDRAWN:
        return t("card.withdrawn", lang)
    if request.picked_up_at is not None and name:
        return t("card.picked_up", lang, name=name, time=local_time(request.picked_up_at, lang))
    return t("card.waiting", lang)


def card_buttons(
    uow: UnitOfWork, request: SupportRequest, chat_id: int, now: datetime
) -> list[list[tuple[str, str]]]:
    """Buttons that fit the request's state, each behind a fresh server-checked token."""
    if request.status == RequestStatus.WITHDRAWN:
        return []
    if request.status == RequestStatus.CLOSED:
        actions = [("btn.card.reopen", REOPEN)]
    elif request.status == RequestStatus.SENT:
        actions = [("btn.card.pick", PICK), ("btn.card.reply", REPLY), ("btn.card.close", CLOSE)]
    else:
        actions = [("btn.card.reply", REPLY), ("btn.card.close", CLOSE)]
    lang = team_chat_language(uow, request.service_id, chat_id)
    return _token_buttons(uow, request, chat_id, actions, now, CARD_TOKEN_TTL, lang)


def _token_buttons(
    uow: UnitOfWork,
    request: SupportRequest,
    chat_id: int,
    actions: list[tuple[str, str]],
    now: datetime,
    ttl: timedelta,
    lang: str,
) -> list[list[tuple[str, str]]]:
    """One row of buttons, each (label key, action) behind its own token for this request,
    labelled in ``lang`` (the group's, or the young person's)."""
    rows = token_options(uow, request, chat_id, actions, now, ttl)
    return [[(t(label, lang), token) for row in rows for label, token in row]] if rows else []


def token_options(
    uow: UnitOfWork,
    request: SupportRequest,
    chat_id: int,
    actions: list[tuple[str, str]],
    now: datetime,
    ttl: timedelta = REPLY_TOKEN_TTL,
) -> list[list[tuple[str, str]]]:
    """(label key, token) rows, one button a row, for ``Context.ask`` in the young person's chat.

    Each action gets its own token for this request, so the buttons keep working after the
    screen changes.
    """
    if not actions:
        return []
    grants = [
        TokenGrant(
            chat_id=chat_id,
            service_id=request.service_id,
            action=action,
            young_person_id=request.young_person_id,
            payload={"request": request.id},
        )
        for _, action in actions
    ]
    tokens = uow.tokens.issue_many(grants, now, ttl)
    return [[(label, token)] for (label, _), token in zip(actions, tokens, strict=True)]


def send_card(
    uow: UnitOfWork,
    request: SupportRequest,
    case: YoungPerson,
    now: datetime,
    again: str = "",
    chat_id: int | None = None,
    plan_lead: int | None = _LOOK_UP,
    defer: bool = False,
) -> bool:
    """Queue a request's card (and its media and any long words) for the team.

    ``again`` tells a card sent anew (its old place was lost) from the first one, so their
    idempotency keys differ. ``chat_id``: the team's chat when the caller has just looked it
    up (:func:`dialogs.cases.notify.team_chat`); ``plan_lead`` as in :func:`card_text`. ``defer``:
    the card may go into the outbox with the update's answers, in their INSERT (the caller
    reads no outbox row before; see :meth:`storage.repositories.OutboxRepo.enqueue`); the
    request learns its card's row then. Returns False when the service has no
    coordinators' group and the case no coordinator.
    """
    chat_id = chat_id if chat_id is not None else team_chat(uow, case)
    if chat_id is None or request.id is None:
        return False
    again = f":{again}" if again else ""
    long_words = bool(request.share_text and request.text and len(request.text) > CARD_WORDS_LIMIT)
    media = media_of(request) if request.share_text else []
    # Words or media follow the card as replies to it: they need its row at once.
    defer = defer and not long_words and not media
    uow.outbox.enqueue(
        chat_id=chat_id,
        text=card_text(
            uow, request, case, plan_lead, team_chat_language(uow, request.service_id, chat_id)
        ),
        kind="card_new",
        idempotency_key=f"card:{request.id}:{now.isoformat()}{again}",
        now=now,
        buttons=card_buttons(uow, request, chat_id, now),
        service_id=request.service_id,
        young_person_id=case.id,
        relay=(request.id, RelayRole.CARD),
        flush=not defer,
        on_id=lambda card_id: uow.support.set_card(request, card_id),  # at its INSERT
    )
    if long_words:
        to_team(uow, request, case, "relay.words", f"card_words:{request.id}{again}", now)
    if media:
        for message_id, _kind in media:
            copy_to_team(uow, request, case, message_id, f"card_media:{request.id}{again}", now)
    return True


def refresh_card(uow: UnitOfWork, request: SupportRequest, key: str, now: datetime) -> None:
    """Queue an edit of the card so it shows the request as it is now."""
    card_id = request.card_outbox_id
    chat_id = uow.support.card_chat(request)
    case = uow.cases.get(request.service_id, request.young_person_id)
    if chat_id is None or case is None:
        return
    uow.outbox.enqueue(
        chat_id=chat_id,
        text=card_text(
            uow, request, case, lang=team_chat_language(uow, request.service_id, chat_id)
        ),
        kind="card_edit",
        idempotency_key=f"card_edit:{request.id}:{key}",
        now=now,
        buttons=card_buttons(uow, request, chat_id, now),
        service_id=request.service_id,
        young_person_id=request.young_person_id,
        method="edit",
        target_outbox_id=card_id,
    )


def thread_of(
    uow: UnitOfWork, request: SupportRequest, case: YoungPerson
) -> tuple[int | None, int | None]:
    """(chat, card's outbox row) where the request's thread lives."""
    card_id = request.card_outbox_id
    chat_id = uow.support.card_chat(request)
    if chat_id is not None:
        return chat_id, card_id
    return team_chat(uow, case), None


def to_team(
    uow: UnitOfWork,
    request: SupportRequest,
    case: YoungPerson,
    key: str,
    idempotency_key: str,
    now: datetime,
    *,
    force_reply: bool = False,
    role: RelayRole = RelayRole.TO_GROUP,
    defer: bool = False,
    **params: str,
) -> None:
    """Queue a message in the card's thread (a reply to the card), mapped to the request.

    ``defer``: it may go in with the update's answers, in their INSERT (as for
    :func:`send_card`).
    """
    chat_id, card_id = thread_of(uow, request, case)
    if chat_id is None or request.id is None:
        return
    text = t(
        key,
        team_chat_language(uow, request.service_id, chat_id),
        ref=request.reference,
        name=case.first_name or "",
        case_ref=case.reference,
        words=request.text or "",
        **params,
    )
    uow.outbox.enqueue(
        chat_id=chat_id,
        text=text,
        kind=key,
        idempotency_key=idempotency_key,
        now=now,
        service_id=request.service_id,
        young_person_id=case.id,
        target_outbox_id=card_id,
        force_reply=force_reply,
        relay=(request.id, role),
        flush=not defer,
    )


def copy_to_team(
    uow: UnitOfWork,
    request: SupportRequest,
    case: YoungPerson,
    message_id: int,
    key: str,
    now: datetime,
    defer: bool = False,
) -> None:
    """Copy a photo, file or voice note from the young person's chat into the card's thread.

    copyMessage, never forwardMessage: the copy carries no link to their Telegram account.
    ``defer`` as for :func:`to_team`.
    """
    chat_id, card_id = thread_of(uow, request, case)
    if chat_id is None or request.id is None or case.telegram_user_id is None:
        return
    uow.outbox.enqueue(
        chat_id=chat_id,
        text="",
        kind="relay_copy",
        idempotency_key=f"{key}:{message_id}",
        now=now,
        service_id=request.service_id,
        young_person_id=case.id,
        method="copy",
        source=(case.telegram_user_id, message_id),
        target_outbox_id=card_id,
        relay=(request.id, RelayRole.TO_GROUP),
        flush=not defer,
    )


def to_young_person(
    uow: UnitOfWork,
    request: SupportRequest,
    case: YoungPerson,
    key: str,
    idempotency_key: str,
    now: datetime,
    *,
    reply_button: bool = False,
    reopen_button: bool = False,
    way_on: bool = False,
    **params: str,
) -> None:
    """Queue a message to the young person about their request, mapped for their replies."""
    chat_id = case.telegram_user_id
    if chat_id is None or request.id is None:
        return
    actions: list[tuple[str, str]] = []
    if reply_button:
        actions.append(("btn.support.reply", YP_REPLY))
    if reopen_button:
        actions.append(("btn.support.reopen", YP_REOPEN))
    if way_on:
        actions += [("btn.crisis.talk", YP_TALK), ("btn.menu", YP_MENU)]
    lang = case_language(case)
    buttons = _token_buttons(uow, request, chat_id, actions, now, REPLY_TOKEN_TTL, lang)
    uow.outbox.enqueue(
        chat_id=chat_id,
        text=case_text(uow, case, key, ref=request.reference, **params),
        kind=key,
        idempotency_key=idempotency_key,
        now=now,
        buttons=buttons,
        service_id=request.service_id,
        young_person_id=case.id,
        relay=(request.id, RelayRole.TO_YOUNG_PERSON),
    )


def copy_to_young_person(
    uow: UnitOfWork,
    request: SupportRequest,
    case: YoungPerson,
    from_chat_id: int,
    message_id: int,
    now: datetime,
) -> None:
    """Copy a coordinator's photo, file or voice note to the young person."""
    if case.telegram_user_id is None or request.id is None:
        return
    uow.outbox.enqueue(
        chat_id=case.telegram_user_id,
        text="",
        kind="relay_copy",
        idempotency_key=f"copy_yp:{from_chat_id}:{message_id}",
        now=now,
        service_id=request.service_id,
        young_person_id=case.id,
        method="copy",
        source=(from_chat_id, message_id),
        relay=(request.id, RelayRole.TO_YOUNG_PERSON),
    )


def coordinator_of(staff: Staff | None) -> str:
    """A coordinator's first name for the young person."""
    return staff.name.split()[0] if staff is not None and staff.name else ""
