"""Notes to the team that the young person sees first, and can stop.

A note about something a young person did (a family-finding lead, a plan review) goes to
their team only after they have been shown exactly what it says and tapped *Send*. With
sharing off, the note says only that something happened: no names, no words.

The lead is asked about on its own message with buttons behind one action token, because
the screen they were on (My people) carries on underneath. The token holds ids only.
"""

from __future__ import annotations

import json
import secrets
from datetime import timedelta
from typing import Any

from dialogs.cases import network_record
from dialogs.cases.notify import notify_team, team_chat
from dialogs.cases.person_words import relationship_label
from dialogs.core.context import Context
from dialogs.core.reader import team_chat_language
from dialogs.texts import DEFAULT_LANGUAGE, GROUP_LANGUAGE, t
from storage.models import ConsentPurpose, ContactStatus, Person, PersonCircle, YoungPerson
from storage.plans import TokenGrant, choice_data
from storage.uow import UnitOfWork

LEAD_ACTION = "share:lead"
# In the screen's data while the lead's Send / Don't send is the last question asked, so
# "ye send it" or "no" typed under it answers it (the token's button data, without choice).
LEAD_OFFER = "lead_offer"
LEAD_CONTACTS = (ContactStatus.LOST_TOUCH, ContactStatus.WOULD_LIKE_TO_FIND)
OFFER_TTL = timedelta(days=30)


def sharing(uow: UnitOfWork, case: YoungPerson) -> bool:
    """Whether the young person shares what they add with their Lifelong Links worker."""
    return uow.consents.current(case).get(ConsentPurpose.SHARE, False)


def worker_name(uow: UnitOfWork, case: YoungPerson, lang: str = DEFAULT_LANGUAGE) -> str:
    """ "Sam, your Lifelong Links worker" once the case has a coordinator, else the role."""
    if case.coordinator_id is not None:
        staff = uow.staff.get(case.service_id, case.coordinator_id)
        active = staff is not None and staff.active and staff.name.strip()
        first = staff.name.split()[0] if staff is not None and active else ""
        if first:
            return t("worker.named", lang, name=first)
    return t("worker.role", lang)


def may_contact_key(uow: UnitOfWork, case: YoungPerson | None) -> str:
    """The "can your worker get in touch?" question: with sharing off, the worker can't see
    who the person is, so the question says they will ask first."""
    if case is not None and not sharing(uow, case):
        return "people.ask.may_contact.private"
    return "people.ask.may_contact"


def is_lead(person: Person) -> bool:
    """A family member they lost touch with, or would like to find, and whom a lead may be
    about: never someone marked not safe, or whom they want no contact with."""
    if network_record.blocks_lead(person):
        return False
    return person.circle == PersonCircle.FAMILY and person.contact in LEAD_CONTACTS


def lead_note(
    uow: UnitOfWork, case: YoungPerson, person: Person, lang: str
) -> tuple[str, dict[str, Any]]:
    """(text key, params) of the lead's note, named only when they share; its words in
    ``lang``, the language of the team's chat, where the note goes."""
    if not sharing(uow, case) or person.contact is None:
        return "notify.lead", {}
    relationship = (
        relationship_label(person, DEFAULT_LANGUAGE).lower()
        if person.relationship != "other"
        else t("rel.other", lang).lower()
    )
    return "notify.lead.named", {
        "contact": t(f"lead.{person.contact.value}", lang),
        "relationship": relationship,
        "person": person.name,
    }


def _note_text(case: YoungPerson, key: str, params: dict[str, Any], lang: str) -> str:
    # The note as the team will read it in their chat (the young person sees what goes).
    return t(key, lang, ref=case.reference, name=case.first_name or "", **params)


