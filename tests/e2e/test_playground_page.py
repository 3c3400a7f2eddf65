"""`lifelinks playground` in a real headless Chromium, at desktop and phone sizes, like a person."""

from __future__ import annotations

import json
import os
import re
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

from bot.standin.media import PLACEHOLDER_PNG

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
ALEX, GROUP, SAM, MANAGERS = "5001", "-1001001", "1001", "-1001002"


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


def _chrome(tmp_path: Path, size: str) -> Any:
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.fail("chromium and chromedriver are needed: `make test` installs them")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    width, height = SIZES[size]
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
        f"--window-size={width},{height}",
        f"--user-data-dir={tmp_path}/chrome-{size}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    driver.implicitly_wait(0)
    if size == "phone":
        metrics = {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    driver.size_name = size
    return driver


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    """Chromium at a desktop size."""
    driver = _chrome(tmp_path, "desktop")
    yield driver
    driver.quit()


@pytest.fixture(params=list(SIZES))
def sized(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Any]:
    """Chromium at a desktop size, then at a 390 × 844 phone's."""
    driver = _chrome(tmp_path, request.param)
    yield driver
    driver.quit()


def bot_texts(panel: Any) -> list[str]:
    from selenium.webdriver.common.by import By

    # textContent, not .text: on a phone the other chats are hidden, and .text of those is "".
    return [
        m.get_attribute("textContent") or ""
        for m in panel.find_elements(By.CSS_SELECTOR, ".msg.bot")
    ]


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
    """Open the page, tap Join on the welcome card and say yes twice; returns (alex, group)."""
    from selenium.webdriver.common.by import By

    browser.get(playground)
    alex = panel_of(browser, wait, ALEX)
    group = browser.find_element(By.CSS_SELECTOR, f'section.panel[data-chat-id="{GROUP}"]')
    wait.until(lambda _d: alex.find_element(By.CSS_SELECTOR, ".intro-btn").is_displayed())
    alex.find_element(By.CSS_SELECTOR, ".intro-btn").click()
    wait.until(lambda _d: any("Hi Alex!" in text for text in bot_texts(alex)))
    click_button(wait, alex, "Yes")
    wait.until(lambda _d: any("Can I share" in text for text in bot_texts(alex)))
    click_button(wait, alex, "Yes")
    wait.until(lambda _d: any("What would you like to do?" in text for text in bot_texts(alex)))
    wait.until(lambda _d: any("has joined Lifelinks" in text for text in bot_texts(group)))
    return alex, group


def panel_of(browser: Any, wait: Any, chat_id: str) -> Any:
    """The chat's panel, brought into view (on a phone: its tab tapped)."""
    from selenium.webdriver.common.by import By

    selector = f'section.panel[data-chat-id="{chat_id}"]'
    panel = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, selector) or False)[0]
    folded = "optional" in (panel.get_attribute("class") or "")
    if getattr(browser, "size_name", "desktop") != "phone" and folded and not panel.is_displayed():
        browser.find_element(By.ID, "optional-toggle").click()  # the managers' chat, unfolded
        wait.until(lambda _d: panel.is_displayed())
    elif getattr(browser, "size_name", "desktop") == "phone" and not panel.is_displayed():
        tab = browser.find_element(
            By.ID, panel.get_attribute("aria-labelledby").replace("panel-title-", "tab-")
        )
        tab.click()
        wait.until(lambda _d: panel.is_displayed())
    return panel


def checklist_done(browser: Any) -> set[str]:
    """Keys of the "what to try" items ticked off."""
    from selenium.webdriver.common.by import By

    items = browser.find_elements(By.CSS_SELECTOR, "#checklist li.done")
    return {item.get_attribute("data-key") for item in items}


def run_axe(browser: Any) -> list[dict[str, Any]]:
    """Serious and critical axe-core violations on the page as it is now."""
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then((r) => done(JSON.stringify(r.violations)), (e) => done(String(e)));"
    )
    violations = json.loads(result)
    return [v for v in violations if v.get("impact") in ("serious", "critical")]


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
    click_button(wait, alex, "As soon as possible")
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


