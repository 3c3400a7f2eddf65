"""The `lifelinks` command line (Typer). Every command takes --json for machine output."""

from __future__ import annotations

import asyncio
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, NoReturn

import httpx
import qrcode
import typer

from bot.app import ConfigError, open_database, run_bot
from bot.logging_setup import setup_logging
from bot.settings import Settings
from dialogs.admin import (
    AdminError,
    add_staff,
    create_invite,
    create_link_code,
    create_service,
)
from scheduler.clock import SystemClock
from storage import crypto
from storage.db import Database, safe_url
from storage.migrate import current_revision, upgrade
from storage.models import GroupPurpose, StaffRole
from storage.uow import UnitOfWork, unit_of_work

app = typer.Typer(
    help="Lifelinks: a messaging assistant for Lifelong Links teams.",
    no_args_is_help=True,
    add_completion=False,
)
service_app = typer.Typer(help="Create and manage services (council teams).", no_args_is_help=True)
staff_app = typer.Typer(help="Add coordinators and managers.", no_args_is_help=True)
invite_app = typer.Typer(help="Invite young people.", no_args_is_help=True)
keys_app = typer.Typer(help="Encryption keys.", no_args_is_help=True)
plan_app = typer.Typer(help="Support plans agreed at family meetings.", no_args_is_help=True)
app.add_typer(service_app, name="service")
app.add_typer(staff_app, name="staff")
app.add_typer(invite_app, name="invite")
app.add_typer(keys_app, name="keys")
app.add_typer(plan_app, name="plan")

JsonFlag = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
DURATION = re.compile(r"^(\d+)([hdw])$")
PLAYGROUND_BOT = "LifelinksPlaygroundBot"


def parse_duration(text: str) -> timedelta:
    """'90d', '2w', '12h' → timedelta."""
    match = DURATION.fullmatch(text.strip().lower())
    if match is None:
        raise AdminError(f"'{text}' is not a duration: use a number and h, d or w, e.g. 14d")
    amount, unit = int(match.group(1)), match.group(2)
    return {
        "h": timedelta(hours=amount),
        "d": timedelta(days=amount),
        "w": timedelta(weeks=amount),
    }[unit]


