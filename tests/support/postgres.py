"""The throw-away PostgreSQL server the tests and benchmarks use, started from the binaries.

PostgreSQL refuses to run as root, so when the tests run as root (CI does) the server is
started as the ``postgres`` system user that the Debian package creates. The pytest fixtures
(``postgres_server``, ``own_postgres_server`` in ``tests/conftest.py``) start it through
:func:`postgres_for_tests`, which skips a test when PostgreSQL is not installed, or fails it
where it must be there (``make test`` installs it and sets ``LIFELINKS_NEED_POSTGRES=1``).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.migrate import upgrade

# Set by `make test` and `make proof`, which install PostgreSQL first: there, a missing
# server is a broken machine, not a reason to skip.
NEED_POSTGRES = "LIFELINKS_NEED_POSTGRES"
TEMPLATE = "lifelinks_template"
_db_names = itertools.count()


def _pg_bin() -> str | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if found:
        return os.path.dirname(found[-1])
    pg_ctl = shutil.which("pg_ctl")
    return os.path.dirname(pg_ctl) if pg_ctl else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresServer:
    """A running server; ``url(db)`` gives a SQLAlchemy URL for one of its databases."""

    port: int
    datadir: str
    bindir: str
    as_user: list[str]

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def restart(self, check: bool = True) -> int:
        """``pg_ctl restart -m fast``: every connection dropped; the exit status.

        The new postmaster writes to the server's log file, not to a pipe of ours: it keeps a
        pipe open for ever, and reading it to the end would never finish.
        """
        log_file = os.path.join(os.path.dirname(self.datadir), "log")
        command = [*self.as_user, f"{self.bindir}/pg_ctl", "-D", self.datadir, "-l", log_file]
        return subprocess.run(
            [*command, "-m", "fast", "-w", "restart"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=check,
            timeout=120,
        ).returncode

    def stop(self) -> None:
        """Stop the server at once and remove its files."""
        subprocess.run(
            [*self.as_user, f"{self.bindir}/pg_ctl", "-D", self.datadir, "-m", "immediate", "stop"],
            check=False,
            capture_output=True,
        )
        shutil.rmtree(os.path.dirname(self.datadir), ignore_errors=True)


def start_postgres() -> PostgresServer:
    """Start a fresh server on a free loopback port (trust auth, fsync off: tests only)."""
    bindir = _pg_bin()
    if bindir is None:
        raise RuntimeError("PostgreSQL binaries not found: run `make test` (it installs them)")
    root = tempfile.mkdtemp(prefix="lifelinks-pg-")
    datadir = os.path.join(root, "data")
    as_user: list[str] = []
    if os.geteuid() == 0:
        import pwd

        pw = pwd.getpwnam("postgres")
        os.chown(root, pw.pw_uid, pw.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [
            *as_user,
            f"{bindir}/initdb",
            "-D",
            datadir,
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
        ],
        check=True,
        capture_output=True,
    )
    port = _free_port()
    options = (
        f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(
        [
            *as_user,
            f"{bindir}/pg_ctl",
            "-D",
            datadir,
            "-o",
            options,
            "-w",
            "-l",
            f"{root}/log",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    return PostgresServer(port=port, datadir=datadir, bindir=bindir, as_user=as_user)


def postgres_for_tests() -> PostgresServer:
    """:func:`start_postgres` for a test: skipped, with the reason, when it is not installed."""
    if _pg_bin() is None and not os.environ.get(NEED_POSTGRES):
        pytest.skip("PostgreSQL is not installed (`make system-deps` installs it)")
    return start_postgres()


def migrated_template(server: PostgresServer) -> None:
    """Create the migrated template database that :func:`fresh_database` copies."""
    admin = Database(server.url())
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    admin.dispose()
    migrated = Database(server.url(TEMPLATE))
    upgrade(migrated)
    migrated.dispose()


def fresh_database(server: PostgresServer, migrated: bool = True) -> Database:
    """A new database of its own on ``server``: a copy of the migrated template, or empty."""
    name = f"t{next(_db_names)}"
    admin = Database(server.url())
    source = f"TEMPLATE {TEMPLATE}" if migrated else ""
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"CREATE DATABASE {name} {source}"))
    admin.dispose()
    return Database(server.url(name))


def advisory_holders(db: Database, key: int) -> int:
    """Sessions holding this advisory lock, as PostgreSQL sees them."""
    with db.engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    " AND classid = CAST(:h AS oid) AND objid = CAST(:l AS oid)"
                ),
                {"h": (key >> 32) & 0xFFFFFFFF, "l": key & 0xFFFFFFFF},
            ).scalar_one()
        )
