"""Throwaway driver for the 2026-12-06 new-user trial: one headless Chromium session kept
alive through chromedriver, so each step is one command.

    drive.py open URL                 start a session and open the playground
    drive.py say alex|sam TEXT        type TEXT in that panel's composer and press Send
    drive.py reply alex|sam N TEXT    tap "Reply" on the Nth-last message of the panel, then send
    drive.py tap alex|sam LABEL [K]   click the newest inline button labelled LABEL (K-th newest)
    drive.py chip alex|sam LABEL      click a quick chip / reply-keyboard chip
    drive.py show alex|sam [N]        print the last N messages of the panel
    drive.py shot NAME [alex|sam]     screenshot (whole window or one panel) to /tmp/trial-shots
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from selenium.webdriver.chrome.options import Options
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

DRIVER = "http://127.0.0.1:18432"
STATE = Path("/tmp/trial-session.json")
SHOTS = Path("/tmp/trial-shots")
PANELS = {"alex": "5001", "sam": "-1001001"}


class Attached(WebDriver):
    def start_session(self, capabilities, *args, **kwargs):  # type: ignore[override]
        self.session_id = json.loads(STATE.read_text())["id"]
        self.caps = {}


def new() -> WebDriver:
    opts = Options()
    opts.binary_location = "/usr/bin/chromium"
    for flag in (
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1280,1000", "--user-data-dir=/tmp/trial-chrome",
    ):
        opts.add_argument(flag)
    d = WebDriver(command_executor=DRIVER, options=opts)
    STATE.write_text(json.dumps({"id": d.session_id}))
    return d


def attach() -> WebDriver:
    return Attached(command_executor=DRIVER, options=Options())


def panel(d: WebDriver, who: str):
    return d.find_element(By.CSS_SELECTOR, f'section.panel[data-chat-id="{PANELS[who]}"]')


def msgs(p) -> list[tuple[str, str]]:
    out = []
    for m in p.find_elements(By.CSS_SELECTOR, ".msg"):
        cls = m.get_attribute("class")
        who = "BOT" if "bot" in cls else "ME "
        text = m.find_element(By.CSS_SELECTOR, ".bubble").text
        btns = [b.text for b in m.find_elements(By.CSS_SELECTOR, "button.inline-btn")]
        out.append((who, text + (f"\n      [{' | '.join(btns)}]" if btns else "")))
    return out


def settle(d: WebDriver, p, before: int, wait: float = 6.0) -> None:
    """Wait until new bot messages stop arriving (or the timeout)."""
    deadline = time.time() + wait
    last = before
    quiet = 0.0
    while time.time() < deadline:
        time.sleep(0.4)
        n = len(p.find_elements(By.CSS_SELECTOR, ".msg")) + sum(
            len(m.text) for m in p.find_elements(By.CSS_SELECTOR, ".msg.bot")[-2:]
        )
        if n != last:
            last, quiet = n, 0.0
        else:
            quiet += 0.4
            if quiet >= 1.6 and n != before:
                break


def sig(p) -> int:
    return len(p.find_elements(By.CSS_SELECTOR, ".msg")) + sum(
        len(m.text) for m in p.find_elements(By.CSS_SELECTOR, ".msg.bot")[-2:]
    )


def show(p, n: int) -> None:
    for who, text in msgs(p)[-n:]:
        print(f"{who}: " + text.replace("\n", "\n      "))
        print("   ---")


def main() -> None:
    cmd, *args = sys.argv[1:]
    if cmd == "open":
        d = new()
        d.get(args[0])
        time.sleep(2)
        return
    d = attach()
    if cmd == "shot":
        SHOTS.mkdir(exist_ok=True)
        target = SHOTS / f"{args[0]}.png"
        if len(args) > 1:
            panel(d, args[1]).screenshot(str(target))
        else:
            d.save_screenshot(str(target))
        print(target)
        return
    p = panel(d, args[0])
    if cmd == "show":
        show(p, int(args[1]) if len(args) > 1 else 6)
        return
    before = sig(p)
    other = panel(d, "sam" if args[0] == "alex" else "alex")
    if cmd == "say":
        box = p.find_element(By.CSS_SELECTOR, "textarea.composer")
        box.clear()
        box.send_keys(args[1])
        p.find_element(By.CSS_SELECTOR, "button.send").click()
    elif cmd == "reply":
        ms = p.find_elements(By.CSS_SELECTOR, ".msg")
        ms[-int(args[1])].find_element(By.CSS_SELECTOR, "button.reply-btn").click()
        box = p.find_element(By.CSS_SELECTOR, "textarea.composer")
        box.send_keys(args[2])
        p.find_element(By.CSS_SELECTOR, "button.send").click()
    elif cmd == "tap":
        k = int(args[2]) if len(args) > 2 else 1
        found = [
            b for b in p.find_elements(By.CSS_SELECTOR, ".msg.bot button.inline-btn")
            if b.text.strip() == args[1]
        ]
        if not found:
            print("NO BUTTON", args[1])
            return
        found[-k].click()
    elif cmd == "chip":
        found = [
            b for b in p.find_elements(By.CSS_SELECTOR, "button.chip") if b.text.startswith(args[1])
        ]
        found[-1].click()
    settle(d, p, before)
    time.sleep(0.8)
    show(p, int(args[3]) if cmd == "tap" and len(args) > 3 else 5)
    print("=== other panel (last 2):")
    show(other, 2)


if __name__ == "__main__":
    main()
