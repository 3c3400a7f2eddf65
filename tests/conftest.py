"""Shared fixtures: encryption keys, a fake clock, and databases on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from dialogs.clock import FakeClock
from storage import crypto
from storage.db import Database
from storage.migrate import upgrade
from tests.support.postgres import PostgresServer, start_postgres

TEST_KEY = crypto.generate_key()
_db_names = itertools.count()


@pytest.fixture(autouse=True)
def encryption_keys() -> str:
    """Every test runs with a configured key ring."""
    crypto.configure_keys(TEST_KEY)
    return TEST_KEY


@pytest.fixture
def clock() -> FakeClock:
    """A clock that moves only when the test says so."""
    return FakeClock()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throw-away PostgreSQL server for the whole run, with a migrated template."""
    server = start_postgres()
    template = Database(server.url())
    with template.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("CREATE DATABASE lifelinks_template"))
    template.dispose()
    migrated = Database(server.url("lifelinks_template"))
    upgrade(migrated)
    migrated.dispose()
    yield server
    server.stop()


def _fresh_postgres_db(server: PostgresServer, migrated: bool = True) -> Database:
    name = f"t{next(_db_names)}"
    admin = Database(server.url())
    source = "TEMPLATE lifelinks_template" if migrated else ""
    with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f"CREATE DATABASE {name} {source}"))
    admin.dispose()
    return Database(server.url(name))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty (unmigrated) database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/lifelinks.db"
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        db = _fresh_postgres_db(server, migrated=False)
        db.dispose()
        yield db.url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path) -> Iterator[Database]:
    """A migrated database on each backend."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path}/lifelinks.db")
        upgrade(database)
    else:
        database = _fresh_postgres_db(request.getfixturevalue("postgres_server"))
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path) -> Iterator[Database]:
    """A migrated SQLite database (for tests that need only one backend)."""
    database = Database(f"sqlite:///{tmp_path}/lifelinks.db")
    upgrade(database)
    yield database
    database.dispose()
