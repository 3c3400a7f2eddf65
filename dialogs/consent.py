"""Joining by invite and the consent questions.

Steps of the ``join`` flow: ``use`` (may I keep what you tell me?), ``share`` (may I share it
with your worker?), ``declined`` (said no to ``use``; can change their mind).
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from dialogs import menu
from dialogs.consent_text import consent_text_version
from dialogs.context import Context
from dialogs.flow import ButtonsOnlyFlow
from dialogs.notify import notify_team
from dialogs.texts import t
from dialogs.texts.language_codes import language_for, stored_language
from storage.lifedates import age_on
from storage.models import CaseStatus, ConsentPurpose, YoungPerson

FLOW = "join"
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
LONDON = ZoneInfo("Europe/London")
YES_NO_MORE = [[("btn.yes", "yes"), ("btn.no", "no")], [("btn.more", "more")]]


def start(ctx: Context, code: str) -> None:
    """Handle ``/start [code]`` in a private chat."""
    case = ctx.case
    if case is not None:
        _resume(ctx, case)
        return
    staff = ctx.uow.staff.memberships(ctx.event.user_id)
    if staff:
        from dialogs.staff_commands import show_help  # staff flows import this module

        # Staff opening an invite (to test a new link, say) must not use it up: the young
        # person would find it spent, and the member of staff would lose their commands.
        if code and CODE_PATTERN.fullmatch(code) and ctx.uow.invites.by_code(code) is not None:
            ctx.say("invite.staff_kept")
        ctx.staff = staff
        show_help(ctx)
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
    ctx.goto(FLOW, "use")
    JoinFlow().show(ctx)


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
        menu.open_menu(ctx)
    elif case.status == CaseStatus.DECLINED:
        ctx.goto(FLOW, "declined")
        JoinFlow().show(ctx)
    else:
        if ctx.state is None or ctx.state.flow != FLOW:
            ctx.goto(FLOW, "use")
        JoinFlow().show(ctx)


class JoinFlow(ButtonsOnlyFlow):
    """The consent questions after a young person has used their invite."""

    name = FLOW

    def show(self, ctx: Context) -> None:
        """Ask the current consent question."""
        assert ctx.state is not None
        step = ctx.state.step
        if step == "declined":
            ctx.ask("consent.declined", [[("btn.rejoin", "rejoin")]])
        elif step == "share":
            ctx.ask("consent.share.ask", YES_NO_MORE)
        else:
            ctx.ask("consent.use.ask", YES_NO_MORE)

    def on_choice(self, ctx: Context, action: str) -> None:
        """Record an answer and move on."""
        assert ctx.state is not None and ctx.case is not None
        case = ctx.case
        step = ctx.state.step
        if step == "declined":
            case.status = CaseStatus.JOINING
            ctx.goto(FLOW, "use")
            self.show(ctx)
            return
        if action == "more":
            ctx.preface("consent.use.more" if step == "use" else "consent.share.more")
            self.show(ctx)
            return
        granted = action == "yes"
        purpose = ConsentPurpose.USE if step == "use" else ConsentPurpose.SHARE
        ctx.uow.consents.record(case, purpose, granted, consent_text_version(ctx.lang), ctx.now)
        ctx.audit(f"consent_{purpose.value}_{'yes' if granted else 'no'}", case)
        if step == "use" and not granted:
            self._declined(ctx, case)
        elif step == "use":
            ctx.goto(FLOW, "share")
            self.show(ctx)
        else:
            self._finish(ctx, case, shared=granted)

    def _declined(self, ctx: Context, case: YoungPerson) -> None:
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
        ctx.goto(FLOW, "declined")
        self.show(ctx)

    def _finish(self, ctx: Context, case: YoungPerson, shared: bool) -> None:
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
            share=t("choices.yes" if shared else "choices.no"),
        )
        ctx.say(
            "consent.done.shared" if shared else "consent.done.private",
            name=case.first_name or "",
        )
        menu.open_menu(ctx)


def _stamp(now: datetime) -> str:
    return now.strftime("%Y%m%dT%H%M%S%f")
