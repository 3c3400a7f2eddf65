"""What every `lifelinks` command shares: the Typer apps, one-line errors, settings, the
database and the transaction, and the small parsers.

The commands live in :mod:`bot.cli` and in ``bot/cli_*.py``; each imports from here, so no
command module imports another.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperGroup

from bot.app import ConfigError, open_database
from bot.logging_setup import redact, setup_logging
from bot.settings import Settings, settings_problem
from dialogs.core.durations import COMMAND_LINE
from dialogs.staff.admin import AdminError
from storage import crypto
from storage.db import Database, safe_url
from storage.migrate import current_revision, head_revision
from storage.uow import UnitOfWork, unit_of_work

VERBOSE = False
"""Set by the global --verbose option: alembic's INFO lines and tracebacks of surprises."""


def one_line(message: str) -> str:
    """``message`` as one printable line (no control characters, no line breaks)."""
    printable = "".join(char if char.isprintable() else " " for char in message)
    return " ".join(printable.split())


class OneLineErrors(TyperGroup):
    """Turns every error, including usage errors and surprises, into one line on stderr."""

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                args=args,
                prog_name=prog_name,
                complete_var=complete_var,
                standalone_mode=False,
                **extra,
            )
        except NoArgsIsHelpError as exc:
            exc.show()
            code = exc.exit_code
        except ClickException as exc:
            ctx = getattr(exc, "ctx", None)
            hint = f" (see {ctx.command_path} --help)" if ctx is not None else ""
            typer.echo(f"error: {one_line(exc.format_message())}{hint}", err=True)
            code = exc.exit_code
        except (typer.Abort, KeyboardInterrupt):
            typer.echo("error: stopped", err=True)
            code = 130
        except Exception as exc:
            if VERBOSE:
                traceback.print_exc()
            typer.echo(
                f"error: unexpected {type(exc).__name__} (run with --verbose for the details)",
                err=True,
            )
            code = 1
        else:
            code = result if isinstance(result, int) else 0
        if not standalone_mode:
            return code
        sys.exit(code)


app = typer.Typer(
    cls=OneLineErrors,
    help="Lifelinks: a messaging assistant for Lifelong Links teams.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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


@app.callback()
def main_options(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show migration steps and error details.")
    ] = False,
) -> None:
    """Lifelinks: a messaging assistant for Lifelong Links teams."""
    global VERBOSE
    VERBOSE = verbose


def parse_duration(text: str) -> timedelta:
    """'90d', '2w', '12h' → timedelta."""
    duration = COMMAND_LINE.parse(text)
    if duration is None:
        raise AdminError(f"'{text}' is not a duration: use a number and h, d or w, e.g. 14d")
    return duration


def parse_date(text: str) -> date:
    """'2008-05-01' → date, with a clear error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise AdminError(f"'{text}' is not a date: use YYYY-MM-DD, e.g. 2008-05-01") from None


def fail(message: str, as_json: bool, code: int = 2) -> NoReturn:
    """Print an error (JSON or text) as one line and exit non-zero."""
    message = one_line(message)
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


def settings(as_json: bool = False) -> Settings:
    """Load settings, logging set up from them; a wrong variable is one clear line."""
    try:
        loaded = Settings()
    except ValidationError as exc:
        fail(settings_problem(exc), as_json)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        fail(f"cannot read the settings (.env): {type(exc).__name__}", as_json)
    setup_logging(loaded.LOG_LEVEL, loaded.LOG_FORMAT)
    logging.getLogger("alembic").setLevel(logging.INFO if VERBOSE else logging.WARNING)
    return loaded


def database_problem(exc: Exception) -> str:
    """Why the database could not be used, without its URL's password or any data."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    detail = redact(lines[0])[:200] if lines else type(cause).__name__
    return f"{type(cause).__name__}: {detail}"


@contextmanager
def database(as_json: bool) -> Iterator[Database]:
    """Open the configured database, turning configuration problems into clear errors."""
    config = settings(as_json)
    try:
        db = open_database(config)
    except ConfigError as exc:
        fail(str(exc), as_json)
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        fail(f"cannot use DATABASE_URL: {type(exc).__name__}", as_json)
    try:
        yield db
    finally:
        db.dispose()


def revision(db: Database, as_json: bool) -> str | None:
    """The database's schema revision; a database that cannot be opened is one clear line."""
    try:
        return current_revision(db)
    except SQLAlchemyError as exc:
        fail(f"cannot open the database at {safe_url(db.url)}: {database_problem(exc)}", as_json)


def require_ready(db: Database, as_json: bool) -> None:
    """The schema is current and ENCRYPTION_KEY reads what is stored, or a clear error."""
    from storage.rotation import check_keys_read

    current = revision(db, as_json)
    if current is None:
        fail("the database is empty: run `lifelinks migrate` first", as_json)
    if current != head_revision(db):
        fail(f"the database is at revision {current}: run `lifelinks migrate` first", as_json)
    try:
        check_keys_read(db)
    except crypto.KeyError_ as exc:
        fail(str(exc), as_json)
    except SQLAlchemyError as exc:
        fail(f"cannot read the database: {database_problem(exc)}", as_json)


def transaction(as_json: bool, action: Callable[[UnitOfWork], Any]) -> Any:
    """Run ``action`` in one transaction on a ready database; errors exit non-zero, and
    nothing is written (the transaction rolls back)."""
    with database(as_json) as db:
        require_ready(db, as_json)
        try:
            with unit_of_work(db) as uow:
                return action(uow)
        except AdminError as exc:
            fail(str(exc), as_json)
        except crypto.KeyError_ as exc:
            fail(str(exc), as_json)
        except SQLAlchemyError as exc:
            fail(f"the database refused the change: {database_problem(exc)}", as_json)


def check_writable(folder: Path, as_json: bool, what: str = "the QR code") -> None:
    """Refuse a folder that cannot be made or written, before anything is stored."""
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        fail(f"cannot write {what} to {folder}: {existing} is not a folder", as_json)
    if not os.access(existing, os.W_OK | os.X_OK):
        fail(f"cannot write {what} to {folder}: permission denied", as_json)
