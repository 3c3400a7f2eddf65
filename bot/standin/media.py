"""Files held by the stand-in and the Bot API objects that describe them."""

from __future__ import annotations

import base64
import io
import itertools
import mimetypes
import secrets
import struct
import wave
from dataclasses import dataclass
from typing import Any

# A 2x2 PNG used when a test or a URL gives no image bytes.
PLACEHOLDER_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGPQztkARAwQCgAhvgUdpiTesQAAAABJRU5ErkJggg=="
)
_THUMB_SIDE = 90
_FOLDERS = {
    "photo": "photos",
    "document": "documents",
    "voice": "voice",
    "sticker": "stickers",
    "audio": "music",
    "video": "videos",
}
_PREFIXES = {"photo": "AgAC", "document": "BQAC", "voice": "AwAC", "sticker": "CAAC"}


@dataclass
class StoredFile:
    """Bytes reachable through getFile and the file download URL."""

    file_id: str
    file_unique_id: str
    kind: str
    data: bytes
    file_path: str
    mime_type: str | None
    file_name: str | None
    width: int = 0
    height: int = 0

    def file_object(self) -> dict[str, Any]:
        """The Bot API ``File`` object returned by getFile."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }

    def base(self) -> dict[str, Any]:
        """Fields every file-ish Bot API object shares."""
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
        }


class FileStore:
    """Creates and finds stored files."""

    def __init__(self) -> None:
        self._files: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}
        self._counter = itertools.count(1)

    def add(
        self, kind: str, data: bytes, file_name: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        """Store bytes and give them a file_id and a download path."""
        number = next(self._counter)
        mime = mime_type or (mimetypes.guess_type(file_name)[0] if file_name else None)
        if mime is None and kind == "photo":
            mime = sniff_image_type(data)
        extension = _extension(file_name, mime)
        folder = _FOLDERS.get(kind, "documents")
        width, height = image_size(data) if kind in {"photo", "sticker"} else (0, 0)
        stored = StoredFile(
            file_id=f"{_PREFIXES.get(kind, 'BQAC')}{number}-{secrets.token_urlsafe(12)}",
            file_unique_id=f"AQAD{number}{secrets.token_hex(3)}",
            kind=kind,
            data=data,
            file_path=f"{folder}/file_{number}{extension}",
            mime_type=mime,
            file_name=file_name,
            width=width,
            height=height,
        )
        self._files[stored.file_id] = stored
        self._by_path[stored.file_path] = stored
        return stored

    def alias(self, stored: StoredFile, suffix: str) -> str:
        """Another file_id for the same bytes (e.g. a thumbnail size of a photo)."""
        alias = f"{stored.file_id}{suffix}"
        self._files[alias] = stored
        return alias

    def get(self, file_id: str) -> StoredFile | None:
        """The file with that id, if any."""
        return self._files.get(file_id)

    def by_path(self, file_path: str) -> StoredFile | None:
        """The file with that download path, if any."""
        return self._by_path.get(file_path)


def _extension(file_name: str | None, mime: str | None) -> str:
    if file_name and "." in file_name:
        return "." + file_name.rsplit(".", 1)[1].lower()
    guessed = mimetypes.guess_extension(mime) if mime else None
    return guessed or ""


def sniff_image_type(data: bytes) -> str:
    """The MIME type of PNG/JPEG/GIF/WebP bytes (JPEG when unknown, as Telegram stores photos)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"GIF8"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return "image/jpeg"


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of PNG or JPEG bytes; a plausible default otherwise."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(b"\xff\xd8"):
        found = _jpeg_size(data)
        if found:
            return found
    return 800, 600


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in {0xC4, 0xC8, 0xCC}:
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return None


def photo_sizes(files: FileStore, stored: StoredFile) -> list[dict[str, Any]]:
    """PhotoSize list as Telegram gives it: a thumbnail first, the full size last."""
    sizes: list[dict[str, Any]] = []
    width, height = stored.width, stored.height
    longest = max(width, height, 1)
    if longest > _THUMB_SIDE:
        scale = _THUMB_SIDE / longest
        sizes.append(
            {
                "file_id": files.alias(stored, "-s"),
                "file_unique_id": f"{stored.file_unique_id}s",
                "file_size": len(stored.data),
                "width": max(1, round(width * scale)),
                "height": max(1, round(height * scale)),
            }
        )
    sizes.append({**stored.base(), "width": width, "height": height})
    return sizes


def document_object(stored: StoredFile) -> dict[str, Any]:
    """A Bot API ``Document``."""
    doc = stored.base()
    if stored.file_name:
        doc["file_name"] = stored.file_name
    if stored.mime_type:
        doc["mime_type"] = stored.mime_type
    return doc


_OPUS_RATE = 48_000  # an Ogg Opus stream's granule positions count 48 kHz samples
_LONGEST_VOICE = 3_600


def audio_seconds(data: bytes) -> int | None:
    """How long a WAV or Ogg Opus recording lasts, in whole seconds (at least 1).

    None when the bytes are neither (a WebM recording, say): the page then says how long
    it recorded for. Only the headers are read, so a broken file costs nothing.
    """
    seconds: float | None = None
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        try:
            with wave.open(io.BytesIO(data)) as recording:
                seconds = recording.getnframes() / recording.getframerate()
        except (wave.Error, EOFError, ZeroDivisionError):
            return None
    elif data[:4] == b"OggS" and b"OpusHead" in data[:64]:
        last = data.rfind(b"OggS")
        if last + 14 > len(data):
            return None
        (granule,) = struct.unpack_from("<q", data, last + 6)
        seconds = granule / _OPUS_RATE if granule > 0 else None
    if seconds is None:
        return None
    return min(_LONGEST_VOICE, max(1, round(seconds)))


def voice_duration(data: bytes, declared: int | None) -> int:
    """The duration a voice note's message says: what the page declared, else the file's."""
    if declared is not None:
        return min(_LONGEST_VOICE, max(1, declared))
    return audio_seconds(data) or 1