def parse_date(text: str) -> date:
    """'2008-05-01' → date, with a clear error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AdminError(f"'{text}' is not a date: use YYYY-MM-DD, e.g. 2008-05-01") from None


def fail(message: str, as_json: bool, code: int = 2) -> NoReturn:
    """Print an error (JSON or text) and exit non-zero."""
    if as_json:
        typer.echo(json.dumps({"ok": False, "error": message}))
    else:
        typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def emit(as_json: bool, data: dict[str, Any], human: str) -> None:
    """Print a result for a person or for a machine."""
    if as_json:
        typer.echo(json.dumps({"ok": True, **data}, default=str))
    else:
        typer.echo(human)


def settings() -> Settings:
    """Load settings, logging set up from them."""
    loaded = Settings()
    setup_logging(loaded.LOG_LEVEL, loaded.LOG_FORMAT)
    return loaded


@contextmanager
def database(as_json: bool) -> Iterator[Database]:
    """Open the configured database, turning configuration problems into clear errors."""
    try:
        db = open_database(settings())
    except ConfigError as exc:
        fail(str(exc), as_json)
    try:
        yield db
    finally:
        db.dispose()


def transaction(as_json: bool, action: Callable[[UnitOfWork], Any]) -> Any:
    """Run ``action`` in one transaction on a migrated database; errors exit non-zero."""
    with database(as_json) as db:
        if current_revision(db) is None:
            fail("the database is empty: run `lifelinks migrate` first", as_json)
        try:
            with unit_of_work(db) as uow:
                return action(uow)
        except AdminError as exc:
            fail(str(exc), as_json)


@app.command()
def run() -> None:
    """Run the bot, scheduler and outbox sender (long polling, or webhook with WEBHOOK_URL)."""
    config = settings()
    if not config.TELEGRAM_BOT_TOKEN:
        fail(
            "TELEGRAM_BOT_TOKEN is not set. To try Lifelinks without one: lifelinks playground",
            False,
        )
    try:
        asyncio.run(run_bot(config))
    except ConfigError as exc:
        fail(str(exc), False)
    except KeyboardInterrupt:
        pass


@app.command()
def playground(
    port: Annotated[
        int, typer.Option(help="Port of the web chat page and Bot API stand-in.")
    ] = 8000,
) -> None:
    """Try Lifelinks locally: a Bot API stand-in, a web chat page and the real bot. No token."""
    from bot.playground import run_playground

    config = settings()
    with suppress(KeyboardInterrupt):
        asyncio.run(run_playground(config, port))


@app.command()
def migrate(as_json: JsonFlag = False) -> None:
    """Create or upgrade the database schema (alembic upgrade head)."""
    with database(as_json) as db:
        before = current_revision(db)
        try:
            upgrade(db)
        except Exception as exc:
            fail(f"migration failed on {safe_url(db.url)}: {type(exc).__name__}", as_json)
        after = current_revision(db)
    emit(
        as_json,
        {"from": before, "to": after},
        f"database at revision {after}" + ("" if before == after else f" (was {before})"),
    )


@service_app.command("create")
def service_create(
    slug: Annotated[str, typer.Option(help="Short id, e.g. kent.")],
    name: Annotated[str, typer.Option(help='Display name, e.g. "Kent Lifelong Links".')],
    review_every: Annotated[str, typer.Option(help="Plan review interval, e.g. 90d.")] = "90d",
    min_age: Annotated[int, typer.Option(help="Youngest age that may join.")] = 16,
    as_json: JsonFlag = False,
) -> None:
    """Create a service (a council's Lifelong Links team)."""

    def action(uow: UnitOfWork) -> dict[str, Any]:
        every = parse_duration(review_every)
        service = create_service(uow, slug, name, SystemClock().now(), every.days, min_age)
        return {
            "slug": service.slug,
            "name": service.name,
            "review_every_days": every.days,
            "min_age": service.min_age,
        }

    result = transaction(as_json, action)
    emit(as_json, result, f"service '{result['slug']}' created")


@service_app.command("link-code")
def service_link_code(
    service: Annotated[str, typer.Option(help="Service slug.")],
    purpose: Annotated[
        GroupPurpose, typer.Option(help="coordinators (support cards) or managers (digests).")
    ],
    expires: Annotated[str, typer.Option(help="How long the code works, e.g. 7d.")] = "7d",
    as_json: JsonFlag = False,
) -> None:
    """Make a one-time code that links a Telegram group: send /link CODE in the group."""

    def action(uow: UnitOfWork) -> dict[str, Any]:
        made = create_link_code(uow, service, purpose, SystemClock().now(), parse_duration(expires))
        return {
            "service": service,
            "purpose": purpose.value,
            "code": made.code,
            "command": f"/link {made.code}",
            "expires_at": made.expires_at.isoformat(),
        }

    result = transaction(as_json, action)
    emit(
        as_json,
        result,
        f"Add the bot to the {result['purpose']} group, then send there:\n\n"
        f"    {result['command']}\n\nThe code works once, until {result['expires_at']}.",
    )


@staff_app.command("add")
def staff_add(
    service: Annotated[str, typer.Option(help="Service slug.")],
    telegram_id: Annotated[int, typer.Option(help="Their numeric Telegram user id.")],
    name: Annotated[str, typer.Option(help="Name shown to young people.")],
    role: Annotated[
        StaffRole, typer.Option(help="coordinator or manager.")
    ] = StaffRole.COORDINATOR,
    as_json: JsonFlag = False,
) -> None:
    """Add a coordinator or manager to a service."""

    def action(uow: UnitOfWork) -> dict[str, Any]:
        staff = add_staff(uow, service, telegram_id, name, role, SystemClock().now())
        return {"service": service, "telegram_id": telegram_id, "role": staff.role.value}

    result = transaction(as_json, action)
    emit(as_json, result, f"{result['role']} {telegram_id} added to '{service}'")


def bot_username(config: Settings, uow: UnitOfWork) -> str:
    """The bot's @username for deep links: asked of Telegram, else the last one seen."""
    if config.TELEGRAM_BOT_TOKEN:
        url = f"{config.TELEGRAM_API_URL}/bot{config.TELEGRAM_BOT_TOKEN}/getMe"
        with suppress(httpx.HTTPError, ValueError, KeyError):
            username = str(httpx.get(url, timeout=10).json()["result"]["username"])
            uow.settings.set("bot_username", username)
            return username
    stored = uow.settings.get("bot_username")
    if stored:
        return stored
    if config.TELEGRAM_BOT_TOKEN:
        raise AdminError("could not reach Telegram to look up the bot's username; try again")
    return PLAYGROUND_BOT


@invite_app.command("create")
def invite_create(
    service: Annotated[str, typer.Option(help="Service slug.")],
    name: Annotated[str, typer.Option(help="The young person's first name.")],
    dob: Annotated[str, typer.Option(help="Date of birth, YYYY-MM-DD.")],
    coordinator: Annotated[
        int | None, typer.Option(help="Telegram id of their coordinator (staff of the service).")
    ] = None,
    expires: Annotated[str, typer.Option(help="How long the link works, e.g. 14d.")] = "14d",
    qr_dir: Annotated[Path, typer.Option(help="Folder for the QR code PNG.")] = Path("invites"),
    as_json: JsonFlag = False,
) -> None:
    """Open a case and print its single-use join link and a QR code to scan."""
    config = settings()

    def action(uow: UnitOfWork) -> dict[str, Any]:
        result = create_invite(
            uow,
            service,
            name,
            parse_date(dob),
            SystemClock().now(),
            parse_duration(expires),
            coordinator,
        )
        link = result.link(bot_username(config, uow))
        qr_dir.mkdir(parents=True, exist_ok=True)
        qr_path = qr_dir / f"{result.reference}.png"
        qrcode.make(link).save(str(qr_path))
        return {
            "reference": result.reference,
            "link": link,
            "qr_png": str(qr_path),
            "expires_at": result.expires_at.isoformat(),
        }

    result = transaction(as_json, action)
    emit(
        as_json,
        result,
        f"case {result['reference']}\nlink: {result['link']}\nQR code: {result['qr_png']}\n"
        f"expires: {result['expires_at']} (single use)",
    )


@plan_app.command("import")
def plan_import(
    file: Annotated[Path, typer.Argument(help="The plan as YAML (see docs in the README).")],
    case: Annotated[str, typer.Option("--case", help="Case reference, e.g. KENT-7F3K2.")],
    as_json: JsonFlag = False,
) -> None:
    """Record (or replace) a young person's plan from a YAML file."""
    from dialogs.plan_import import import_plan

    try:
        source = file.read_text(encoding="utf-8")
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror}", as_json)

    def action(uow: UnitOfWork) -> dict[str, Any]:
        plan = import_plan(uow, case, source, SystemClock().now())
        items = len(uow.plans.items(plan))
        due = plan.next_review_at.isoformat() if plan.next_review_at else None
        return {"case": case.upper(), "items": items, "next_review_at": due}

    result = transaction(as_json, action)
    emit(
        as_json,
        result,
        f"plan for {result['case']} saved: {result['items']} items, "
        f"first review {result['next_review_at']}",
    )


