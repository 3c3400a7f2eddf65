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
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictStr,
    ValidationError,
    model_validator,
)
from yaml.constructor import ConstructorError

from dialogs.core.durations import CHAT, PLAN_FILE
from dialogs.core.typed_words import clean_text
from dialogs.staff.admin import AdminError
from storage.models import CaseStatus, HelpKind, Person, Plan, PlanItem, YoungPerson
from storage.uow import UnitOfWork

MAX_ITEMS = 40
MAX_FILE_BYTES = 256 * 1024
MAX_REVIEW_AHEAD = timedelta(days=730)
MIN_REVIEW_EVERY = timedelta(days=7)
MAX_REVIEW_EVERY = timedelta(days=730)
REVIEW_HOUR = 10
ZONE = ZoneInfo("Europe/London")


def review_time(day: date) -> datetime:
    """When a review on ``day`` is due: REVIEW_HOUR o'clock, London time (the column keeps UTC)."""
    return datetime.combine(day, time(REVIEW_HOUR), tzinfo=ZONE)


def _help_kind(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


def _iso_date(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError("must be a date like 2027-02-01")


def _interval_days(duration: timedelta | None) -> int:
    if duration is None:
        raise ValueError("must be a duration like 90d or 12w")
    if not MIN_REVIEW_EVERY <= duration <= MAX_REVIEW_EVERY:
        raise ValueError("must be between 7 days and 2 years")
    return duration.days


def _duration_days(value: Any) -> int:
    return _interval_days(PLAN_FILE.parse(value) if isinstance(value, str) else None)


def _blank_is_none(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


Words = Annotated[StrictStr, AfterValidator(clean_text)]
OptionalWords = Annotated[Words | None, BeforeValidator(_blank_is_none)]


class ItemIn(BaseModel):
    """One item of the plan file."""

    model_config = ConfigDict(extra="forbid")

    help: Annotated[HelpKind, BeforeValidator(_help_kind)]
    who: Words
    what: OptionalWords = None
    how_often: OptionalWords = None


class PlanIn(BaseModel):
    """The plan file, checked whole before anything is written."""

    model_config = ConfigDict(extra="forbid")

    items: Annotated[list[ItemIn], Field(min_length=1, max_length=MAX_ITEMS)]
    lead: OptionalWords = None
    review_every: Annotated[int | None, BeforeValidator(_duration_days)] = None
    """In days."""
    first_review: Annotated[date | None, BeforeValidator(_iso_date)] = None

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError("must be a mapping with 'items' (see --help)")
        return data


class _StrictLoader(yaml.SafeLoader):  # type: ignore[misc]
    """Safe YAML that refuses a key given twice in one mapping (the second would win)."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue
                key = self.construct_object(key_node, deep=deep)
                try:
                    duplicate = key in seen
                    seen.add(key)
                except TypeError:
                    continue  # unhashable: construct_mapping reports it
                if duplicate:
                    raise ConstructorError(
                        None, None, f"the key '{key}' appears twice", key_node.start_mark
                    )
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def _yaml_problem(exc: yaml.YAMLError) -> str:
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        return f"{exc.problem or exc.context or 'cannot be read'}{where}"
    return "cannot be read"


def load_yaml(source: str) -> Any:
    """Parse plan YAML safely; AdminError with a one-line reason if it cannot be read."""
    if len(source.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise AdminError(f"the file is larger than {MAX_FILE_BYTES // 1024} KB: is it a plan?")
    try:
        return yaml.load(source, Loader=_StrictLoader)  # noqa: S506 (a SafeConstructor)
    except yaml.YAMLError as exc:
        raise AdminError(f"the file is not valid YAML: {_yaml_problem(exc)}") from None
    except RecursionError:
        raise AdminError("the file is not valid YAML: it is nested too deeply") from None
    except (ValueError, OverflowError) as exc:
        # An impossible date (2027-02-30) or an integer too long to convert.
        if "digits" in str(exc) or isinstance(exc, OverflowError):
            raise AdminError("the file holds a number too long to read") from None
        raise AdminError(f"the file holds a value that cannot be read: {exc}") from None


_FRIENDLY = {
    "string_type": "must be words (put it in quotes if it looks like a number, date or yes/no)",
    "date_type": "must be a date like 2027-02-01",
    "missing": "is missing",
    "extra_forbidden": "is not something a plan has (check the spelling)",
    "too_short": "needs at least one item",
    "too_long": f"can have at most {MAX_ITEMS} items",
    "list_type": "must be a list of items",
    "model_type": "must be a mapping with 'help' and 'who'",
    "model_attributes_type": "must be a mapping with 'help' and 'who'",
    "enum": "must be one of " + ", ".join(kind.value for kind in HelpKind),
}


def _where(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for index, part in enumerate(loc):
        if isinstance(part, int) and index > 0 and loc[index - 1] == "items":
            parts[-1] = f"item {part + 1}"
        else:
            parts.append(str(part))
    return ": ".join(parts) if parts else "the file"


def describe_error(exc: ValidationError) -> str:
    """The first problem in a plan file, in words an operator can act on."""
    error = exc.errors()[0]
    kind = str(error["type"])
    message = _FRIENDLY.get(kind) or str(error["msg"]).removeprefix("Value error, ")
    return f"{_where(tuple(error['loc']))} {message}"


def parse_plan(source: str) -> PlanIn:
    """Parse and check a plan file; AdminError with one line saying what is wrong."""
    data = load_yaml(source)
    try:
        return PlanIn.model_validate(data)
    except ValidationError as exc:
        raise AdminError(describe_error(exc)) from None
    except RecursionError:
        raise AdminError("the file is nested too deeply") from None


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
    try:
        return _duration_days(str(value))
    except ValueError as exc:
        raise AdminError(f"review_every {exc}") from None


def parse_interval(text: str) -> int | None:
    """Days between reviews as typed in a chat: 90d, 12w, 12 weeks or 90 (None if not usable)."""
    try:
        return _interval_days(CHAT.parse(text))
    except ValueError:
        return None


def first_review_day(first: date | None, every: int, now: datetime) -> date:
    """The first review: the file's date (today up to 2 years ahead) or one interval away."""
    today = now.astimezone(ZONE).date()
    if first is None:
        return today + timedelta(days=every)
    if not today <= first <= today + MAX_REVIEW_AHEAD:
        raise AdminError(
            f"first_review {first.isoformat()} must be between today ({today.isoformat()}) "
            "and 2 years from now"
        )
    return first


def import_plan(uow: UnitOfWork, reference: str, source: str, now: datetime) -> Plan:
    """Create or replace a case's plan from YAML text; raises AdminError on bad input.

    The whole file is checked (:func:`parse_plan`) before anything is written.
    """
    service_id = uow.cases.service_of_reference(reference)
    case = uow.cases.by_reference(service_id, reference) if service_id is not None else None
    if case is None:
        raise AdminError(f"unknown case '{reference}'")
    if case.status != CaseStatus.ACTIVE:
        raise AdminError(f"case '{reference}' is not active in the bot ({case.status.value})")
    service = uow.services.get(case.service_id)
    assert service is not None
    parsed = parse_plan(source)
    every = parsed.review_every or service.review_every_days
    day = first_review_day(parsed.first_review, every, now)
    plan = uow.plans.for_case(case) or uow.plans.create(case, every, now)
    assert plan.id is not None
    plan.review_every_days = every
    uow.plans.clear_items(plan)
    for position, item in enumerate(parsed.items):
        who = find_or_add_person(uow, case, item.who, now)
        uow.plans.add_item(
            PlanItem(
                service_id=case.service_id,
                plan_id=plan.id,
                kind=item.help,
                person_id=who.id,
                details=item.what,
                how_often=item.how_often,
                position=position,
                created_at=now,
            )
        )
    if parsed.lead:
        plan.lead_person_id = find_or_add_person(uow, case, parsed.lead, now).id
    plan.next_review_at = review_time(day)
    plan.nudges_sent = 0
    plan.last_nudged_at = None
    plan.overdue_since = None
    plan.updated_at = now
    uow.audit.record("operator", "plan_imported", now, case.service_id, case.id)
    return plan
