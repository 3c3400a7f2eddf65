"""Operator and staff actions shared by the CLI, the playground and (later) staff chats."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dialogs.core.typed_words import clean_text
from dialogs.texts.emergency import DEFAULT_COUNTRY, countries
from storage import audit
from storage.lifedates import age_on
from storage.models import GroupLink, GroupPurpose, Service, Staff, StaffRole
from storage.repositories import hash_code, new_code
from storage.uow import UnitOfWork

SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
MAX_NAME = 64


class AdminError(ValueError):
    """A clear, operator-facing reason an action was refused."""


@dataclass(frozen=True)
class InviteResult:
    """A freshly made invite. ``code`` exists only here: the database keeps its hash."""

    code: str
    reference: str
    service_slug: str
    expires_at: datetime

    def link(self, bot_username: str) -> str:
        """The deep link a young person opens."""
        return f"https://t.me/{bot_username}?start={self.code}"


MAX_TELEGRAM_ID = 2**52 - 1  # Telegram: ids have at most 52 significant bits
YOUNGEST, OLDEST = 15, 25  # who Lifelong Links is for; a service may set a lower minimum age


def check_words(value: str, what: str, limit: int = MAX_NAME) -> str:
    """A name or title as typed, checked by the plan importer's rules (see clean_text):
    no control or direction-override characters, something visible, at most ``limit``."""
    try:
        return clean_text(value, limit)
    except ValueError as exc:
        raise AdminError(f"{what} {exc}") from None


def check_telegram_id(value: int, what: str = "a Telegram user id") -> int:
    """A Telegram user id as Telegram makes them, or a clear error."""
    if not 1 <= value <= MAX_TELEGRAM_ID:
        raise AdminError(f"{what} must be a positive number of at most 16 digits")
    return value


def age_range(min_age: int | None) -> tuple[int, int]:
    """The youngest and oldest age an invite may be made for (the service's minimum may be
    lower than 15, never higher: coordinators start work before a young person may join)."""
    youngest = min(YOUNGEST, min_age) if min_age is not None else YOUNGEST
    return youngest, OLDEST


def check_age(born: date, today: date, min_age: int | None) -> None:
    """Invites are for young people aged 15 (or the service's lower minimum age) to 25."""
    youngest, oldest = age_range(min_age)
    if born >= today:
        raise AdminError(f"date of birth {born.isoformat()} is not in the past")
    age = age_on(born, today)
    if not youngest <= age <= oldest:
        raise AdminError(
            f"date of birth {born.isoformat()} makes them {age}: Lifelinks is for young "
            f"people aged {youngest} to {oldest}"
        )


def require_service(uow: UnitOfWork, slug: str) -> Service:
    """The service with this slug, or a clear error."""
    service = uow.services.by_slug(slug)
    if service is None:
        raise AdminError(f"unknown service '{slug}' (create it with: lifelinks service create)")
    return service


def create_service(
    uow: UnitOfWork,
    slug: str,
    name: str,
    now: datetime,
    review_every_days: int,
    min_age: int,
    country: str = DEFAULT_COUNTRY,
) -> Service:
    """Create a service after checking its slug and settings.

    ``country``: whose emergency and helpline numbers its young people are given.
    """
    if not SLUG_PATTERN.fullmatch(slug):
        raise AdminError(
            "slug must be 2-40 characters of lower-case letters, digits and '-', e.g. kent"
        )
    if uow.services.by_slug(slug) is not None:
        raise AdminError(f"a service with slug '{slug}' already exists")
    if not 7 <= review_every_days <= 730:
        raise AdminError("review interval must be between 7 days and 2 years")
    if not 10 <= min_age <= 25:
        raise AdminError("minimum age must be between 10 and 25")
    if country.upper() not in countries():
        known = ", ".join(sorted(countries()))
        raise AdminError(f"no emergency numbers are known for country '{country}' ({known})")
    service = uow.services.create(
        slug, check_words(name, "the service name"), now, review_every_days, min_age
    )
    service.country = country.upper()
    return service


def add_staff(
    uow: UnitOfWork, slug: str, telegram_id: int, name: str, role: StaffRole, now: datetime
) -> Staff:
    """Add a coordinator or manager to a service."""
    service = require_service(uow, slug)
    assert service.id is not None
    check_telegram_id(telegram_id)
    if uow.staff.in_service(service.id, telegram_id) is not None:
        raise AdminError(f"Telegram user {telegram_id} is already staff of '{slug}'")
    return uow.staff.add(service.id, telegram_id, check_words(name, "the staff name"), role, now)


def create_invite(
    uow: UnitOfWork,
    slug: str,
    first_name: str,
    date_of_birth: date,
    now: datetime,
    expires_in: timedelta = timedelta(days=14),
    coordinator_telegram_id: int | None = None,
    by: Staff | None = None,
) -> InviteResult:
    """Open a case and make its single-use join code."""
    service = require_service(uow, slug)
    assert service.id is not None
    if date_of_birth >= now.date():
        raise AdminError("date of birth must be in the past")
    if date_of_birth.year < now.year - 40:
        raise AdminError("date of birth looks wrong: Lifelinks is for young people up to 25")
    if not timedelta(hours=1) <= expires_in <= timedelta(days=90):
        raise AdminError("expiry must be between 1 hour and 90 days")
    coordinator_id = None
    if coordinator_telegram_id is not None:
        coordinator = uow.staff.in_service(service.id, coordinator_telegram_id)
        if coordinator is None:
            raise AdminError(
                f"Telegram user {coordinator_telegram_id} is not staff of '{slug}' "
                "(add them with: lifelinks staff add)"
            )
        coordinator_id = coordinator.id
    case = uow.cases.create(
        service, check_words(first_name, "the first name"), date_of_birth, now, coordinator_id
    )
    code = new_code()
    uow.invites.create(case, code, now, now + expires_in, coordinator_id)
    audit.record(uow, "invite_created", now, case=case, staff=by)  # by: staff, else the operator
    return InviteResult(
        code=code, reference=case.reference, service_slug=slug, expires_at=now + expires_in
    )


@dataclass(frozen=True)
class LinkCode:
    """A fresh group-link code; only its hash is stored."""

    code: str
    expires_at: datetime


def create_link_code(
    uow: UnitOfWork, slug: str, purpose: GroupPurpose, now: datetime, expires_in: timedelta
) -> LinkCode:
    """Make a single-use code that links a group to the service with ``/link CODE``."""
    service = require_service(uow, slug)
    assert service.id is not None
    if not timedelta(minutes=10) <= expires_in <= timedelta(days=30):
        raise AdminError("expiry must be between 10 minutes and 30 days")
    code = new_code()
    uow.groups.add(
        GroupLink(
            service_id=service.id,
            purpose=purpose,
            code_hash=hash_code(code),
            code_expires_at=now + expires_in,
            created_at=now,
        )
    )
    uow.audit.record("operator", f"link_code_{purpose.value}", now, service.id)
    return LinkCode(code=code, expires_at=now + expires_in)


def link_group(
    uow: UnitOfWork, slug: str, purpose: GroupPurpose, chat_id: int, now: datetime
) -> GroupLink:
    """Link a Telegram group to a service straight away (the playground and tests use this;
    staff link groups with a one-time code instead)."""
    service = require_service(uow, slug)
    assert service.id is not None
    link = GroupLink(
        service_id=service.id,
        purpose=purpose,
        code_hash=hash_code(new_code()),
        code_expires_at=now,
        chat_id=chat_id,
        linked_at=now,
        created_at=now,
    )
    return uow.groups.add(link)
