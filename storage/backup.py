"""Online backup of a SQLite database with SQLite's own backup API.

The copy is one consistent snapshot, taken while the bot goes on reading and writing (the
database is in WAL mode, so the copy's read does not block the bot's writes). It is written
to a hidden file next to the target and renamed into place only once it is whole and passes
SQLite's integrity check, so a failed backup never looks like a good one. Names and free
text stay encrypted in the copy: restoring it needs the same ENCRYPTION_KEY.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote


class BackupError(Exception):
    """Why a backup could not be made (one line, no data)."""


def backup_sqlite(source: str, out: Path) -> int:
    """Copy the SQLite database at ``source`` to the new file ``out``; its size in bytes."""
    if not source or source == ":memory:" or source.startswith("file::memory:"):
        raise BackupError("DATABASE_URL is an in-memory SQLite database: nothing to back up")
    if not Path(source).is_file():
        raise BackupError(f"there is no database file at {source}")
    if out.exists():
        raise BackupError(f"{out} already exists: give a new file name")
    folder = out.resolve().parent
    if not folder.is_dir():
        raise BackupError(f"cannot write {out}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise BackupError(f"cannot write {out}: permission denied")
    partial = folder / f".{out.name}.partial-{os.getpid()}"
    try:
        _copy(source, partial)
        os.replace(partial, out)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise BackupError(f"the backup failed: {type(exc).__name__}: {exc}") from None
    return out.stat().st_size


def _copy(source: str, target: Path) -> None:
    # Opened without creating: the file was checked to exist, and a typo must not make one.
    uri = f"file:{quote(os.path.abspath(source))}?mode=rw"
    src = sqlite3.connect(uri, uri=True, timeout=30)
    try:
        dest = sqlite3.connect(target)
        try:
            src.backup(dest)  # all pages in one step: one snapshot
            # One self-contained file (no -wal beside it), checked before it is trusted.
            dest.execute("PRAGMA journal_mode=DELETE")
            (result,) = dest.execute("PRAGMA integrity_check").fetchone()
            if result != "ok":
                raise sqlite3.DatabaseError("the copy failed its integrity check")
        finally:
            dest.close()
    finally:
        src.close()
