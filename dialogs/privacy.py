"""My data: see everything held (chat summary and a JSON file), change choices, delete it all.

Steps of the ``privacy`` flow: ``menu``, ``delete_1``, ``delete_2`` (two confirmations).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlmodel import col, select

from dialogs import menu
from dialogs.context import Context
from dialogs.flow import ButtonsOnlyFlow
from dialogs.notify import notify_team
from dialogs.people import close_people_count, relationship_label
from dialogs.texts import t
from storage.models import CaseStatus, ConsentPurpose, OutboxMessage, OutboxStatus, YoungPerson

FLOW = "privacy"
BACK_AND_MENU = [("btn.back", "back"), ("btn.menu", "menu")]
ERASED = ""


def open_data_menu(ctx: Context) -> None:
    """Show the My data screen."""
    ctx.goto(FLOW, "menu")
    PrivacyFlow().show(ctx)


def start_delete(ctx: Context) -> None:
    """Begin the two-step deletion."""
    ctx.goto(FLOW, "delete_1")
    PrivacyFlow().show(ctx)


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
                "who": relationship_label(p),
                "circle": p.circle.value if p.circle else None,
                "closeness": p.closeness,
                "contact": p.contact.value if p.contact else None,
                "team_may_contact": p.may_contact,
                "added_at": p.created_at.isoformat(),
            }
            for p in people
        ],
        **_plan_export(ctx, case),
        "support_requests": [
            {
                "reference": r.reference,
                "about": r.category.value,
                "how_soon": r.urgency.value,
                "status": r.status.value,
                "what_you_said": r.text,
                "photos_files_voice_notes": len(json.loads(r.media)),
                "team_may_see_your_words": r.share_text,
                "sent_at": r.created_at.isoformat(),
                "closed_at": _iso(r.closed_at),
            }
            for r in ctx.uow.support.of_case(case, limit=10_000)
        ],
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


def _erase_plan_and_requests(ctx: Context, case: YoungPerson) -> None:
    """Remove the plan, its reviews and every support request with its relay map."""
    plan = ctx.uow.plans.for_case(case)
    if plan is not None:
        for review in ctx.uow.plans.reviews(plan):
            ctx.uow.session.delete(review)
        ctx.uow.plans.clear_items(plan)
        ctx.uow.session.flush()
        ctx.uow.session.delete(plan)
    ctx.uow.support.delete_for_case(case)
    ctx.uow.session.flush()


def erase(ctx: Context, case: YoungPerson) -> None:
    """Delete a young person's personal data, keeping only counts and an audit trail."""
    assert case.id is not None
    people = ctx.uow.people.list(case)
    notify_team(ctx.uow, case, "notify.left", f"left:{case.id}", ctx.now)
    case.final_people_count = len(people)
    case.final_close_count = close_people_count(people)
    _erase_plan_and_requests(ctx, case)
    ctx.uow.people.delete_all(case)
    rows = ctx.uow.session.exec(
        select(OutboxMessage).where(
            OutboxMessage.service_id == case.service_id,
            OutboxMessage.young_person_id == case.id,
            col(OutboxMessage.kind) != "notify.left",
        )
    ).all()
    for row in rows:
        row.text = ERASED
        # Their requests are gone: a row on its way now maps to none of them.
        row.relay_request_id = None
        row.relay_role = None
        # Nothing about them goes out any more, to them or to the team (a copy of a photo
        # they sent would still be copied from their chat).
        if row.status == OutboxStatus.PENDING:
            row.status = OutboxStatus.FAILED
            row.last_error = "erased at the young person's request"
    case.first_name = None
    case.date_of_birth = None
    case.telegram_user_id = None
    case.status = CaseStatus.LEFT
    case.left_at = ctx.now
    ctx.audit("case_deleted", case)
    ctx.case = None
    ctx.clear()


class PrivacyFlow(ButtonsOnlyFlow):
    """My data screens."""

    name = FLOW

    def show(self, ctx: Context) -> None:
        """Show the current screen."""
        assert ctx.state is not None
        step = ctx.state.step
        if step == "delete_1":
            ctx.ask("delete.ask", [[("btn.delete_go", "go")], [("btn.delete_cancel", "keep")]])
        elif step == "delete_2":
            ctx.ask(
                "delete.ask_again",
                [[("btn.delete_confirm", "confirm")], [("btn.delete_cancel", "keep")]],
            )
        else:
            ctx.ask(
                "data.menu",
                [
                    [("btn.data_show", "show")],
                    [("btn.data_consent", "consent")],
                    [("btn.data_delete", "delete")],
                    BACK_AND_MENU,
                ],
            )

    def on_choice(self, ctx: Context, action: str) -> None:
        """Act on a My data button."""
        assert ctx.state is not None and ctx.case is not None
        case = ctx.case
        if action in ("menu", "back"):
            menu.open_menu(ctx)
        elif action == "show":
            self._show_data(ctx, case)
            self.show(ctx)
        elif action == "consent":
            menu.open_choices(ctx)
        elif action == "delete":
            start_delete(ctx)
        elif action == "keep":
            open_data_menu(ctx)
        elif action == "go":
            ctx.goto(FLOW, "delete_2")
            self.show(ctx)
        elif action == "confirm":
            erase(ctx, case)
            ctx.say("delete.done")

    def _show_data(self, ctx: Context, case: YoungPerson) -> None:
        data = export(ctx, case)
        consents = ctx.uow.consents.current(case)
        ctx.say(
            "data.summary",
            ref=case.reference,
            service=data["case"]["service"] or "",
            joined=_london_day(case.joined_at),
            use=_yes_no(consents.get(ConsentPurpose.USE, False)),
            share=_yes_no(consents.get(ConsentPurpose.SHARE, False)),
            people=len(data["people"]),
            plan=t("data.plan.yes") if data["plan"] else t("data.plan.none"),
            requests=len(data["support_requests"]),
        )
        payload = json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8")
        ctx.document(payload, f"lifelinks-{case.reference}.json", "data.file_caption")


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _london_day(value: datetime | None) -> str:
    from zoneinfo import ZoneInfo

    if value is None:
        return t("people.not_set")
    return value.astimezone(ZoneInfo("Europe/London")).strftime("%-d %B %Y")


def _yes_no(value: bool) -> str:
    return t("choices.yes" if value else "choices.no")