def test_typing_before_join_keeps_the_join_card(playground: str, browser: Any) -> None:
    """A newcomer who types "hi" first still has Join, below the bot's answer, until they
    open the invite with it."""
    from selenium.webdriver.common.by import By

    wait = _wait(browser)
    browser.get(playground)
    alex = panel_of(browser, wait, ALEX)
    wait.until(lambda _d: alex.find_element(By.CSS_SELECTOR, ".intro-btn").is_displayed())
    send_text(alex, "hi")
    wait.until(lambda _d: len(bot_texts(alex)) >= 1)
    intro = alex.find_element(By.CSS_SELECTOR, ".intro")
    assert intro.is_displayed()
    last = alex.find_elements(By.CSS_SELECTOR, ".log > *")[-1]
    assert last == intro  # under the answer, where the eye is
    browser.refresh()
    alex = panel_of(browser, wait, ALEX)
    wait.until(lambda _d: alex.find_element(By.CSS_SELECTOR, ".intro-btn").is_displayed())
    alex.find_element(By.CSS_SELECTOR, ".intro-btn").click()
    wait.until(lambda _d: any("Hi Alex!" in text for text in bot_texts(alex)))
    wait.until(lambda _d: not alex.find_element(By.CSS_SELECTOR, ".intro").is_displayed())


def _wait(browser: Any) -> Any:
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # The bot edits messages in place (the page redraws them): look them up afresh each time.
    return WebDriverWait(browser, 20, ignored_exceptions=[StaleElementReferenceException])


