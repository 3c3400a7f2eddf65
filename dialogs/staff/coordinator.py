"""A coordinator's private chat: /caseload, /case <ref> and /newcase.

Everything is scoped by service: a member of staff reaches only cases of the services they
are active staff of (``ctx.staff``, one record per service). A coordinator's caseload is the
cases they coordinate; a manager's is every case of their service.

The ``newcase`` flow holds both screens that outlive one message: ``caseload`` (a page of a
long caseload, with Back/More buttons) and the invite questions ``name``, ``dob``,
``service`` (only for staff of several services) and ``confirm``. Nothing is written until
the coordinator confirms, so leaving half-way (a button, /cancel or another command) leaves
no half-made case behind.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

import qrcode
from pydantic import BaseModel

from dialogs.core.context import Context
from dialogs.core.flow import page_buttons
from dialogs.core.registry import FlowName
from dialogs.core.table import Do, Rows, Step, TableFlow, To
from dialogs.staff import staff_words
from dialogs.staff.admin import (
    MAX_NAME,
    AdminError,
    age_range,
    check_age,
    check_words,
    create_invite,
)
from dialogs.texts import dates, t
from storage import audit
from storage.caseload import CaseloadEntry, Scope
from storage.lifedates import age_on
from storage.models import (
    Staff,
    StaffRole,
)

NEW_CASE_FLOW = FlowName.NEW_CASE
FLOW = NEW_CASE_FLOW
PAGE_SIZE = 10
INVITE_DAYS = 14
MAX_MESSAGE = 4096
# Names are cut short in lists so a page of them always fits in one message.
NAME_IN_LIST = 32
# As create_invite allows: nobody born more than this many years ago.
OLDEST_BIRTH_YEARS = 40

LONDON = ZoneInfo("Europe/London")
DATE_TYPED = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")

CANCEL = ("staff.btn.cancel", "cancel")
BACK = ("btn.back", "back")


def _scopes(staff: Sequence[Staff]) -> list[Scope]:
    """What each staff record may list: a manager the whole service, a coordinator their own."""
    scopes = []
    for member in staff:
        assert member.id is not None
        everyone = member.role == StaffRole.MANAGER
        scopes.append(Scope(member.service_id, None if everyone else member.id))
    return scopes


def _bot_username(ctx: Context) -> str | None:
    return ctx.uow.settings.get("bot_username") or None


def qr_png(link: str) -> bytes:
    """A QR code of ``link`` as PNG bytes (as ``lifelinks invite create`` draws it)."""
    buffer = io.BytesIO()
    qrcode.make(link).save(buffer)
    return buffer.getvalue()


# --- /caseload ---------------------------------------------------------------------------------
def caseload(ctx: Context, args: str) -> None:
    """List the coordinator's young people (a manager: the whole service's), a page at a time."""
    audit.record(ctx.uow, "caseload_viewed", ctx.now, staff=ctx.staff)
    show_caseload(ctx, 0)


def show_caseload(ctx: Context, page: int) -> None:
    """Show one page of the caseload; pages after the first have Back/More buttons."""
    repo = ctx.uow.caseload
    scopes = _scopes(ctx.staff)
    everyone = any(member.role == StaffRole.MANAGER for member in ctx.staff)
    total = repo.count(scopes)
    if total == 0:
        ctx.clear()
        ctx.say("staff.caseload.empty.all" if everyone else "staff.caseload.empty")
        return
    pages = math.ceil(total / PAGE_SIZE)
    page = min(max(0, page), pages - 1)
    entries = repo.page(scopes, page * PAGE_SIZE, PAGE_SIZE)
    title_key = "staff.caseload.title.all" if everyone else "staff.caseload.title"
    title = (
        ctx.text(title_key, count=total)
        if pages == 1
        else ctx.text(f"{title_key}.page", count=total, page=page + 1, pages=pages)
    )
    entries_text = "\n\n".join(_entry(entry, ctx.now, ctx.lang) for entry in entries)
    footer = ctx.text("staff.caseload.footer", ref=entries[0].reference) if entries else ""
    if pages == 1:
        ctx.clear()
        ctx.say("staff.caseload.page", title=title, entries=entries_text, footer=footer)
        return
    ctx.goto(FLOW, "caseload", {"page": page})
    nav = page_buttons(page, pages)
    ctx.ask("staff.caseload.page", [nav], title=title, entries=entries_text, footer=footer)


def _entry(entry: CaseloadEntry, now: datetime, lang: str) -> str:
    return t(
        "staff.caseload.entry",
        lang,
        ref=entry.reference,
        name=staff_words.short(entry.first_name or "", NAME_IN_LIST),
        status=t(f"staff.status.{entry.status.value}", lang),
        last=staff_words.when(entry.last_active_at, now, lang),
        people=entry.people,
        review=staff_words.review(
            entry.has_plan, entry.next_review_at, entry.review_overdue, now, lang
        ),
        requests=entry.open_requests,
        use=staff_words.answer(entry.use, lang),
        share=staff_words.answer(entry.share, lang),
        flag=t("staff.unreachable", lang) if entry.unreachable else "",
    )


# --- /newcase ---------------------------------------------------------------------------------
def start_new_case(ctx: Context, args: str) -> None:
    """Start making an invite: first name, date of birth, service, confirm."""
    if _bot_username(ctx) is None:
        ctx.clear()
        ctx.say("staff.newcase.no_username")
        return
    ctx.goto(FLOW, NewCaseStep.NAME)
    if args.strip():
        NEW_CASE.on_text(ctx, args)  # "/newcase Alex" answers the first question
    else:
        NEW_CASE.show(ctx)


def clean_first_name(text: str) -> tuple[str | None, str | None]:
    """A first name as create_invite takes it: (name, None) or (None, error text key)."""
    name = " ".join(text.split())
    if not any(ch.isalpha() for ch in name):
        return None, "staff.newcase.bad_name.empty"
    if len(name) > MAX_NAME:
        return None, "staff.newcase.bad_name.long"
    try:
        return check_words(text, "the first name"), None  # as the CLI checks it
    except AdminError:
        return None, "staff.newcase.bad_name.chars"


def parse_birth_date(
    text: str, now: datetime, min_age: int | None = None
) -> tuple[date | None, str | None]:
    """A typed DD/MM/YYYY date of birth: (date, None) or (None, error text key).

    The age must be in the CLI's range (:func:`dialogs.staff.admin.check_age`) for ``min_age``.
    """
    match = DATE_TYPED.fullmatch(text.strip())
    if match is None:
        return None, "staff.newcase.bad_date"
    day, month, year = (int(part) for part in match.groups())
    try:
        born = date(year, month, day)
    except ValueError:
        return None, "staff.newcase.no_such_date"
    if born >= min(now.date(), now.astimezone(LONDON).date()):
        return None, "staff.newcase.future_date"
    if born.year < now.year - OLDEST_BIRTH_YEARS:
        return None, "staff.newcase.old_date"
    try:
        check_age(born, now.astimezone(LONDON).date(), min_age)
    except AdminError:
        return None, "staff.newcase.age_range"
    return born, None


class NewCaseStep(StrEnum):
    """The /newcase questions in order; ``caseload`` keeps the place of a long caseload."""

    NAME = "name"
    DOB = "dob"
    SERVICE = "service"
    CONFIRM = "confirm"
    CASELOAD = "caseload"


class NewCaseData(BaseModel):
    """The answers so far (only those given), or the caseload page on screen."""

    name: str | None = None
    dob: str | None = None
    staff_id: int | None = None
    page: int = 0


def _to(ctx: Context, step: NewCaseStep, data: NewCaseData | None = None, **changes: Any) -> None:
    NEW_CASE.go(ctx, step, (data or NewCaseData()).model_copy(update=changes))


def _ask_service(ctx: Context, data: NewCaseData) -> None:
    labels: dict[str, str] = {}
    rows: list[list[tuple[str, str]]] = []
    named = []
    for member in ctx.staff:
        service = ctx.uow.services.get(member.service_id)
        named.append((service.name if service else str(member.service_id), member))
    for name, member in sorted(named, key=lambda pair: pair[0].lower()):
        label_key = f"@service:{member.id}"
        labels[label_key] = name
        rows.append([(label_key, f"service:{member.id}")])
    rows.append([BACK, CANCEL])
    ctx.ask("staff.newcase.ask_service", rows, labels=labels, name=data.name or "")


def _ask_confirm(ctx: Context, data: NewCaseData) -> None:
    member = _membership(ctx, data.staff_id)
    if member is None or data.name is None or data.dob is None:
        _restart(ctx, data, "again")
        return
    service = ctx.uow.services.get(member.service_id)
    born = date.fromisoformat(data.dob)
    age = age_on(born, ctx.now.astimezone(LONDON).date())
    if service is not None and age < service.min_age:
        ctx.preface("staff.newcase.under_age", name=data.name, min_age=service.min_age)
    ctx.ask(
        "staff.newcase.confirm",
        CONFIRM_BUTTONS,
        name=data.name,
        dob=dates.long_date(born, ctx.lang),
        age=age,
        service=service.name if service else "",
        days=INVITE_DAYS,
    )


def _dob_screen(ctx: Context, data: NewCaseData) -> tuple[Rows, Mapping[str, Any]]:
    return [[BACK, CANCEL]], {"name": data.name or ""}


def _show_caseload(ctx: Context, data: NewCaseData) -> None:
    show_caseload(ctx, data.page)


def _caseload_page(ctx: Context, data: NewCaseData, action: str) -> None:
    show_caseload(ctx, data.page + (1 if action == "next" else -1))


def _cancel(ctx: Context, data: NewCaseData, action: str) -> None:
    ctx.clear()
    ctx.say("staff.newcase.cancelled")


def _restart(ctx: Context, data: NewCaseData, action: str) -> None:
    _to(ctx, NewCaseStep.NAME)


def _back(ctx: Context, data: NewCaseData, action: str) -> None:
    assert ctx.state is not None
    several = len(ctx.staff) > 1
    previous = {
        NewCaseStep.DOB: NewCaseStep.NAME,
        NewCaseStep.SERVICE: NewCaseStep.DOB,
        NewCaseStep.CONFIRM: NewCaseStep.SERVICE if several else NewCaseStep.DOB,
    }
    NEW_CASE.go(ctx, previous.get(NewCaseStep(ctx.state.step), NewCaseStep.NAME), data)


def _service(ctx: Context, data: NewCaseData, action: str) -> None:
    member = _membership(ctx, int(action.removeprefix("service:")))
    if member is None:
        NEW_CASE.show(ctx)
        return
    _to(ctx, NewCaseStep.CONFIRM, data, staff_id=member.id)


def _name_text(ctx: Context, data: NewCaseData, text: str) -> None:
    name, error = clean_first_name(text)
    if name is None:
        ctx.say(error or "staff.newcase.bad_name.empty", max=MAX_NAME)
        NEW_CASE.show(ctx)
        return
    _to(ctx, NewCaseStep.DOB, data, name=name)


def _dob_text(ctx: Context, data: NewCaseData, text: str) -> None:
    min_age = _lowest_min_age(ctx)
    born, error = parse_birth_date(text, ctx.now, min_age)
    if born is None:
        youngest, oldest = age_range(min_age)
        ctx.say(error or "staff.newcase.bad_date", youngest=youngest, oldest=oldest)
        NEW_CASE.show(ctx)
        return
    if len(ctx.staff) > 1:
        _to(ctx, NewCaseStep.SERVICE, data, dob=born.isoformat())
    else:
        _to(ctx, NewCaseStep.CONFIRM, data, dob=born.isoformat(), staff_id=ctx.staff[0].id)


def _caseload_text(ctx: Context, data: NewCaseData, text: str) -> None:
    ctx.say("staff.hint")


def _make_invite(ctx: Context, data: NewCaseData, action: str) -> None:
    member = _membership(ctx, data.staff_id)
    service = ctx.uow.services.get(member.service_id) if member is not None else None
    if member is None or service is None or data.name is None or data.dob is None:
        _restart(ctx, data, action)
        return
    username = _bot_username(ctx)
    if username is None:
        ctx.say("staff.newcase.no_username")
        NEW_CASE.show(ctx)
        return
    born = date.fromisoformat(data.dob)
    try:
        check_age(born, ctx.now.astimezone(LONDON).date(), service.min_age)
        result = create_invite(
            ctx.uow,
            service.slug,
            data.name,
            born,
            ctx.now,
            timedelta(days=INVITE_DAYS),
            coordinator_telegram_id=ctx.event.user_id,
            by=member,
        )
    except AdminError:
        # Checked before already; should the rules differ, nothing was written.
        ctx.say("staff.newcase.failed")
        _restart(ctx, data, action)
        return
    link = result.link(username)
    expires = dates.long_date(result.expires_at, ctx.lang)
    ctx.clear()
    ctx.say(
        "staff.newcase.done",
        name=data.name,
        ref=result.reference,
        expires=expires,
        link=link,
    )
    caption = ctx.text("staff.newcase.qr", name=data.name, ref=result.reference, expires=expires)
    ctx.photo(qr_png(link), caption)


def _never(ctx: Context, data: NewCaseData, text: str) -> bool:
    return False


CONFIRM_BUTTONS = [
    [("staff.btn.make_invite", "make")],
    [BACK, ("staff.btn.start_again", "again"), CANCEL],
]
TO_NAME = To(NewCaseStep.NAME)
BACK_LEAD: Do[NewCaseData] = Do(
    _back, leads_to=(TO_NAME, To(NewCaseStep.DOB), To(NewCaseStep.SERVICE))
)
CANCEL_LEAD: Do[NewCaseData] = Do(_cancel)
AGAIN_LEAD: Do[NewCaseData] = Do(_restart, leads_to=(TO_NAME,))
CASELOAD_PAGE: Do[NewCaseData] = Do(_caseload_page, leads_to=(To(NewCaseStep.CASELOAD),))
AFTER_DOB = (To(NewCaseStep.SERVICE), To(NewCaseStep.CONFIRM))


class NewCaseFlow(TableFlow[NewCaseData]):
    """Asks for a first name and date of birth, then makes the invite link and QR code.

    Also keeps the place of a long caseload (step ``caseload``), so its buttons work.
    """

    name = FlowName.NEW_CASE
    steps = NewCaseStep
    start = NewCaseStep.NAME
    data_type = NewCaseData
    table = {
        NewCaseStep.NAME: Step(
            key="staff.newcase.ask_name",
            buttons=[[CANCEL]],
            text=_name_text,
            text_leads=(To(NewCaseStep.DOB),),
        ),
        NewCaseStep.DOB: Step(
            key="staff.newcase.ask_dob",
            buttons=[[BACK, CANCEL]],
            screen=_dob_screen,
            leads={"back": BACK_LEAD},
            text=_dob_text,
            text_leads=AFTER_DOB,
        ),
        NewCaseStep.SERVICE: Step(
            buttons=[[BACK, CANCEL]],
            show=_ask_service,
            leads={"service:": Do(_service, leads_to=(To(NewCaseStep.CONFIRM),))},
        ),
        NewCaseStep.CONFIRM: Step(
            buttons=CONFIRM_BUTTONS,
            show=_ask_confirm,
            leads={"make": Do(_make_invite, leads_to=(TO_NAME,))},
        ),
        NewCaseStep.CASELOAD: Step(
            buttons=[[("btn.prev", "prev"), ("btn.next", "next")]],
            show=_show_caseload,
            # Every button turns the page; typing gets a hint, not this screen again.
            leads={"prev": CASELOAD_PAGE, "next": CASELOAD_PAGE, "back": CASELOAD_PAGE},
            text=_caseload_text,
            takes_text=_never,
        ),
    }
    common = {"cancel": CANCEL_LEAD, "again": AGAIN_LEAD, "back": BACK_LEAD}
    entries = frozenset({NewCaseStep.CASELOAD})


NEW_CASE = NewCaseFlow()


def _membership(ctx: Context, staff_id: Any) -> Staff | None:
    """The writer's own staff record with this id (never anyone else's)."""
    for member in ctx.staff:
        if member.id is not None and member.id == staff_id:
            return member
    return None


def _lowest_min_age(ctx: Context) -> int | None:
    """The lowest minimum age among the writer's services (the service is chosen later)."""
    ages = []
    for member in ctx.staff:
        service = ctx.uow.services.get(member.service_id)
        if service is not None:
            ages.append(service.min_age)
    return min(ages) if ages else None
