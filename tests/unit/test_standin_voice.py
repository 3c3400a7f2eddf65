"""A voice note says how long it is: the page's word for it, else the recording's own."""

from __future__ import annotations

import io
import struct
import wave
from collections.abc import AsyncIterator

import httpx
import pytest

from bot.playground import build_standin
from bot.playground_world import YOUNG_PERSON_ID
from bot.standin import BotApiStandIn
from bot.standin.media import audio_seconds, voice_duration


def _wav(seconds: float, rate: int = 8000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as recording:
        recording.setnchannels(1)
        recording.setsampwidth(2)
        recording.setframerate(rate)
        recording.writeframes(b"\x00\x00" * int(seconds * rate))
    return buffer.getvalue()


def _ogg_opus(seconds: float) -> bytes:
    """Two Ogg pages: the Opus header, then a last page whose granule marks the end."""
    head = b"OggS\x00\x02" + struct.pack("<q", 0) + b"\x00" * 12 + b"OpusHead" + b"\x00" * 11
    tail = b"OggS\x00\x04" + struct.pack("<q", int(seconds * 48_000)) + b"\x00" * 20
    return head + b"\x00" * 100 + tail


@pytest.mark.parametrize(
    ("data", "seconds"),
    [
        (_wav(1.0), 1),
        (_wav(0.2), 1),  # never "0 s"
        (_wav(12.4), 12),
        (_ogg_opus(5.0), 5),
        (_ogg_opus(61.6), 62),
        (b"OggS-voice", None),  # no Opus header: can't tell
        (b"RIFF\x00\x00\x00\x00WAVEbroken", None),
        (b"\x1aE\xdf\xa3 webm", None),
    ],
)
def test_audio_seconds_reads_wav_and_ogg_opus_headers(data: bytes, seconds: int | None) -> None:
    assert audio_seconds(data) == seconds


def test_a_declared_duration_wins_and_is_kept_in_range() -> None:
    assert voice_duration(_wav(1.0), 7) == 7
    assert voice_duration(b"webm", None) == 1
    assert voice_duration(b"webm", 99_999) == 3600


@pytest.fixture
async def standin() -> AsyncIterator[BotApiStandIn]:
    server = build_standin(0)
    await server.start()
    yield server
    await server.stop()


async def _send_voice(
    standin: BotApiStandIn, data: bytes, duration: str | None = None
) -> httpx.Response:
    fields = {"chat_id": str(YOUNG_PERSON_ID), "user_id": str(YOUNG_PERSON_ID), "kind": "voice"}
    if duration is not None:
        fields["duration"] = duration
    async with httpx.AsyncClient(base_url=standin.url) as http:
        return await http.post(
            "/_page/api/send_media", data=fields, files={"file": ("voice.wav", data, "audio/wav")}
        )


async def test_a_one_second_wav_from_the_page_shows_as_one_second(standin: BotApiStandIn) -> None:
    response = await _send_voice(standin, _wav(1.0))
    assert response.json()["message"]["other"] == "Voice message (1 s)"
    [update] = standin.world.pending
    assert update.update["message"]["voice"]["duration"] == 1


async def test_the_page_says_how_long_it_recorded(standin: BotApiStandIn) -> None:
    response = await _send_voice(standin, b"\x1aE\xdf\xa3 webm recording", duration="4")
    assert response.json()["message"]["other"] == "Voice message (4 s)"


@pytest.mark.parametrize("duration", ["0", "3601", "-2"])
async def test_a_duration_out_of_range_is_refused_and_nothing_is_sent(
    standin: BotApiStandIn, duration: str
) -> None:
    response = await _send_voice(standin, _wav(1.0), duration=duration)
    assert response.status_code == 400
    assert "duration must be whole seconds" in response.json()["error"]
    assert standin.world.pending == []
