"""The team's side of support requests: linking groups, card buttons and relayed replies.

Updates from groups (and card buttons or replies in a coordinator's private chat, when the
service has no group) come here. Only active staff of the request's service may act; anyone
else is refused privately and nothing is relayed. What a coordinator writes is relayed to
the young person only when it replies to a message of the request's thread.
"""

from __future__ import annotations

import json

from dialogs.cases import relay
from dialogs.core.context import Context
from dialogs.core.events import EventKind
from dialogs.core.reader import case_language, staff_language
from dialogs.safety import alarm_in_chat
from dialogs.staff import group_hint, report
from dialogs.texts import GROUP_LANGUAGE, t
from dialogs.texts.language_codes import language_for
from dialogs.young.support_actions import reopen
from storage import audit
from storage.models import (
    ActionToken,
    CaseStatus,
    GroupPurpose,
    RelayRole,
    RequestKind,
    RequestStatus,
    Staff,
    SupportRequest,
    YoungPerson,
)
from storage.plans import TOKEN_PREFIX
from storage.repositories import hash_code

MAX_OUTCOME = 200
GROUP_TYPES = ("group", "supergroup")
CARD_ACTIONS = (relay.PICK, relay.REPLY, relay.CLOSE, relay.REOPEN)
# What the young person is told when a coordinator closes each kind of thread.
CLOSED_KEYS = {
    RequestKind.REQUEST: "flows.support.closed",
    RequestKind.ALERT: "alert.closed",
    RequestKind.TALK: "talk.closed_by_worker",
}
# What staff send that can reach a young person (stickers and the like go as copies).
RELAYED_KINDS = (EventKind.TEXT, EventKind.MEDIA, EventKind.OTHER)


def handle(ctx: Context) -> bool:
    """Handle an update from a group, or a card action in a private chat; True if handled."""
    event = ctx.event
    if event.edited:
        return _relay_edit(ctx)
    if event.kind == EventKind.COMMAND and not event.is_private:
        _group_command(ctx, event.command or "", event.args.strip())
        return True
    if event.kind == EventKind.BUTTON and (event.button or "").startswith(TOKEN_PREFIX):
        token = ctx.uow.tokens.redeem(event.button or "", event.chat_id, ctx.now)
        if token is None or token.action not in CARD_ACTIONS:
            if event.is_private:
                return False
            ctx.toast("button.expired")
            return True
        _card_button(ctx, token)
        return True
    if event.kind in RELAYED_KINDS and event.reply_to_message_id is not None:
        mapped = ctx.uow.relays.find(event.chat_id, event.reply_to_message_id)
        if mapped is None and event.reply_to_bot and not event.is_private:
            return _cannot_relay(ctx)
        if mapped is None or (mapped.role == RelayRole.TO_YOUNG_PERSON and event.is_private):
            return False
        _reply(ctx, mapped.service_id, mapped.support_request_id, mapped.role)
        return True
    return group_hint.plain_message(ctx)  # not a Reply, during an alert: say so (h-safe2)


def _cannot_relay(ctx: Context) -> bool:
    """A reply in a group to a bot message that belongs to no thread: say so, never silence.

    A digest, a note, a card whose young person's data is gone: nothing goes to anyone,
    and the member of staff is told why. Others than staff are not answered.
    """
    event = ctx.event
    links = ctx.uow.groups.linked_to(event.chat_id)
    if not links:
        return False
    staff = _acting_staff(ctx, links[0].service_id)
    if staff is None:
        return True
    deleted = _deleted_case(ctx)
    if deleted is None:
        _explain(ctx, staff, "team.cannot_relay")
    elif deleted.first_name:
        _explain(ctx, staff, "team.cannot_relay.deleted.named", name=deleted.first_name)
    else:
        _explain(ctx, staff, "team.cannot_relay.deleted", case_ref=deleted.reference)
    return True


def _deleted_case(ctx: Context) -> YoungPerson | None:
    """The young person whose deleted data the replied-to message was about, if any.

    Deleting keeps the outbox rows (their text emptied) and the scrub's edits, each naming
    the case; the case keeps only its reference, so that is all there is to say who.
    """
    event = ctx.event
    case = ctx.uow.outbox.case_replied_to(event.chat_id, event.reply_to_message_id)
    return case if case is not None and case.status == CaseStatus.LEFT else None


