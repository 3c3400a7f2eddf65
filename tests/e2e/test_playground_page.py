"""`lifelinks playground` in a real headless Chromium: join as Alex by clicking, like a person."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def playground(tmp_path: Path) -> Iterator[str]:
    """The playground as `make run` starts it without a token, on a free port."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path}/unused.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "playground", "--port", str(port)],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        process.kill()
        raise AssertionError(
            f"playground did not start: {process.stdout.read() if process.stdout else ''}"
        )
    yield url
    process.terminate()
    try:
        output, _ = process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
    assert "Traceback" not in output, output


@pytest.fixture
def browser(tmp_path: Path):
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.fail("chromium and chromedriver are needed: `make test` installs them")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
        f"--user-data-dir={tmp_path}/chrome",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.implicitly_wait(0)
    yield driver
    driver.quit()


def test_join_and_consent_by_clicking(playground: str, browser, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 15)
    browser.get(playground)
    alex = wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, 'section.panel[data-chat-id="5001"]'))
    )
    group = browser.find_element(By.CSS_SELECTOR, 'section.panel[data-chat-id="-1001001"]')

    def bot_texts(panel) -> list[str]:
        return [m.text for m in panel.find_elements(By.CSS_SELECTOR, ".msg.bot")]

    def click_button(panel, label: str) -> None:
        def find(_driver):
            for button in reversed(
                panel.find_elements(By.CSS_SELECTOR, ".msg.bot button.inline-btn")
            ):
                if button.text.strip() == label:
                    return button
            return False

        wait.until(find).click()

    start = wait.until(
        lambda _d: next(
            (
                c
                for c in alex.find_elements(By.CSS_SELECTOR, ".chips.quick button.chip")
                if c.text.startswith("/start ")
            ),
            False,
        )
    )
    start.click()
    wait.until(lambda _d: any("Hi Alex!" in text for text in bot_texts(alex)))
    click_button(alex, "Yes")
    wait.until(lambda _d: any("Can I share" in text for text in bot_texts(alex)))
    click_button(alex, "Yes")
    wait.until(lambda _d: any("What would you like to do?" in text for text in bot_texts(alex)))
    wait.until(lambda _d: any("has joined Lifelinks" in text for text in bot_texts(group)))

    # Typing works too: an unexpected message gets a kind nudge, not silence.
    composer = alex.find_element(By.CSS_SELECTOR, "textarea.composer")
    composer.send_keys("hello there")
    alex.find_element(By.CSS_SELECTOR, "button.send").click()
    wait.until(lambda _d: any("wasn't expecting" in text for text in bot_texts(alex)))
    browser.save_screenshot(str(tmp_path / "playground.png"))
