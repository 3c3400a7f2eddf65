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
from typing import Any

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
def browser(tmp_path: Path) -> Iterator[Any]:
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


def bot_texts(panel: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    return [m.text for m in panel.find_elements(By.CSS_SELECTOR, ".msg.bot")]


def click_button(wait: Any, panel: Any, label: str) -> None:
    """Click the newest inline button labelled ``label`` under a bot message."""
    from selenium.webdriver.common.by import By

    def find(_driver: Any) -> Any:
        for button in reversed(panel.find_elements(By.CSS_SELECTOR, ".msg.bot button.inline-btn")):
            if button.text.strip() == label:
                return button
        return False

    wait.until(find).click()


def send_text(panel: Any, text: str) -> None:
    from selenium.webdriver.common.by import By

    panel.find_element(By.CSS_SELECTOR, "textarea.composer").send_keys(text)
    panel.find_element(By.CSS_SELECTOR, "button.send").click()


def join_as_alex(browser: Any, wait: Any, playground: str) -> tuple[Any, Any]:
    """Open the page, tap the /start chip and say yes twice; returns (alex, group) panels."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    browser.get(playground)
    alex = wait.until(
        ec.presence_of_element_located((By.CSS_SELECTOR, 'section.panel[data-chat-id="5001"]'))
    )
    group = browser.find_element(By.CSS_SELECTOR, 'section.panel[data-chat-id="-1001001"]')
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
    click_button(wait, alex, "Yes")
    wait.until(lambda _d: any("Can I share" in text for text in bot_texts(alex)))
    click_button(wait, alex, "Yes")
    wait.until(lambda _d: any("What would you like to do?" in text for text in bot_texts(alex)))
    wait.until(lambda _d: any("has joined Lifelinks" in text for text in bot_texts(group)))
    return alex, group


def test_join_and_consent_by_clicking(playground: str, browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 15)
    alex, _group = join_as_alex(browser, wait, playground)

    # Typing works too: a hello gets a hello back, not silence.
    send_text(alex, "hello there")
    wait.until(lambda _d: any("Good to hear from you" in text for text in bot_texts(alex)))
    browser.save_screenshot(str(tmp_path / "playground.png"))


def test_coordinator_replies_to_a_support_card(
    playground: str, browser: Any, tmp_path: Path
) -> None:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    # The bot edits the card in place (the page redraws it), so look it up afresh each time.
    wait = WebDriverWait(browser, 15, ignored_exceptions=[StaleElementReferenceException])
    alex, group = join_as_alex(browser, wait, playground)

    click_button(wait, alex, "Ask for support")
    click_button(wait, alex, "Money")
    wait.until(lambda _d: any("in your own words" in text for text in bot_texts(alex)))
    send_text(alex, "I can't pay my gas bill this month")
    wait.until(lambda _d: any("Got it" in text for text in bot_texts(alex)))
    click_button(wait, alex, "Next ➡")
    click_button(wait, alex, "Today")
    click_button(wait, alex, "Send it")
    wait.until(lambda _d: any("Your reference is R-" in text for text in bot_texts(alex)))

    def card(_driver: Any = None) -> Any:
        for message in group.find_elements(By.CSS_SELECTOR, ".msg.bot"):
            if "I can't pay my gas bill" in message.text and "Request R-" in message.text:
                return message
        return False

    wait.until(card)
    click_button(wait, group, "Pick up")
    wait.until(lambda _d: "Picked up by Sam" in card().text)
    wait.until(lambda _d: any("Sam is looking at your request" in t for t in bot_texts(alex)))

    # Sam uses the page's Reply action on the card: a "Replying to" bar, then a Telegram reply.
    reply = card().find_element(By.CSS_SELECTOR, "button.reply-btn")
    assert reply.accessible_name == "Reply to this message"
    assert reply.get_attribute("type") == "button"  # a real button: focusable, Enter/Space work
    reply.click()
    bar = group.find_element(By.CSS_SELECTOR, ".reply-bar")
    wait.until(lambda _d: bar.is_displayed())
    assert bar.text.startswith("Replying to Lifelinks: ")
    assert "Request R-" in bar.text
    composer = group.find_element(By.CSS_SELECTOR, "textarea.composer")
    assert browser.switch_to.active_element == composer
    send_text(group, "Hi Alex")
    wait.until(lambda _d: not bar.is_displayed())
    sent = wait.until(
        lambda _d: next(
            (m for m in group.find_elements(By.CSS_SELECTOR, ".msg.user") if "Hi Alex" in m.text),
            False,
        )
    )
    assert "Request R-" in sent.find_element(By.CSS_SELECTOR, "blockquote.reply-to").text
    relayed: Any = wait.until(
        lambda _d: next((t for t in bot_texts(alex) if "Sam from Lifelong Links:" in t), False)
    )
    assert "Hi Alex" in relayed

    # The card's Reply button asks for a forced reply: the composer targets the prompt itself.
    click_button(wait, group, "Reply")
    wait.until(lambda _d: bar.is_displayed() and "reply to this message with what" in bar.text)
    browser.save_screenshot(str(tmp_path / "playground-reply.png"))
    send_text(group, "I'll call you at four")
    wait.until(lambda _d: any("I'll call you at four" in t for t in bot_texts(alex)))
    assert not bar.is_displayed()

    # ✕ (or Escape) cancels a reply.
    wait.until(lambda _d: card().find_element(By.CSS_SELECTOR, "button.reply-btn").click() or 1)
    wait.until(lambda _d: bar.is_displayed())
    group.find_element(By.CSS_SELECTOR, "button.reply-cancel").click()
    assert not bar.is_displayed()

    # After a reload the answered prompt is not targeted again.
    browser.refresh()
    group = wait.until(
        lambda _d: browser.find_element(By.CSS_SELECTOR, 'section.panel[data-chat-id="-1001001"]')
    )
    wait.until(lambda _d: "I'll call you at four" in group.text)
    assert not group.find_element(By.CSS_SELECTOR, ".reply-bar").is_displayed()