def _explain(ctx: Context, staff: Staff, key: str, **params: str) -> None:
    """Tell a member of staff, and only them, why what they sent went nowhere.

    Staff who have opened a private chat with the bot are told there (``key``); anyone else
    gets a short answer in the group, under their message (``key`` + ".group").
    """
    event = ctx.event
    idempotency = f"{key}:{event.chat_id}:{event.message_id}:{event.update_id}"
    if event.is_private or ctx.uow.states.get(event.user_id) is not None:
        ctx.uow.outbox.enqueue(
            chat_id=event.user_id,
            text=t(key, staff_language(staff), **params),  # their private chat
            kind=key,
            idempotency_key=idempotency,
            now=ctx.now,
            service_id=staff.service_id,
        )
        return
    ctx.uow.outbox.enqueue(
        chat_id=event.chat_id,
        text=t(f"{key}.group", GROUP_LANGUAGE, staff=staff.name.split()[0] if staff.name else ""),
        kind=f"{key}.group",
        idempotency_key=idempotency,
        now=ctx.now,
        service_id=staff.service_id,
        target_message_id=event.message_id,
    )


# --- linking a group -----------------------------------------------------------------------
def link_command(ctx: Context, code: str) -> None:
    """``/link CODE`` in a private chat: it has to be sent in the group."""
    ctx.say("team.link.private")


def _group_command(ctx: Context, command: str, args: str) -> None:
    if command == "link":
        _link(ctx, args)
    elif command == "report":
        report.group_command(ctx, args)
    elif command in ("help", "start"):
        ctx.say("team.help")
    elif command in ("caseload", "case", "newcase", "plan"):
        # Case details never go into a group, where anyone in it could read them.
        ctx.say("team.private_only")


def _link(ctx: Context, code: str) -> None:
    event = ctx.event
    if event.chat_type not in GROUP_TYPES:
        ctx.say("team.link.private")
        return
    if not code:
        ctx.say("team.link.usage")
        return
    link = ctx.uow.groups.by_code_hash(hash_code(code))
    if link is None or link.chat_id is not None or link.code_expires_at <= ctx.now:
        ctx.say("team.link.bad_code")
        return
    staff = ctx.uow.staff.in_service(link.service_id, event.user_id)
    if staff is None or not staff.active:
        ctx.say("team.link.not_staff")
        return
    link.chat_id = event.chat_id
    link.linked_at = ctx.now
    service = ctx.uow.services.get(link.service_id)
    audit.record(
        ctx.uow,
        f"group_linked_{link.purpose.value}",
        ctx.now,
        service_id=link.service_id,
        staff=staff,
    )
    key = "team.link.done.managers" if link.purpose == GroupPurpose.MANAGERS else "team.link.done"
    ctx.say(key, service=service.name if service else "")


# --- card buttons --------------------------------------------------------------------------
def _acting_staff(ctx: Context, service_id: int) -> Staff | None:
    staff = ctx.uow.staff.in_service(service_id, ctx.event.user_id)
    return staff if staff is not None and staff.active else None


def _request_and_case(
    ctx: Context, service_id: int, request_id: int
) -> tuple[SupportRequest, YoungPerson] | None:
    request = ctx.uow.support.get(service_id, request_id)
    if request is None:
        return None
    case = ctx.uow.cases.get(service_id, request.young_person_id)
    return (request, case) if case is not None else None


def _card_button(ctx: Context, token: ActionToken) -> None:
    staff = _acting_staff(ctx, token.service_id)
    if staff is None:
        ctx.toast("team.not_staff", alert=True)
        return
    found = _request_and_case(ctx, token.service_id, int(json.loads(token.payload)["request"]))
    if found is None:
        ctx.toast("team.request_gone", alert=True)
        return
    request, case = found
    if token.action == relay.PICK:
        _pick_up(ctx, staff, request, case)
    elif token.action == relay.REPLY:
        _prompt(ctx, staff, request, case, RelayRole.REPLY_PROMPT)
    elif token.action == relay.CLOSE:
        _prompt(ctx, staff, request, case, RelayRole.CLOSE_PROMPT)
    elif token.action == relay.REOPEN:
        _reopen(ctx, staff, request, case)


def _pick_up(ctx: Context, staff: Staff, request: SupportRequest, case: YoungPerson) -> None:
    assert staff.id is not None and request.id is not None
    if not ctx.uow.support.pick_up(request.service_id, request.id, staff.id, ctx.now):
        if request.status.is_open:
            name = relay.staff_name(ctx.uow, request) or ctx.text("card.someone")
            ctx.toast("team.already_picked", alert=True, name=name)
        else:
            ctx.toast("team.request_closed_toast", alert=True)
        return
    # Keyed by the update: a request reopened by the young person can be picked up again.
    relay.refresh_card(ctx.uow, request, f"picked:{ctx.event.update_id}", ctx.now)
    relay.to_young_person(
        ctx.uow,
        request,
        case,
        "support.picked_up" if request.kind == RequestKind.REQUEST else "alert.picked_up",
        f"picked_yp:{request.id}:{ctx.event.update_id}",
        ctx.now,
        name=relay.coordinator_of(staff),
    )
    audit.record(ctx.uow, "support_picked_up", ctx.now, case=case, staff=staff)
    ctx.toast("team.picked", name=staff.name)


