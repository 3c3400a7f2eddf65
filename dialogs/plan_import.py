"""Record a plan from a YAML file typed up after the family meeting (`lifelinks plan import`).

```yaml
lead: Nan                    # one of the young person's people (added if new)
review_every: 90d            # optional; the service's interval otherwise
first_review: 2027-02-01     # optional; one interval from today otherwise
items:
  - help: food               # money, housing, food, education_work, health, moving_on,
                             # birthdays_holidays, talk, family_time, checking_in
    what: Sunday dinners     # optional words for the help
    who: Nan                 # who gives it (added to their people if new)
    how_often: every week    # optional
```
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from dialogs.admin import AdminError
from storage.models import CaseStatus, HelpKind, Person, Plan, PlanItem, YoungPerson
from storage.uow import UnitOfWork

MAX_ITEMS = 40
MAX_TEXT = 200
REVIEW_HOUR = 10
ZONE = ZoneInfo("Europe/London")


def review_time(day: date) -> datetime:
    """When a review on ``day`` is due: REVIEW_HOUR o'clock, London time (the column keeps UTC)."""
    return datetime.combine(day, time(REVIEW_HOUR), tzinfo=ZONE)


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str | int) or not str(value).strip():
        raise AdminError(f"{what} must be some words")
    cleaned = " ".join(str(value).split())
    if len(cleaned) > MAX_TEXT:
        raise AdminError(f"{what} is longer than {MAX_TEXT} characters")
    return cleaned


def _optional(raw: dict[str, Any], key: str, label: str) -> str | None:
    return _text(raw[key], f"{label}: {key}") if raw.get(key) else None


def person_named(uow: UnitOfWork, case: YoungPerson, name: str) -> Person | None:
    """One of the case's people whose name matches ``name`` (ignoring case), if any."""
    for person in uow.people.list(case):
        if person.name.casefold() == name.casefold():
            return person
    return None


def find_or_add_person(uow: UnitOfWork, case: YoungPerson, name: str, now: datetime) -> Person:
    """The case's person called ``name``, added to their people if new."""
    person = person_named(uow, case, name)
    if person is not None:
        return person
    return uow.people.add(
        case,
        Person(
            service_id=case.service_id,
            young_person_id=case.id or 0,
            name=name,
            created_at=now,
            updated_at=now,
        ),
    )


def review_days(value: Any) -> int:
    """A review interval like 90d or 12w in days (7 days to 2 years); AdminError if not."""
    text = str(value).strip().lower()
    if text.endswith("d") and text[:-1].isdigit():
        days = int(text[:-1])
    elif text.endswith("w") and text[:-1].isdigit():
        days = 7 * int(text[:-1])
    else:
        raise AdminError(f"review_every '{value}' is not a duration like 90d or 12w")
    if not 7 <= days <= 730:
        raise AdminError("review_every must be between 7 days and 2 years")
    return days


def import_plan(uow: UnitOfWork, reference: str, source: str, now: datetime) -> Plan:
    """Create or replace a case's plan from YAML text; raises AdminError on bad input."""
    service_id = uow.cases.service_of_reference(reference)
    case = uow.cases.by_reference(service_id, reference) if service_id is not None else None
    if case is None:
        raise AdminError(f"unknown case '{reference}'")
    if case.status != CaseStatus.ACTIVE:
        raise AdminError(f"case '{reference}' is not active in the bot ({case.status.value})")
    service = uow.services.get(case.service_id)
    assert service is not None
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        raise AdminError(f"the file is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise AdminError("the file must be a mapping with 'items' (see --help)")
    items = data.get("items") or []
    if not isinstance(items, list) or not items:
        raise AdminError("the plan needs at least one item under 'items'")
    if len(items) > MAX_ITEMS:
        raise AdminError(f"a plan can have at most {MAX_ITEMS} items")
    every = (
        review_days(data["review_every"]) if "review_every" in data else service.review_every_days
    )
    first = data.get("first_review")
    if first is not None and not isinstance(first, date):
        raise AdminError("first_review must be a date like 2027-02-01")
    plan = uow.plans.for_case(case) or uow.plans.create(case, every, now)
    assert plan.id is not None
    plan.review_every_days = every
    uow.plans.clear_items(plan)
    for position, raw in enumerate(items):
        if not isinstance(raw, dict):
            raise AdminError(f"item {position + 1} must be a mapping with 'help' and 'who'")
        try:
            kind = HelpKind(str(raw.get("help", "")).strip().lower())
        except ValueError:
            choices = ", ".join(k.value for k in HelpKind)
            raise AdminError(f"item {position + 1}: help must be one of {choices}") from None
        label = f"item {position + 1}"
        who = find_or_add_person(uow, case, _text(raw.get("who"), f"{label}: who"), now)
        uow.plans.add_item(
            PlanItem(
                service_id=case.service_id,
                plan_id=plan.id,
                kind=kind,
                person_id=who.id,
                details=_text(raw["what"], f"item {position + 1}: what")
                if raw.get("what")
                else None,
                how_often=(
                    _text(raw["how_often"], f"item {position + 1}: how_often")
                    if raw.get("how_often")
                    else None
                ),
                position=position,
                created_at=now,
            )
        )
    if data.get("lead"):
        plan.lead_person_id = find_or_add_person(uow, case, _text(data["lead"], "lead"), now).id
    day = first or (now.astimezone(ZONE).date() + timedelta(days=every))
    plan.next_review_at = review_time(day)
    plan.nudges_sent = 0
    plan.last_nudged_at = None
    plan.overdue_since = None
    plan.updated_at = now
    uow.audit.record("operator", "plan_imported", now, case.service_id, case.id)
    return plan