def offer_lead(ctx: Context, case: YoungPerson, person: Person) -> None:
    """Show the lead's note and ask whether to send it (Send / Don't send)."""
    if not is_lead(person) or person.id is None or ctx.state is None:
        return
    chat_id = team_chat(ctx.uow, case)
    if chat_id is None:
        return
    team_lang = team_chat_language(ctx.uow, case.service_id, chat_id)
    key, params = lead_note(ctx.uow, case, person, team_lang)
    assert person.contact is not None
    token = ctx.uow.tokens.issue_many(
        [
            TokenGrant(
                chat_id=ctx.event.chat_id,
                service_id=case.service_id,
                action=LEAD_ACTION,
                young_person_id=case.id,
                payload={
                    "person": person.id,
                    "contact": person.contact.value,
                    "nonce": secrets.token_hex(4),
                },
            )
        ],
        ctx.now,
        OFFER_TTL,
    )[0]
    ctx.ask(
        "share.lead.ask",
        [
            [
                ("btn.share.send", choice_data(token, "send")),
                ("btn.share.dont", choice_data(token, "dont")),
            ]
        ],
        worker=worker_name(ctx.uow, case, ctx.lang),
        note=_note_text(case, key, params, team_lang),
    )
    ctx.state.data = {**ctx.state.data, LEAD_OFFER: token}


def answer_typed(ctx: Context) -> bool:
    """ "ye send it", "yes send", "dont send", "no" typed while the lead's question is the
    last one asked: as if its button was tapped (True). Anything else: False, and the
    question is no longer the last one asked.
    """
    from dialogs.core import answers  # answers reads flows, which reach this module

    state = ctx.state
    token = state.data.get(LEAD_OFFER) if state is not None else None
    if state is None or not isinstance(token, str) or ctx.case is None:
        return False
    state.data = {k: v for k, v in state.data.items() if k != LEAD_OFFER}
    choices = [
        (ctx.text("flows.share.send_words"), "send"),  # first: "ye send it" reads as this one
        (ctx.text("btn.share.send"), "send"),
        (ctx.text("btn.share.dont"), "dont"),
    ]
    choice = answers.pick(ctx.event.text or "", choices)
    if choice is None:
        return False
    pressed = ctx.uow.tokens.redeem_button(choice_data(token, choice), ctx.event.chat_id, ctx.now)
    if pressed is None or pressed[0].young_person_id != ctx.case.id:
        return False
    ctx.token_payload = json.loads(pressed[0].payload)
    TOKEN_ACTIONS[pressed[1]](ctx)
    return True


def _offered(ctx: Context) -> tuple[YoungPerson, Person, str] | None:
    """The case, person and note key behind the pressed lead button, while still current."""
    payload = ctx.token_payload or {}
    case = ctx.case
    if case is None or "person" not in payload:
        return None
    person = ctx.uow.people.get(case, int(payload["person"]))
    if person is None or not is_lead(person) or person.contact is None:
        return None
    if person.contact.value != payload.get("contact"):
        return None
    return case, person, f"lead:{person.id}:{payload['contact']}:{payload.get('nonce', '')}"


def send_lead(ctx: Context) -> None:
    """*Send* on a lead's question: the note goes to the team (once)."""
    _answered(ctx)
    found = _offered(ctx)
    if found is None:
        ctx.say("share.gone")
        return
    case, person, idempotency_key = found
    if ctx.uow.outbox.exists(idempotency_key):
        ctx.say("share.already_sent")
        return
    chat_id = team_chat(ctx.uow, case)  # None: notify_team says nobody can be told
    team_lang = (
        team_chat_language(ctx.uow, case.service_id, chat_id)
        if chat_id is not None
        else GROUP_LANGUAGE
    )
    key, params = lead_note(ctx.uow, case, person, team_lang)
    if not notify_team(ctx.uow, case, key, idempotency_key, ctx.now, **params):
        ctx.say("share.nobody")
        return
    ctx.audit("lead_shared", case)
    ctx.say("share.sent", worker=worker_name(ctx.uow, case, ctx.lang))


def skip_lead(ctx: Context) -> None:
    """*Don't send* on a lead's question: nothing goes."""
    _answered(ctx)
    found = _offered(ctx)
    if found is not None and ctx.uow.outbox.exists(found[2]):
        ctx.say("share.already_sent")
        return
    ctx.say("share.not_sent")


def _answered(ctx: Context) -> None:
    """The question is answered: typed words no longer answer it."""
    if ctx.state is not None and LEAD_OFFER in ctx.state.data:
        ctx.state.data = {k: v for k, v in ctx.state.data.items() if k != LEAD_OFFER}


TOKEN_ACTIONS = {
    f"{LEAD_ACTION}.send": send_lead,
    f"{LEAD_ACTION}.dont": skip_lead,
}
