"""Shared fixtures: encryption keys, a fake clock, and databases on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from dialogs.core.clock import FakeClock
from storage import crypto
from storage.db import Database
from storage.migrate import upgrade
from tests.support.postgres import (
    PostgresServer,
    fresh_database,
    migrated_template,
    postgres_for_tests,
)

TEST_KEY = crypto.generate_key()


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
    server = postgres_for_tests()
    migrated_template(server)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def own_postgres_server() -> Iterator[PostgresServer]:
    """A server only this module uses: restarting or stopping it disturbs no other test."""
    server = postgres_for_tests()
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """An empty (unmigrated) database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/lifelinks.db"
    else:
        server: PostgresServer = request.getfixturevalue("postgres_server")
        db = fresh_database(server, migrated=False)
        db.dispose()
        yield db.url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path) -> Iterator[Database]:
    """A migrated database on each backend."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path}/lifelinks.db")
        upgrade(database)
    else:
        database = fresh_database(request.getfixturevalue("postgres_server"))
    yield database
    database.dispose()


@pytest.fixture
def sqlite_db(tmp_path) -> Iterator[Database]:
    """A migrated SQLite database (for tests that need only one backend)."""
    database = Database(f"sqlite:///{tmp_path}/lifelinks.db")
    upgrade(database)
    yield database
    database.dispose()