def _prompt(
    ctx: Context, staff: Staff, request: SupportRequest, case: YoungPerson, role: RelayRole
) -> None:
    closing = role == RelayRole.CLOSE_PROMPT
    if not request.status.is_open:
        ctx.toast("team.request_closed_toast", alert=True)
        return
    if closing:
        # Only a request's young person reads the closing line (what was agreed); an alert's
        # or a talk thread's stays the team's record, and the prompt says so, truthfully.
        key = "team.close_prompt" if request.kind == RequestKind.REQUEST else "team.close_record"
    else:
        key = "team.reply_prompt"
    relay.to_team(
        ctx.uow,
        request,
        case,
        key,
        f"prompt:{ctx.event.update_id}",
        ctx.now,
        force_reply=True,
        role=role,
        staff=staff.name,
    )
    ctx.toast("team.close_prompt_toast" if closing else "team.reply_prompt_toast")


def _reopen(ctx: Context, staff: Staff, request: SupportRequest, case: YoungPerson) -> None:
    if request.status.is_open:
        ctx.toast("team.already_open")
        return
    reopen(ctx, request, case, by_young_person=False)
    relay.to_young_person(
        ctx.uow,
        request,
        case,
        "support.reopened_by_team",
        f"reopened_yp:{ctx.event.update_id}",
        ctx.now,
        name=relay.coordinator_of(staff),
        category=relay.category_label(request, case_language(case)),
    )
    audit.record(ctx.uow, "support_reopened", ctx.now, case=case, staff=staff)
    ctx.toast("team.reopened")


# --- replies in the card's thread -----------------------------------------------------------
def _refuse_privately(ctx: Context, service_id: int) -> None:
    """Someone who isn't staff replied in the thread: tell them (only them), relay nothing."""
    ctx.uow.outbox.enqueue(
        chat_id=ctx.event.user_id,
        # Their private chat; not staff, so their app's language is all that is known.
        text=t("team.not_staff", language_for(ctx.event.language_code)),
        kind="team.not_staff",
        idempotency_key=f"refused:{ctx.event.chat_id}:{ctx.event.message_id}",
        now=ctx.now,
        service_id=service_id,
    )


def _reply(ctx: Context, service_id: int, request_id: int, role: RelayRole) -> None:
    staff = _acting_staff(ctx, service_id)
    if staff is None:
        _refuse_privately(ctx, service_id)
        return
    found = _request_and_case(ctx, service_id, request_id)
    if found is None:
        _explain(ctx, staff, "team.cannot_relay.gone")
        return
    request, case = found
    if role == RelayRole.CLOSE_PROMPT:
        _close(ctx, staff, request, case)
        return
    if not request.status.is_open:
        _offer_reopen(ctx, request)
        return
    _relay_to_young_person(ctx, staff, request, case)


def _relay_to_young_person(
    ctx: Context, staff: Staff, request: SupportRequest, case: YoungPerson
) -> None:
    event = ctx.event
    assert staff.id is not None and request.id is not None and event.message_id is not None
    name = relay.coordinator_of(staff)
    key = f"to_yp:{event.chat_id}:{event.message_id}"
    if event.kind != EventKind.TEXT:
        relay.to_young_person(
            ctx.uow, request, case, "relay.to_yp.media", f"{key}:head", ctx.now, name=name
        )
        relay.copy_to_young_person(ctx.uow, request, case, event.chat_id, event.message_id, ctx.now)
    else:
        relay.to_young_person(
            ctx.uow,
            request,
            case,
            "relay.to_yp",
            key,
            ctx.now,
            reply_button=True,
            name=name,
            text=event.text or "",
        )
    # Their own message, so a later edit of it can be relayed too.
    ctx.uow.relays.add(
        request.service_id,
        request.id,
        event.chat_id,
        event.message_id,
        RelayRole.TO_YOUNG_PERSON,
        ctx.now,
        staff.id,
    )
    first_answer = request.answered_at is None
    if request.status == RequestStatus.SENT:
        ctx.uow.support.pick_up(request.service_id, request.id, staff.id, ctx.now)
        ctx.uow.support.reload(request)
    request.status = RequestStatus.ANSWERED
    request.answered_at = request.answered_at or ctx.now
    request.updated_at = ctx.now
    if first_answer:
        relay.refresh_card(ctx.uow, request, f"answered:{request.id}", ctx.now)
    audit.record(ctx.uow, "support_replied", ctx.now, case=case, staff=staff)
    alarm_in_chat.answered_in_thread(ctx.uow, request, staff.id, str(event.update_id), ctx.now)