@keys_app.command("generate")
def keys_generate(as_json: JsonFlag = False) -> None:
    """Print a new encryption key (put it first in ENCRYPTION_KEY to start using it)."""
    key = crypto.generate_key()
    emit(as_json, {"key": key}, key)


@keys_app.command("rotate")
def keys_rotate(as_json: JsonFlag = False) -> None:
    """Re-encrypt all stored names and free text with the newest key in ENCRYPTION_KEY.

    Safe while the bot runs: short batches, and a value the bot changes meanwhile is kept.
    """
    from storage.rotation import rotate_keys

    with database(as_json) as db:
        if current_revision(db) is None:
            fail("the database is empty: run `lifelinks migrate` first", as_json)
        try:
            report = rotate_keys(db)
        except crypto.KeyError_ as exc:
            fail(f"{exc}: put every key still in use in ENCRYPTION_KEY, newest first", as_json)
    counts = report.as_dict()
    human = (
        f"re-encrypted {report.rotated} values with the newest key "
        f"({report.already_current} already current, "
        f"{report.skipped_changed} changed meanwhile and kept)"
    )
    if report.still_old:
        human += f"; {report.still_old} changed again meanwhile: run `lifelinks keys rotate` again"
    else:
        human += "; older keys can now be removed"
    emit(as_json, {"rewritten": report.rotated, **counts}, human)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