def test_guided_first_run(playground: str, sized: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    wait = _wait(sized)
    sized.get(playground)
    alex = panel_of(sized, wait, ALEX)
    intro = wait.until(lambda _d: alex.find_element(By.CSS_SELECTOR, ".intro"))
    wait.until(lambda _d: intro.is_displayed())
    assert "You are Alex, 17" in intro.text and "Tap Join to start" in intro.text
    wait.until(lambda _d: len(sized.find_elements(By.CSS_SELECTOR, "#checklist li")) == 7)
    assert checklist_done(sized) == set()
    # Folded or not, the guide's summary names the next thing to do.
    count = sized.find_element(By.ID, "guide-count").get_attribute("textContent") or ""
    assert count == "0 of 7 done · next: Join as Alex", count
    if sized.size_name == "phone":
        # One chat fills the screen, the page itself does not scroll, the composer is in view.
        shown = [
            p for p in sized.find_elements(By.CSS_SELECTOR, "section.panel") if p.is_displayed()
        ]
        assert shown == [alex]
        assert sized.execute_script(
            "return document.documentElement.scrollHeight <= window.innerHeight + 1"
        )
        composer = alex.find_element(By.CSS_SELECTOR, "textarea.composer")
        bottom = sized.execute_script(
            "return arguments[0].getBoundingClientRect().bottom", composer
        )
        assert composer.is_displayed() and bottom <= SIZES["phone"][1]
        tabs = sized.find_elements(By.CSS_SELECTOR, "#tabs [role=tab]")
        assert [t.text for t in tabs] == ["Alex", "Team", "Sam", "Managers"]
    sized.save_screenshot(str(tmp_path / f"first-run-{sized.size_name}.png"))

    alex.find_element(By.CSS_SELECTOR, ".intro-btn").click()
    wait.until(lambda _d: any("Hi Alex!" in text for text in bot_texts(alex)))
    assert not intro.is_displayed()
    click_button(wait, alex, "Yes")
    wait.until(lambda _d: any("Can I share" in text for text in bot_texts(alex)))
    click_button(wait, alex, "Yes")
    wait.until(lambda _d: "join" in checklist_done(sized))
    # UK times: 24-hour clock, no AM/PM.
    stamps = [m.get_attribute("textContent") for m in alex.find_elements(By.CSS_SELECTOR, ".meta")]
    assert stamps and all(re.search(r"(?<!\d)([01]\d|2[0-3]):[0-5]\d$", s or "") for s in stamps)
    assert not any(re.search(r"[AP]M", s or "") for s in stamps)
    if sized.size_name == "phone":
        # The group got news while Alex's chat was shown: its tab says so.
        group_tab = sized.find_element(By.ID, "tab-1")
        wait.until(lambda _d: group_tab.find_element(By.CSS_SELECTOR, ".unread").is_displayed())
        group = panel_of(sized, wait, GROUP)
        assert not group_tab.find_element(By.CSS_SELECTOR, ".unread").is_displayed()
        assert any("has joined Lifelinks" in t for t in bot_texts(group))
    sized.save_screenshot(str(tmp_path / f"joined-{sized.size_name}.png"))

    # Adding someone ticks the next item; the 20-button "Who is … to you?" keyboard is never
    # taller than the chat (it scrolls inside its bubble when it would be), and the composer
    # stays where it was.
    alex = panel_of(sized, wait, ALEX)
    click_button(wait, alex, "My people")
    click_button(wait, alex, "➕ Add someone")
    wait.until(lambda _d: any("What do you call them" in t for t in bot_texts(alex)))
    send_text(alex, "Jo")
    wait.until(lambda _d: any("Who is Jo to you?" in t for t in bot_texts(alex)))
    keyboard = alex.find_elements(By.CSS_SELECTOR, ".msg.bot .keyboard")[-1]
    sizes = sized.execute_script(
        "const k = arguments[0], log = k.closest('.log');"
        "return [k.clientHeight, k.scrollHeight, log.clientHeight, getComputedStyle(k).overflowY];",
        keyboard,
    )
    assert sizes[0] < sizes[2], sizes
    assert sizes[1] <= sizes[0] + 1 or sizes[3] == "auto", sizes
    click_button(wait, alex, "Aunt")
    wait.until(lambda _d: any("I've put Jo in" in t for t in bot_texts(alex)))
    for label, next_question in (
        ("Yes, that's right", "How close are you to Jo"),
        ("Very close", "Are you in touch with Jo now?"),
        ("In touch", "Lifelong Links"),
    ):
        before = len(bot_texts(alex))
        click_button(wait, alex, label)
        wait.until(lambda _d, q=next_question, n=before: any(q in t for t in bot_texts(alex)[n:]))
    click_button(wait, alex, "Yes")
    wait.until(lambda _d: any("I've added Jo" in t for t in bot_texts(alex)))
    wait.until(lambda _d: "people" in checklist_done(sized))

    # After a reload, old notices stay away; the chat history is back.
    sized.refresh()
    alex = panel_of(sized, wait, ALEX)
    wait.until(lambda _d: any("Hi Alex!" in t for t in bot_texts(alex)))
    time.sleep(0.5)  # let any notice that would appear, appear
    assert len(sized.find_elements(By.CSS_SELECTOR, "#toasts .toast")) == 0


def test_sam_uses_staff_commands_in_a_private_chat(
    playground: str, sized: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    wait = _wait(sized)
    join_as_alex(sized, wait, playground)
    sam = panel_of(sized, wait, SAM)
    assert "Staff commands work here" in sam.find_element(By.CSS_SELECTOR, ".intro").text
    plan_chip = next(
        c
        for c in sam.find_elements(By.CSS_SELECTOR, ".chips.quick button.chip")
        if c.text.startswith("/plan ")
    )
    plan_chip.click()
    wait.until(lambda _d: any("Sunday dinners" in t for t in bot_texts(sam)))
    assert not any("private chat with me" in t for t in bot_texts(sam))
    caseload = next(
        c
        for c in sam.find_elements(By.CSS_SELECTOR, ".chips.quick button.chip")
        if c.text == "/caseload"
    )
    caseload.click()
    wait.until(lambda _d: any("Your young people" in t for t in bot_texts(sam)))
    sized.save_screenshot(str(tmp_path / f"sam-{sized.size_name}.png"))


def test_an_invite_from_newcase_opens_in_the_new_young_persons_chat(
    playground: str, sized: Any, tmp_path: Path
) -> None:
    """Sam makes an invite with /newcase and taps its link: Jordan's own chat opens, Jordan
    joins there, and the team's group hears about it (trial 2026-12-07: it could not)."""
    from selenium.webdriver.common.by import By

    wait = _wait(sized)
    sized.get(playground)
    sam = panel_of(sized, wait, SAM)
    send_text(sam, "/newcase")
    wait.until(lambda _d: any("first name" in t for t in bot_texts(sam)))
    send_text(sam, "Jordan")
    wait.until(lambda _d: any("Jordan's date of birth" in t for t in bot_texts(sam)))
    send_text(sam, "14/03/2009")
    click_button(wait, sam, "Make the invite")
    wait.until(lambda _d: any("Here is the invite for Jordan" in t for t in bot_texts(sam)))
    link = wait.until(
        lambda _d: (
            [
                a
                for a in sam.find_elements(By.CSS_SELECTOR, ".msg.bot a")
                if "?start=" in (a.get_attribute("href") or "")
            ]
            or False
        )
    )[-1]
    tabs_before = len(sized.find_elements(By.CSS_SELECTOR, "section.panel"))
    link.click()

    # The page starts again with Jordan's chat added and shown; Jordan has the invite open.
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "section.panel")) == tabs_before + 1)
    jordan = panel_of(sized, wait, "3001")
    assert jordan.is_displayed()
    assert "Jordan (young person)" in jordan.find_element(By.TAG_NAME, "h2").text
    wait.until(lambda _d: any("Hi Jordan!" in t for t in bot_texts(jordan)))
    click_button(wait, jordan, "Yes")
    wait.until(lambda _d: any("Can I share" in t for t in bot_texts(jordan)))
    click_button(wait, jordan, "Yes")
    wait.until(lambda _d: any("What would you like to do?" in t for t in bot_texts(jordan)))
    group = panel_of(sized, wait, GROUP)
    wait.until(
        lambda _d: any("Jordan" in t and "has joined Lifelinks" in t for t in bot_texts(group))
    )
    # Alex's own invite is untouched: Alex's chat still offers Join.
    alex = panel_of(sized, wait, ALEX)
    assert alex.find_element(By.CSS_SELECTOR, ".intro-btn").is_displayed()
    sized.save_screenshot(str(tmp_path / f"jordan-{sized.size_name}.png"))


