"""The `lifelinks` command line (Typer). Every command takes --json for machine output.

Every error is one line (``error: …`` on stderr, or ``{"ok": false, …}`` with --json) and a
non-zero exit, with nothing written: bad options, files, settings and databases are refused
before the transaction, and anything unexpected is caught at the top (its traceback only
with ``--verbose``).
"""

from __future__ import annotations

import asyncio
import sys
from contextlib import suppress
from pathlib import Path
from typing import Annotated, Any

import httpx
import qrcode
import typer
from sqlalchemy.exc import SQLAlchemyError

from bot.app import ConfigError, run_bot
from bot.cli_base import (
    JsonFlag,
    app,
    check_writable,
    database,
    database_problem,
    emit,
    fail,
    invite_app,
    keys_app,
    parse_date,
    parse_duration,
    plan_app,
    require_ready,
    revision,
    service_app,
    settings,
    staff_app,
    transaction,
)
from bot.cli_gedcom import export_gedcom
from bot.cli_report import report
from bot.settings import Settings
from dialogs.core.clock import SystemClock
from dialogs.staff.admin import (  # the checks are shared with the staff chats
    AdminError,
    add_staff,
    check_age,
    check_telegram_id,
    check_words,
    create_invite,
    create_link_code,
    create_service,
)
from dialogs.texts.emergency import DEFAULT_COUNTRY
from storage import crypto
from storage.db import safe_url
from storage.migrate import head_revision, upgrade
from storage.models import GroupPurpose, StaffRole
from storage.uow import UnitOfWork

PLAYGROUND_BOT = "LifelinksPlaygroundBot"


@app.command()
def run() -> None:
    """Run the bot, scheduler and outbox sender (long polling, or webhook with WEBHOOK_URL)."""
    config = settings()
    if not config.TELEGRAM_BOT_TOKEN:
        fail(
            "TELEGRAM_BOT_TOKEN is not set. To try Lifelinks without one: lifelinks playground",
            False,
        )
    with database(False) as db:
        current = revision(db, False)
        if current is not None and current == head_revision(db):
            require_ready(db, False)  # a wrong ENCRYPTION_KEY is refused before the bot starts
    try:
        asyncio.run(run_bot(config))
    except ConfigError as exc:
        fail(str(exc), False)
    except SQLAlchemyError as exc:
        fail(f"the database failed: {database_problem(exc)}", False)
    except KeyboardInterrupt:
        pass


@app.command()
def playground(
    port: Annotated[
        int, typer.Option(min=1, max=65535, help="Port of the web chat page and Bot API stand-in.")
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
        before = revision(db, as_json)
        try:
            upgrade(db)
        except Exception as exc:
            fail(f"migration failed on {safe_url(db.url)}: {database_problem(exc)}", as_json)
        after = revision(db, as_json)
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
    country: Annotated[
        str, typer.Option(help="Whose emergency numbers its young people are given (ISO code).")
    ] = DEFAULT_COUNTRY,
    as_json: JsonFlag = False,
) -> None:
    """Create a service (a council's Lifelong Links team)."""

    def action(uow: UnitOfWork) -> dict[str, Any]:
        every = parse_duration(review_every)
        title = check_words(name, "the service name")
        service = create_service(
            uow, slug, title, SystemClock().now(), every.days, min_age, country=country
        )
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
        check_telegram_id(telegram_id)
        who = check_words(name, "the staff name")
        staff = add_staff(uow, service, telegram_id, who, role, SystemClock().now())
        return {"service": service, "telegram_id": telegram_id, "role": staff.role.value}

    result = transaction(as_json, action)
    emit(as_json, result, f"{result['role']} {telegram_id} added to '{service}'")


def fetch_username(config: Settings) -> str | None:
    """The bot's @username asked of Telegram (None without a token or when unreachable).

    Asked before the transaction opens, so a slow Telegram never holds the database.
    """
    if not config.TELEGRAM_BOT_TOKEN:
        return None
    url = f"{config.TELEGRAM_API_URL}/bot{config.TELEGRAM_BOT_TOKEN}/getMe"
    with suppress(httpx.HTTPError, ValueError, KeyError, TypeError):
        return str(httpx.get(url, timeout=10).json()["result"]["username"])
    return None


def bot_username(config: Settings, uow: UnitOfWork, fetched: str | None = None) -> str:
    """The bot's @username for deep links: as Telegram said, else the last one seen."""
    if fetched:
        uow.settings.set("bot_username", fetched)
        return fetched
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
    config = settings(as_json)
    check_writable(qr_dir, as_json)
    fetched = fetch_username(config)

    def action(uow: UnitOfWork) -> dict[str, Any]:
        now = SystemClock().now()
        first_name = check_words(name, "the first name")
        born = parse_date(dob)
        found = uow.services.by_slug(service)
        check_age(born, now.date(), found.min_age if found is not None else None)
        if coordinator is not None:
            check_telegram_id(coordinator, "--coordinator")
        result = create_invite(
            uow, service, first_name, born, now, parse_duration(expires), coordinator
        )
        link = result.link(bot_username(config, uow, fetched))
        qr_path = qr_dir / f"{result.reference}.png"
        try:
            qr_dir.mkdir(parents=True, exist_ok=True)
            qrcode.make(link).save(str(qr_path))
        except OSError as exc:
            raise AdminError(f"cannot write the QR code to {qr_dir}: {exc.strerror}") from None
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
    from dialogs.staff.plan_import import MAX_FILE_BYTES, import_plan

    try:
        with file.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        fail(f"cannot read {file}: {exc.strerror or type(exc).__name__}", as_json)
    if len(raw) > MAX_FILE_BYTES:
        fail(f"{file} is larger than {MAX_FILE_BYTES // 1024} KB: is it a plan?", as_json)
    try:
        source = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        fail(f"{file} is not UTF-8 text: save it as UTF-8 and try again", as_json)

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
        require_ready(db, as_json)
        try:
            report = rotate_keys(db)
        except crypto.KeyError_ as exc:
            fail(f"{exc}: put every key still in use in ENCRYPTION_KEY, newest first", as_json)
        except SQLAlchemyError as exc:
            fail(f"rotation stopped: {database_problem(exc)}; run it again", as_json)
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


# Registered after the commands above, so that `--help` lists run, playground and migrate first.
from bot import cli_records  # noqa: E402, F401  (audit, backup, service retention)

app.command("report")(report)
app.command("export-gedcom")(export_gedcom)


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
