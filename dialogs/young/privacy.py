"""My data: see everything held (chat summary and a JSON file), change choices, delete it all.

The ``privacy`` flow is a step table: ``menu``, ``who`` (who can see what, with the
sharing switch), ``language`` (the language I speak to them in), ``delete_1``, ``delete_2``
(two confirmations). It keeps no data of its own.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from dialogs.cases import crisis_kinds
from dialogs.cases.notify import notify_team
from dialogs.cases.person_words import close_people_count, relationship_label
from dialogs.core.context import Context
from dialogs.core.registry import FlowName
from dialogs.core.table import Do, Lead, Open, Rows, Step, TableFlow, To
from dialogs.texts import dates, languages, t
from dialogs.texts.language_codes import language_name, stored_language, understood
from dialogs.young import menu
from dialogs.young.team_notes import TOKEN_ACTIONS as SHARE_TOKEN_ACTIONS
from dialogs.young.team_notes import sharing, worker_name
from storage.erasure import TeamMessage
from storage.models import (
    CaseStatus,
    ConsentPurpose,
    RequestKind,
    YoungPerson,
)
from storage.uow import UnitOfWork

FLOW = FlowName.PRIVACY
BACK_AND_MENU = [("btn.back", "back"), ("btn.menu", "menu")]
ERASED = ""
LEFT_NOTE = "notify.left"
SCRUBBED_KEY = "card.deleted"
DELETED_KIND = "copy.deleted"  # outbox kind of deleting a copy of their photo, file or voice
LANGUAGE_ACTION = "lang:"  # a language button's action: "lang:<catalogue name>"
# Buttons on messages outside this flow's screens (the engine looks actions up here).
TOKEN_ACTIONS = SHARE_TOKEN_ACTIONS


class PrivacyStep(StrEnum):
    """My data's screens."""

    MENU = "menu"
    WHO = "who"
    LANGUAGE = "language"
    DELETE_1 = "delete_1"
    DELETE_2 = "delete_2"


@dataclass
class PrivacyData:
    """My data keeps no data of its own (what it shows is read afresh each time)."""


def open_data_menu(ctx: Context) -> None:
    """Show the My data screen."""
    PRIVACY.enter(ctx, PrivacyStep.MENU)


def open_who_sees(ctx: Context) -> None:
    """Show *Who can see what*: each kind of data, who sees it, and the sharing switch."""
    PRIVACY.enter(ctx, PrivacyStep.WHO)


def set_sharing(ctx: Context, case: YoungPerson, on: bool) -> None:
    """Turn sharing with their Lifelong Links worker on or off; the team is told (no words)."""
    menu.record_sharing(ctx, case, on)
    ctx.preface("choices.share_on.done" if on else "choices.share_off.done")


def open_language(ctx: Context) -> None:
    """Show the languages I can speak (those with a catalogue); the question names theirs."""
    PRIVACY.enter(ctx, PrivacyStep.LANGUAGE)


def set_language(ctx: Context, case: YoungPerson, lang: str) -> None:
    """Speak ``lang`` to them from now on (this answer already in it), then My data."""
    case.language = lang
    ctx.lang = stored_language(lang)
    ctx.audit("language_changed", case)
    ctx.preface("data.language.done", language=language_name(ctx.lang))
    open_data_menu(ctx)


def start_delete(ctx: Context) -> None:
    """Begin the two-step deletion."""
    PRIVACY.enter(ctx, PrivacyStep.DELETE_1)


def export(ctx: Context, case: YoungPerson) -> dict[str, Any]:
    """Everything stored about a young person, as plain data."""
    service = ctx.uow.services.get(case.service_id)
    people = ctx.uow.people.list(case)
    return {
        "exported_at": ctx.now.isoformat(),
        "case": {
            "reference": case.reference,
            "service": service.name if service else None,
            "first_name": case.first_name,
            "date_of_birth": case.date_of_birth.isoformat() if case.date_of_birth else None,
            "status": case.status.value,
            "joined_at": _iso(case.joined_at),
            "last_active_at": _iso(case.last_active_at),
            "language": stored_language(case.language),
        },
        "consents": [
            {
                "purpose": event.purpose.value,
                "answer": "yes" if event.granted else "no",
                "text_version": event.text_version,
                "at": event.created_at.isoformat(),
            }
            for event in ctx.uow.consents.history(case)
        ],
        "people": [
            {
                "name": p.name,
                "who": relationship_label(p, ctx.lang),
                "circle": p.circle.value if p.circle else None,
                "closeness": p.closeness,
                "contact": p.contact.value if p.contact else None,
                "team_may_contact": p.may_contact,
                "you_want_contact": p.wish.value if p.wish else None,
                "safe_to_be_in_touch": p.safety.value if p.safety else None,
                "added_at": p.created_at.isoformat(),
            }
            for p in people
        ],
        **_plan_export(ctx, case),
        # Requests for support, safety alerts and "talk to someone" threads.
        "support_requests": [
            {
                "reference": r.reference,
                "what": _REQUEST_KIND.get(r.kind.value, r.kind.value),
                "about": r.category.value,
                "kind_of_danger": ", ".join(crisis_kinds.kinds(r.crisis_category))
                if r.crisis_category
                else None,
                "how_soon": r.urgency.value,
                "status": r.status.value,
                "what_you_said": r.text,
                "photos_files_voice_notes": len(json.loads(r.media)),
                "team_may_see_your_words": r.share_text,
                "sent_at": r.created_at.isoformat(),
                "picked_up_at": _iso(r.picked_up_at),
                "closed_at": _iso(r.closed_at),
                "outcome": r.outcome,
            }
            for r in ctx.uow.support.of_case(case, limit=100_000)
        ],
        **ctx.uow.exports.case_records(case),
    }


