"""A throw-away PostgreSQL server for the tests, started from the Debian binaries.

PostgreSQL refuses to run as root, so when the tests run as root (CI does) the server is
started as the ``postgres`` system user that the Debian package creates.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass


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

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: every connection dropped, as in the fault matrix."""
        log_file = os.path.join(os.path.dirname(self.datadir), "log")
        command = [*self.as_user, f"{self.bindir}/pg_ctl", "-D", self.datadir, "-l", log_file]
        subprocess.run(
            [*command, "-m", "fast", "-w", "restart"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
            timeout=120,
        )

    def stop(self) -> None:
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