def _offer_reopen(ctx: Context, request: SupportRequest) -> None:
    """A reply to a closed request's thread is not relayed: offer to reopen it instead.

    A request the young person stopped has no Reopen button: only they can open it again.
    """
    card_id = request.card_outbox_id
    card_chat = ctx.uow.outbox.chat_of(card_id) if card_id else None
    chat_id = card_chat if card_chat is not None else ctx.event.chat_id
    buttons = relay.card_buttons(ctx.uow, request, chat_id, ctx.now)
    key = "team.closed_reopen" if buttons else "team.withdrawn_not_sent"
    ctx.uow.outbox.enqueue(
        chat_id=ctx.event.chat_id,
        text=ctx.text(key, ref=request.reference),  # where they wrote: the thread's chat
        kind=key,
        idempotency_key=f"closed_reopen:{ctx.event.chat_id}:{ctx.event.message_id}",
        now=ctx.now,
        buttons=buttons,
        service_id=request.service_id,
        young_person_id=request.young_person_id,
        target_message_id=ctx.event.message_id,
    )


def _close(ctx: Context, staff: Staff, request: SupportRequest, case: YoungPerson) -> None:
    event = ctx.event
    outcome = " ".join((event.text or "").split())
    if event.kind != EventKind.TEXT or not outcome or len(outcome) > MAX_OUTCOME:
        ctx.uow.outbox.enqueue(
            chat_id=event.chat_id,
            text=ctx.text("team.close_bad", limit=str(MAX_OUTCOME), staff=staff.name),
            kind="team.close_bad",
            idempotency_key=f"close_bad:{event.chat_id}:{event.message_id}",
            now=ctx.now,
            service_id=request.service_id,
            target_message_id=event.message_id,
            force_reply=True,
            relay=(request.id or 0, RelayRole.CLOSE_PROMPT),
        )
        return
    if not request.status.is_open:
        _offer_reopen(ctx, request)
        return
    request.status = RequestStatus.CLOSED
    request.outcome = outcome
    request.closed_at = request.updated_at = ctx.now
    if request.claimed_by_staff_id is None:
        request.claimed_by_staff_id = staff.id
        request.picked_up_at = ctx.now
    relay.refresh_card(ctx.uow, request, f"closed:{event.update_id}", ctx.now)
    plain = request.kind == RequestKind.REQUEST
    if request.kind == RequestKind.ALERT:
        key = alarm_in_chat.closed_key(ctx.uow, request)
    else:
        key = CLOSED_KEYS[request.kind]
    if plain and request.outcome:
        key = "flows.support.closed.outcome"  # what was agreed, in the worker's words
    relay.to_young_person(
        ctx.uow,
        request,
        case,
        key,
        f"closed_yp:{event.update_id}",
        ctx.now,
        reopen_button=plain,
        way_on=True,
        name=relay.coordinator_of(staff),
        category=relay.category_label(request, case_language(case)),
        outcome=request.outcome or "",
    )
    audit.record(ctx.uow, "support_closed", ctx.now, case=case, staff=staff)


def _relay_edit(ctx: Context) -> bool:
    """An edited message: relayed as "(edited) …" when the original was relayed."""
    event = ctx.event
    if event.message_id is None or not event.text:
        return False
    mapped = ctx.uow.relays.find(event.chat_id, event.message_id)
    if mapped is None or mapped.role != RelayRole.TO_YOUNG_PERSON or mapped.staff_id is None:
        return False
    staff = _acting_staff(ctx, mapped.service_id)
    found = _request_and_case(ctx, mapped.service_id, mapped.support_request_id)
    if staff is None:
        return True
    if found is None:
        _explain(ctx, staff, "team.cannot_relay.gone")
        return True
    if not found[0].status.is_open:
        # Sent before the chat closed: the young person keeps what they read then.
        _explain(ctx, staff, "team.edit_closed")
        return True
    request, case = found
    relay.to_young_person(
        ctx.uow,
        request,
        case,
        "relay.to_yp.edited",
        f"edit_to_yp:{event.update_id}",
        ctx.now,
        reply_button=True,
        name=relay.coordinator_of(staff),
        text=event.text,
    )
    audit.record(ctx.uow, "support_reply_edited", ctx.now, case=case, staff=staff)
    return True
