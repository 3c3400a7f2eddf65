"""Joining by invite and the consent questions.

Steps of the ``join`` flow: ``use`` (may I keep what you tell me?), ``share`` (may I share it
with your worker?), ``declined`` (said no to ``use``; can change their mind). The language
is taken at joining, from Telegram's ``language_code`` (changed later in My data).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from dialogs.cases.notify import notify_team
from dialogs.core.consent_text import consent_text_version
from dialogs.core.context import Context
from dialogs.core.registry import FlowName
from dialogs.core.table import Do, Open, Step, TableFlow, To
from dialogs.texts import t
from dialogs.texts.language_codes import language_for, stored_language
from storage.lifedates import age_on
from storage.models import CaseStatus, ConsentPurpose, YoungPerson

FLOW = FlowName.JOIN
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
LONDON = ZoneInfo("Europe/London")
YES_NO_MORE = [[("btn.yes", "yes"), ("btn.no", "no")], [("btn.more", "more")]]


def start(ctx: Context, code: str) -> None:
    """Handle ``/start [code]`` from a young person (staff: :func:`staff_commands.start`)."""
    case = ctx.case
    if case is not None:
        _resume(ctx, case)
        return
    if not CODE_PATTERN.fullmatch(code):
        _refuse(ctx, "not_invited")
        return
    invite = ctx.uow.invites.by_code(code)
    if invite is None:
        _refuse(ctx, "not_invited")
        return
    if invite.used_at is not None:
        _refuse(ctx, "invite.used")
        return
    if invite.expires_at <= ctx.now:
        _refuse(ctx, "invite.expired")
        return
    joining = ctx.uow.cases.get(invite.service_id, invite.young_person_id)
    service = ctx.uow.services.get(invite.service_id)
    if joining is None or service is None or joining.status != CaseStatus.INVITED:
        _refuse(ctx, "invite.used")
        return
    invite.used_at = ctx.now
    today = ctx.now.astimezone(LONDON).date()
    if joining.date_of_birth and age_on(joining.date_of_birth, today) < service.min_age:
        _under_age(ctx, joining, service.min_age)
        return
    joining.telegram_user_id = ctx.event.user_id
    joining.status = CaseStatus.JOINING
    # Their Telegram app's language, if we have it (English if not): changed in My data.
    joining.language = language_for(ctx.event.language_code)
    ctx.lang = stored_language(joining.language)
    joining.last_active_at = ctx.now
    ctx.case = joining
    ctx.audit("invite_redeemed", joining)
    ctx.say("welcome", name=joining.first_name or "", service=service.name)
    JOIN.enter(ctx, JoinStep.USE)


def _refuse(ctx: Context, key: str) -> None:
    # Nothing about this user is stored beyond the update's dedupe row.
    ctx.clear()
    ctx.say(key)


def _under_age(ctx: Context, case: YoungPerson, min_age: int) -> None:
    case.status = CaseStatus.UNDER_AGE
    ctx.audit("invite_under_age", case)
    notify_team(
        ctx.uow,
        case,
        "notify.under_age",
        f"under_age:{case.id}",
        ctx.now,
        min_age=min_age,
    )
    ctx.clear()
    ctx.say("under_age", name=case.first_name or "", min_age=min_age)


def _resume(ctx: Context, case: YoungPerson) -> None:
    ctx.say("welcome.back", name=case.first_name or "")
    if case.status == CaseStatus.ACTIVE:
        ctx.open(FlowName.MENU)
    elif case.status == CaseStatus.DECLINED:
        JOIN.enter(ctx, JoinStep.DECLINED)
    elif ctx.state is None or ctx.state.flow != FLOW or not JOIN.fits(ctx):
        JOIN.enter(ctx, JoinStep.USE)  # a step since gone asks the first question again
    else:
        JOIN.show(ctx)


class JoinStep(StrEnum):
    """The consent questions."""

    USE = "use"
    SHARE = "share"
    DECLINED = "declined"


@dataclass
class JoinData:
    """The questions keep no data: each answer is recorded as it is given."""


def _more(ctx: Context, data: JoinData, action: str) -> None:
    assert ctx.state is not None
    ctx.preface("consent.use.more" if ctx.state.step == JoinStep.USE else "consent.share.more")
    JOIN.show(ctx)


def _answer(ctx: Context, data: JoinData, action: str) -> None:
    """Record a yes or no to the question on screen, and move on."""
    assert ctx.state is not None and ctx.case is not None
    case = ctx.case
    step = ctx.state.step
    granted = action == "yes"
    purpose = ConsentPurpose.USE if step == JoinStep.USE else ConsentPurpose.SHARE
    ctx.uow.consents.record(case, purpose, granted, consent_text_version(ctx.lang), ctx.now)
    ctx.audit(f"consent_{purpose.value}_{'yes' if granted else 'no'}", case)
    if step == JoinStep.USE and not granted:
        _declined(ctx, case)
    elif step == JoinStep.USE:
        JOIN.go(ctx, JoinStep.SHARE)
    else:
        _finish(ctx, case, shared=granted)


def _rejoin(ctx: Context, data: JoinData, action: str) -> None:
    assert ctx.case is not None
    ctx.case.status = CaseStatus.JOINING
    JOIN.go(ctx, JoinStep.USE)


def _declined(ctx: Context, case: YoungPerson) -> None:
    first_time = case.status != CaseStatus.DECLINED
    case.status = CaseStatus.DECLINED
    ctx.audit("consent_declined", case)
    if first_time:
        notify_team(
            ctx.uow,
            case,
            "notify.declined",
            f"declined:{case.id}:{_stamp(ctx.now)}",
            ctx.now,
        )
    JOIN.go(ctx, JoinStep.DECLINED)


def _finish(ctx: Context, case: YoungPerson, shared: bool) -> None:
    case.status = CaseStatus.ACTIVE
    if case.joined_at is None:
        case.joined_at = ctx.now
    ctx.audit("consent_given", case)
    notify_team(
        ctx.uow,
        case,
        "notify.joined",
        f"joined:{case.id}:{_stamp(ctx.now)}",
        ctx.now,
        share=t("choices.yes" if shared else "choices.no"),  # the team's card: English
    )
    ctx.say(
        "consent.done.shared" if shared else "consent.done.private",
        name=case.first_name or "",
    )
    ctx.open(FlowName.MENU)


MORE: Do[JoinData] = Do(_more)
USE_ANSWER: Do[JoinData] = Do(_answer, leads_to=(To(JoinStep.SHARE), To(JoinStep.DECLINED)))
SHARE_ANSWER: Do[JoinData] = Do(_answer, leads_to=(Open(FlowName.MENU),))
TABLE: Mapping[StrEnum, Step[JoinData]] = {
    JoinStep.USE: Step(
        key="consent.use.ask",
        buttons=YES_NO_MORE,
        leads={"yes": USE_ANSWER, "no": USE_ANSWER, "more": MORE},
    ),
    JoinStep.SHARE: Step(
        key="consent.share.ask",
        buttons=YES_NO_MORE,
        leads={"yes": SHARE_ANSWER, "no": SHARE_ANSWER, "more": MORE},
    ),
    JoinStep.DECLINED: Step(
        key="consent.declined",
        buttons=[[("btn.rejoin", "rejoin")]],
        leads={"rejoin": Do(_rejoin, leads_to=(To(JoinStep.USE),))},
    ),
}


class JoinFlow(TableFlow[JoinData]):
    """The consent questions after a young person has used their invite."""

    name = FLOW
    steps = JoinStep
    start = JoinStep.USE
    data_type = JoinData
    table = TABLE


JOIN = JoinFlow()


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%f")