_REQUEST_KIND = {
    "request": "a request for support",
    "alert": "a safety alert to your Lifelong Links worker",
    "talk": "a conversation with your Lifelong Links worker",
}


def _plan_export(ctx: Context, case: YoungPerson) -> dict[str, Any]:
    plan = ctx.uow.plans.for_case(case)
    if plan is None:
        return {"plan": None, "plan_reviews": []}
    names = {p.id: p.name for p in ctx.uow.people.list(case)}
    return {
        "plan": {
            "lead": names.get(plan.lead_person_id),
            "review_every_days": plan.review_every_days,
            "next_review_at": _iso(plan.next_review_at),
            "items": [
                {
                    "help": item.kind.value,
                    "what": item.details,
                    "who": names.get(item.person_id),
                    "how_often": item.how_often,
                }
                for item in ctx.uow.plans.items(plan)
            ],
        },
        "plan_reviews": [
            {
                "answers": json.loads(review.answers),
                "how_supported_1_to_5": review.wellbeing,
                "comments": review.comments,
                "wanted_contact": review.wants_contact,
                "at": review.created_at.isoformat(),
            }
            for review in ctx.uow.plans.reviews(plan)
        ],
    }


def _erase_plan_and_requests(uow: UnitOfWork, case: YoungPerson) -> None:
    """Remove the plan, its reviews and every support request with its relay map."""
    plan = uow.plans.for_case(case)
    if plan is not None:
        uow.plans.delete(plan)
    uow.support.delete_for_case(case)  # flushes the plan's deletion with its own


def erase(ctx: Context, case: YoungPerson) -> None:
    """Delete a young person's personal data at their request ("Delete everything")."""
    erase_case(ctx.uow, case, ctx.now)
    ctx.audit("case_deleted", case)
    ctx.case = None
    ctx.clear()


def erase_case(
    uow: UnitOfWork,
    case: YoungPerson,
    now: datetime,
    reason: str = "erased at the young person's request",
    scrub_key: str = SCRUBBED_KEY,
    note: str | None = LEFT_NOTE,
) -> None:
    """Delete a case's personal data, keeping only counts and an audit trail.

    What the team's chats show about them is edited to say it was deleted (``scrub_key``;
    cards lose their buttons), nothing about them still waiting goes out, and the team is
    told once (``note``, unless None). The caller audits it and forgets the chat's state.
    """
    assert case.id is not None
    people = uow.people.list(case)
    # Listed before their requests (and the map of the group's messages) go.
    scrub = uow.erasure.team_messages(case, keep_kinds=(LEFT_NOTE,))
    copies = uow.erasure.team_copies(case)
    uow.erasure.cancel_unsent(case, reason)
    case.final_people_count = len(people)
    case.final_close_count = close_people_count(people)
    _close_requests(uow, case, now)
    _erase_plan_and_requests(uow, case)
    uow.people.delete_all(case)
    for row in uow.outbox.of_case(case, except_kind=LEFT_NOTE):
        row.text = ERASED
        row.language = None  # their language goes with everything else about them
        # Their requests are gone: a row on its way now maps to none of them.
        row.relay_request_id = None
        row.relay_role = None
    # The team's messages are edited in the service's language, English (never theirs).
    _queue_for_team(uow, case, now, scrub, "edit", t(scrub_key), scrub_key, "scrub")
    # Copies of their photos, files and voice notes: deleted (no text to edit).
    _queue_for_team(uow, case, now, copies, "delete", ERASED, DELETED_KIND, "unsend")
    if note is not None:
        notify_team(uow, case, note, f"left:{case.id}", now)
    uow.erasure.forget_milestones(case)
    case.first_name = None
    case.date_of_birth = None
    case.language = None
    case.telegram_user_id = None
    case.status = CaseStatus.LEFT
    case.left_at = now