def open_clock(browser: Any, wait: Any) -> None:
    from selenium.webdriver.common.by import By

    menu = browser.find_element(By.ID, "clock-menu")
    if menu.get_attribute("open") is None:
        menu.find_element(By.TAG_NAME, "summary").click()
    wait.until(lambda _d: browser.find_element(By.ID, "clock-buttons").is_displayed())


def move_clock(browser: Any, wait: Any, step: str) -> None:
    from selenium.webdriver.common.by import By

    open_clock(browser, wait)
    browser.find_element(By.CSS_SELECTOR, f'#clock-buttons button[data-step="{step}"]').click()
    wait.until(
        lambda _d: (
            "moved on" in browser.find_element(By.ID, "clock-now").get_attribute("textContent")
        )
    )
    # A notice says so too: on a phone the clock's own line is hidden.
    wait.until(
        lambda _d: any(
            "It is now" in (t.get_attribute("textContent") or "")
            for t in browser.find_elements(By.CSS_SELECTOR, "#toasts .toast")
        )
    )


def test_priya_gets_the_digest_on_the_first_and_a_report_when_she_asks(
    playground: str, sized: Any, tmp_path: Path
) -> None:
    """The managers' group: the Clock's "1st of next month" brings the digest; /report the
    chart and the two CSVs."""
    from selenium.webdriver.common.by import By

    wait = _wait(sized)
    join_as_alex(sized, wait, playground)
    managers = sized.find_element(By.CSS_SELECTOR, f'section.panel[data-chat-id="{MANAGERS}"]')
    if sized.size_name != "phone":  # folded on a laptop, so the three main chats keep room
        assert not managers.is_displayed()
        assert sized.find_element(By.ID, "optional-toggle").text == "Managers"
    move_clock(sized, wait, "month")
    if sized.size_name != "phone":  # the managers' step unfolds their chat
        wait.until(lambda _d: managers.is_displayed())
        toggle = sized.find_element(By.ID, "optional-toggle")
        assert toggle.get_attribute("aria-pressed") == "true" and toggle.text == "Managers"
        assert run_axe(sized) == []  # the pressed toggle keeps its contrast
    managers = panel_of(sized, wait, MANAGERS)
    assert "you are Priya" in managers.get_attribute("textContent")
    # The digest, then last month's report (chart, summary.csv, cases.csv last).
    wait.until(lambda _d: any("monthly digest" in t for t in bot_texts(managers)))
    wait.until(lambda _d: any("cases.csv" in t for t in bot_texts(managers)))
    before = len(bot_texts(managers))
    report = next(
        c
        for c in managers.find_elements(By.CSS_SELECTOR, ".chips.quick button.chip")
        if c.text == "/report"
    )
    report.click()
    wait.until(lambda _d: len(bot_texts(managers)) >= before + 3)
    assert "cases.csv" in bot_texts(managers)[-1]
    assert bot_texts(panel_of(sized, wait, GROUP)) and not any(
        "monthly digest" in t for t in bot_texts(panel_of(sized, wait, GROUP))
    )
    sized.save_screenshot(str(tmp_path / f"managers-{sized.size_name}.png"))