def _close_requests(uow: UnitOfWork, case: YoungPerson, now: datetime) -> None:
    """Close their open requests, alerts and talk threads (nobody is left to answer)."""
    uow.support.close_open(case, now)


def _queue_for_team(
    uow: UnitOfWork,
    case: YoungPerson,
    now: datetime,
    messages: list[TeamMessage],
    method: str,
    text: str,
    kind: str,
    key: str,
) -> None:
    """One outbox row per team message about them: an edit or a delete of that message."""
    for message in messages:
        where = (
            f"{message.chat_id}:{message.message_id}"
            if message.message_id is not None
            else f"row:{message.outbox_id}"
        )
        uow.outbox.enqueue(
            chat_id=message.chat_id,
            text=text,
            kind=kind,
            idempotency_key=f"{key}:{case.id}:{where}",
            now=now,
            service_id=case.service_id,
            young_person_id=case.id,
            method=method,
            target_message_id=message.message_id,
            target_outbox_id=message.outbox_id,
        )


def _show_data(ctx: Context, case: YoungPerson) -> None:
    data = export(ctx, case)
    consents = ctx.uow.consents.current(case)
    ctx.say(
        "data.summary",
        ref=case.reference,
        service=data["case"]["service"] or "",
        joined=_london_day(ctx, case.joined_at),
        use=_yes_no(ctx, consents.get(ConsentPurpose.USE, False)),
        share=_yes_no(ctx, consents.get(ConsentPurpose.SHARE, False)),
        people=len(data["people"]),
        plan=ctx.text("data.plan.yes") if data["plan"] else ctx.text("data.plan.none"),
        support=support_counts(ctx, case),
        language=language_name(ctx.lang),
    )
    payload = json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")
    ctx.document(payload, f"lifelinks-{case.reference}.json", "data.file_caption")


def thread_counts(ctx: Context, case: YoungPerson) -> dict[RequestKind, int]:
    """How many requests, chats and safety alerts of theirs are stored, each kind apart."""
    counts = dict.fromkeys(RequestKind, 0)
    counts.update(ctx.uow.support.count_by_kind(case))
    return counts


def support_counts(ctx: Context, case: YoungPerson) -> str:
    """The summary's lines for requests, chats and alerts; a chat or alert line only when
    there is one (a request line always, so "none yet" is said)."""
    counts = thread_counts(ctx, case)
    lines = [ctx.text("flows.data.requests", count=counts[RequestKind.REQUEST])]
    if counts[RequestKind.TALK]:
        lines.append(ctx.text("flows.data.talks", count=counts[RequestKind.TALK]))
    if counts[RequestKind.ALERT]:
        lines.append(ctx.text("flows.data.alerts", count=counts[RequestKind.ALERT]))
    return "\n".join(lines)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _london_day(ctx: Context, value: datetime | None) -> str:
    if value is None:
        return ctx.text("people.not_set")
    return dates.long_date(value, ctx.lang)


def _yes_no(ctx: Context, value: bool) -> str:
    return ctx.text("choices.yes" if value else "choices.no")


# --- the table -------------------------------------------------------------------------------
P = PrivacyStep
MENU_BUTTONS: Rows = [
    [("btn.data_show", "show")],
    [("btn.data_who", "who")],
    [("btn.data_consent", "consent")],
    [("btn.data_language", "language")],
    [("btn.data_delete", "delete")],
    BACK_AND_MENU,
]


def _who_screen(ctx: Context, data: PrivacyData) -> tuple[Rows, Mapping[str, str]]:
    on = sharing(ctx.uow, ctx.case) if ctx.case is not None else False
    toggle = ("btn.share_off", "share_off") if on else ("btn.share_on", "share_on")
    return [[toggle], BACK_AND_MENU], {
        "worker": worker_name(ctx.uow, ctx.case, ctx.lang) if ctx.case is not None else "",
        "people": ctx.text("who.people.on" if on else "who.people.off"),
        "plan": ctx.text("who.plan.on" if on else "who.plan.off"),
        "messages": ctx.text("who.messages.on" if on else "who.messages.off"),
        "alerts": ctx.text("who.alerts.on" if on else "who.alerts.off"),
        "state": ctx.text("who.state.on" if on else "who.state.off"),
    }


def _show_language(ctx: Context, data: PrivacyData) -> None:
    chosen = stored_language(ctx.case.language if ctx.case is not None else None)
    codes = sorted(languages())
    ctx.ask(
        "data.language.ask",
        [
            *([(f"{LANGUAGE_ACTION}{code}", f"{LANGUAGE_ACTION}{code}")] for code in codes),
            BACK_AND_MENU,
        ],
        labels={f"{LANGUAGE_ACTION}{code}": language_name(code) for code in codes},
        language=language_name(chosen),
    )


def _show(ctx: Context, data: PrivacyData, action: str) -> None:
    """Everything held: a summary in the chat and the JSON file, then My data again."""
    assert ctx.case is not None
    _show_data(ctx, ctx.case)
    PRIVACY.show(ctx)


def _share(ctx: Context, data: PrivacyData, action: str) -> None:
    assert ctx.case is not None
    set_sharing(ctx, ctx.case, action == "share_on")
    open_who_sees(ctx)


def _choose_language(ctx: Context, data: PrivacyData, action: str) -> None:
    assert ctx.case is not None
    lang = action.removeprefix(LANGUAGE_ACTION)
    if lang in languages():
        set_language(ctx, ctx.case, lang)
    else:  # its catalogue went away since the screen was shown
        PRIVACY.show(ctx)


def _takes_language(ctx: Context, data: PrivacyData, text: str) -> bool:
    """A language typed by its name ("english", "Cymraeg")."""
    return understood(text) is not None


def _language_text(ctx: Context, data: PrivacyData, text: str) -> None:
    """A language typed by name; anything else: a kind nudge and the question again."""
    lang = understood(text)
    if lang is not None and ctx.case is not None:
        set_language(ctx, ctx.case, lang)
        return
    ctx.say("nudge.unexpected")
    PRIVACY.show(ctx)


def _erase(ctx: Context, data: PrivacyData, action: str) -> None:
    assert ctx.case is not None
    erase(ctx, ctx.case)
    ctx.say("delete.done")


TO_DATA = To(P.MENU)
TO_MENU = Open(FlowName.MENU)
BACK_TO_DATA: Mapping[str, Lead[PrivacyData]] = {"back": TO_DATA, "menu": TO_MENU}


class PrivacyFlow(TableFlow[PrivacyData]):
    """My data screens."""

    name = FLOW
    steps = PrivacyStep
    start = P.MENU
    data_type = PrivacyData
    table = {
        P.MENU: Step(
            key="data.menu",
            buttons=MENU_BUTTONS,
            leads={
                "show": Do(_show),
                "who": To(P.WHO),
                "consent": Open(FlowName.MENU, "choices"),
                "language": To(P.LANGUAGE),
                "delete": To(P.DELETE_1),
                "back": TO_MENU,
                "menu": TO_MENU,
            },
        ),
        P.WHO: Step(
            key="who.text",
            buttons=[[("btn.share_on", "share_on"), ("btn.share_off", "share_off")], BACK_AND_MENU],
            screen=_who_screen,
            leads={
                "share_on": Do(_share, leads_to=(To(P.WHO),)),
                "share_off": Do(_share, leads_to=(To(P.WHO),)),
                **BACK_TO_DATA,
            },
        ),
        P.LANGUAGE: Step(
            buttons=[[("@lang", LANGUAGE_ACTION)], BACK_AND_MENU],
            show=_show_language,
            leads={
                LANGUAGE_ACTION: Do(_choose_language, leads_to=(TO_DATA,)),
                **BACK_TO_DATA,
            },
            text=_language_text,
            takes_text=_takes_language,
            text_leads=(TO_DATA,),
        ),
        P.DELETE_1: Step(
            key="delete.ask",
            buttons=[[("btn.delete_go", "go")], [("btn.delete_cancel", "keep")]],
            leads={"go": To(P.DELETE_2), "keep": TO_DATA},
        ),
        P.DELETE_2: Step(
            key="delete.ask_again",
            buttons=[[("btn.delete_confirm", "confirm")], [("btn.delete_cancel", "keep")]],
            leads={"confirm": Do(_erase), "keep": TO_DATA},
        ),
    }
    common = {"menu": TO_MENU, "back": TO_MENU}
    entries = frozenset({P.WHO, P.DELETE_1})

    def on_intent(self, ctx: Context, kind: str, detail: str) -> bool:
        """ "yes delete it all" at the first delete question moves on to the last one.

        Asking to delete while asked "are you sure?" is a yes to that question; the second
        question still stands between them and the deletion.
        """
        if kind == "delete" and ctx.state is not None and ctx.state.step == P.DELETE_1:
            self.on_choice(ctx, "go")
            return True
        return False


PRIVACY = PrivacyFlow()