def test_the_clock_brings_a_nudge_a_review_and_the_teams_card(
    playground: str, sized: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    wait = _wait(sized)
    alex, group = join_as_alex(sized, wait, playground)
    before = len(bot_texts(alex))
    move_clock(sized, wait, "review")
    review_note = sized.find_element(By.ID, "clock-review").get_attribute("textContent")
    assert "next plan review" in review_note
    assert sized.find_element(By.ID, "clock-menu").get_attribute("open") is None  # closed
    alex = panel_of(sized, wait, ALEX)
    wait.until(lambda _d: any("time to look at your plan" in t for t in bot_texts(alex)[before:]))
    click_button(wait, alex, "Start now")
    wait.until(lambda _d: any("Let's look at your plan" in t for t in bot_texts(alex)))
    click_button(wait, alex, "Yes")
    wait.until(lambda _d: any("Uncle Dev" in t for t in bot_texts(alex)[-1:]))
    click_button(wait, alex, "No")
    wait.until(lambda _d: any("What's got in the way" in t for t in bot_texts(alex)))
    send_text(alex, "he moved to Leeds")
    wait.until(lambda _d: any("How supported" in t for t in bot_texts(alex)))
    click_button(wait, alex, "2 – Not much")
    wait.until(lambda _d: any("anything you'd like to change" in t for t in bot_texts(alex)))
    send_text(alex, "I'd like my aunt in it")
    click_button(wait, alex, "Yes please")
    wait.until(lambda _d: any("Shall I send this" in t for t in bot_texts(alex)))
    click_button(wait, alex, "Send")
    wait.until(lambda _d: any("Thank you" in t for t in bot_texts(alex)))
    wait.until(lambda _d: any("2 out of 5" in t for t in bot_texts(group)))
    wait.until(lambda _d: "review" in checklist_done(sized))
    # Message times follow the playground's clock: the nudge came at the review's 10:00.
    nudge = next(
        m
        for m in alex.find_elements(By.CSS_SELECTOR, ".msg.bot")
        if "time to look at your plan" in (m.get_attribute("textContent") or "")
    )
    assert (
        nudge.find_element(By.CSS_SELECTOR, ".meta").get_attribute("textContent") or ""
    ).endswith("10:00")
    # A day line stands before the first message of each day, so the jump reads as one.
    # (Read in one script: the chat may still be changing.)
    days, first_of_day = sized.execute_script(
        "const lines = [...arguments[0].querySelectorAll('.log > .day-line')];"
        "return [lines.map((d) => d.textContent),"
        " lines.map((d) => d.nextElementSibling.textContent)];",
        alex,
    )
    assert len(days) == 2 and len(set(days)) == 2, days
    # A new message leaves the lines in place (the live log must not announce them again).
    sized.execute_script(
        "arguments[0].querySelectorAll('.log > .day-line').forEach((d) => d.dataset.seen = '1');",
        alex,
    )
    before = len(bot_texts(alex))
    send_text(alex, "menu")
    wait.until(lambda _d: len(bot_texts(alex)) > before)
    assert sized.execute_script(
        "return [...arguments[0].querySelectorAll('.log > .day-line')]"
        ".every((d) => d.dataset.seen === '1');",
        alex,
    )
    assert first_of_day[0].startswith("/start") and "time to look at your plan" in first_of_day[1]
    # A private chat has no page-made "Reply" beside the bot's own buttons.
    assert alex.find_elements(By.CSS_SELECTOR, "button.reply-btn") == []
    sized.save_screenshot(str(tmp_path / f"review-{sized.size_name}.png"))


def test_a_photo_goes_both_ways(playground: str, sized: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    picture = tmp_path / "damp.png"
    picture.write_bytes(PLACEHOLDER_PNG)
    wait = _wait(sized)
    alex, group = join_as_alex(sized, wait, playground)
    click_button(wait, alex, "Ask for support")
    click_button(wait, alex, "Housing")
    wait.until(lambda _d: any("in your own words" in t for t in bot_texts(alex)))
    alex.find_element(By.CSS_SELECTOR, "textarea.composer").send_keys("the damp in my room")
    answered = len(bot_texts(alex))
    alex.find_element(By.CSS_SELECTOR, "input.file-input").send_keys(str(picture))
    wait.until(lambda _d: alex.find_elements(By.CSS_SELECTOR, ".msg.user img.photo"))
    wait.until(lambda _d: len(bot_texts(alex)) > answered)
    # A voice note picked from the device goes as a Telegram voice message.
    voice = tmp_path / "note.ogg"
    voice.write_bytes(b"OggS\x00\x02 a voice note")
    before = len(bot_texts(alex))
    alex.find_element(By.CSS_SELECTOR, "input.file-input").send_keys(str(voice))
    wait.until(
        lambda _d: any(
            "Voice message" in (m.get_attribute("textContent") or "")
            for m in alex.find_elements(By.CSS_SELECTOR, ".msg.user")
        )
    )
    wait.until(lambda _d: len(bot_texts(alex)) > before)
    click_button(wait, alex, "Next ➡")
    click_button(wait, alex, "This week")
    wait.until(lambda _d: any("Photos, files or voice notes: 2" in t for t in bot_texts(alex)))
    click_button(wait, alex, "Send it")
    group = panel_of(sized, wait, GROUP)
    wait.until(lambda _d: group.find_elements(By.CSS_SELECTOR, ".msg.bot img.photo"))
    copy = group.find_elements(By.CSS_SELECTOR, ".msg.bot img.photo")[0]
    assert copy.get_attribute("alt") == "Photo: the damp in my room"

    def card() -> Any:
        for message in group.find_elements(By.CSS_SELECTOR, ".msg.bot"):
            if "asked for help with: Housing" in (message.get_attribute("textContent") or ""):
                return message
        return False

    wait.until(lambda _d: card())
    click_button(wait, group, "Pick up")
    wait.until(lambda _d: "Picked up by Sam" in card().get_attribute("textContent"))
    card().find_element(By.CSS_SELECTOR, "button.reply-btn").click()
    form = tmp_path / "form.png"
    form.write_bytes(PLACEHOLDER_PNG)
    group.find_element(By.CSS_SELECTOR, "textarea.composer").send_keys("form to fill in")
    group.find_element(By.CSS_SELECTOR, "input.file-input").send_keys(str(form))
    alex = panel_of(sized, wait, ALEX)
    wait.until(
        lambda _d: any("Sam from Lifelong Links sent you this" in t for t in bot_texts(alex))
    )
    wait.until(lambda _d: alex.find_elements(By.CSS_SELECTOR, ".msg.bot img.photo"))
    photo = alex.find_elements(By.CSS_SELECTOR, ".msg.bot img.photo")[-1]
    assert photo.get_attribute("alt") == "Photo: form to fill in"
    wait.until(lambda _d: "answer" in checklist_done(sized))  # a photo reply answers too
    sized.save_screenshot(str(tmp_path / f"photo-{sized.size_name}.png"))


def test_reset_world_starts_afresh_without_a_restart(
    playground: str, sized: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    wait = _wait(sized)
    alex, _group = join_as_alex(sized, wait, playground)
    wait.until(lambda _d: "join" in checklist_done(sized))
    reset = sized.find_element(By.ID, "reset-open")
    reset.click()
    dialog = sized.find_element(By.ID, "reset-dialog")
    wait.until(lambda _d: dialog.is_displayed())
    # Cancel keeps everything.
    dialog.find_element(By.CSS_SELECTOR, 'button[value="cancel"]').click()
    wait.until(lambda _d: not dialog.is_displayed())
    assert any("Hi Alex!" in t for t in bot_texts(alex))
    reset.click()
    wait.until(lambda _d: dialog.is_displayed())
    sized.find_element(By.ID, "reset-confirm").click()
    # The page starts again on a fresh world: the welcome card, an empty list, a new invite.
    wait.until(
        lambda d: d.execute_script(
            "const i = document.querySelector('section.panel[data-chat-id=\"5001\"] .intro');"
            "return i && !i.hidden && document.querySelectorAll('#checklist li').length === 7"
            # (the managers' group may already hold this month's digest: a new world's sweep)
            ' && document.querySelectorAll(\'section.panel:not([data-chat-id="-1001002"])'
            " .msg').length === 0;"
        )
    )
    assert checklist_done(sized) == set()
    join_as_alex(sized, wait, playground)
    alex = panel_of(sized, wait, ALEX)
    assert not any("already been used" in t for t in bot_texts(alex))


def test_after_delete_everything_the_chat_points_at_reset(
    playground: str, sized: Any, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    wait = _wait(sized)
    alex, _group = join_as_alex(sized, wait, playground)
    send_text(alex, "/data")
    click_button(wait, alex, "Delete everything")
    click_button(wait, alex, "Yes, go on")
    click_button(wait, alex, "Yes, delete it all")
    wait.until(lambda _d: any("deleted everything" in t for t in bot_texts(alex)))
    wait.until(lambda _d: "delete" in checklist_done(sized))
    card = wait.until(lambda _d: alex.find_element(By.CSS_SELECTOR, ".intro.erased"))
    wait.until(lambda _d: card.is_displayed())
    assert "Alex's data is deleted" in card.text
    # It is the newest thing in the chat, and its button opens the Reset world dialog.
    assert sized.execute_script(
        "return arguments[0].closest('.log').lastElementChild === arguments[0];", card
    )
    card.find_element(By.CSS_SELECTOR, ".intro-btn").click()
    dialog = sized.find_element(By.ID, "reset-dialog")
    wait.until(lambda _d: dialog.is_displayed())
    dialog.find_element(By.CSS_SELECTOR, 'button[value="cancel"]').click()
    sized.save_screenshot(str(tmp_path / f"erased-{sized.size_name}.png"))


def test_axe_finds_no_serious_problems(playground: str, sized: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    wait = _wait(sized)
    sized.get(playground)
    wait.until(lambda _d: sized.find_elements(By.CSS_SELECTOR, "#checklist li"))
    assert run_axe(sized) == []
    alex, _group = join_as_alex(sized, wait, playground)
    click_button(wait, alex, "My people")
    wait.until(lambda _d: any("➕" in t for t in bot_texts(alex)[-1:]))
    open_clock(sized, wait)
    # A pressed button is "busy" for a moment; it must keep its contrast then too.
    sized.execute_script(
        "document.querySelectorAll('.inline-btn, .control')"
        ".forEach((b) => b.setAttribute('aria-busy', 'true'));"
    )
    problems = run_axe(sized)
    assert problems == [], json.dumps(problems, indent=1)[:3000]
    unlabelled = sized.execute_script(
        "return [...document.querySelectorAll('button, textarea, input, summary, [role=tab]')]"
        ".filter((e) => !e.closest('[hidden]') && !(e.getAttribute('aria-label') ||"
        " e.textContent.trim() || (e.labels && e.labels.length))).map((e) => e.outerHTML);"
    )
    assert unlabelled == []


def test_every_control_is_reached_with_the_tab_key(playground: str, sized: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    wait = _wait(sized)
    sized.get(playground)
    alex = panel_of(sized, wait, ALEX)
    wait.until(lambda _d: alex.find_element(By.CSS_SELECTOR, ".intro-btn").is_displayed())
    reached: list[str] = []
    for _ in range(40):
        ActionChains(sized).send_keys(Keys.TAB).perform()
        reached.append(
            sized.execute_script(
                "const e = document.activeElement;"
                "return e.id || e.getAttribute('aria-label') || e.textContent.trim().slice(0, 30);"
            )
        )
    for control in ("Clock", "reset-open", "Join", "Send", "/menu"):
        assert any(r.startswith(control) for r in reached), (control, reached)
    assert any(r.startswith("Attach a photo or file as Alex") for r in reached), reached
    assert any(r.startswith("composer-0") for r in reached), reached
    if sized.size_name == "phone":
        assert "tab-0" in reached  # the tabs: one stop, arrow keys move between them
        sized.find_element(By.ID, "tab-0").send_keys(Keys.ARROW_RIGHT)
        group = sized.find_element(By.CSS_SELECTOR, f'section.panel[data-chat-id="{GROUP}"]')
        wait.until(lambda _d: group.is_displayed())
