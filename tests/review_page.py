#!/usr/bin/env python3
"""Drives bitext's HTML review page in a real headless Chromium, for
tests/it/review_page.rs, over the Chrome DevTools Protocol on a pipe
(--remote-debugging-pipe: the browser reads commands from fd 3 and writes
to fd 4, NUL-separated JSON), so that no websocket library is needed.

    review_page.py CHROMIUM PAGE.html OUTDIR STEPS.json

Loads the page from file://, takes a screenshot (OUTDIR/page.png), runs
the steps (key presses, typed text, clicks, as a reviewer would give
them), waits for the download the page starts when it saves, and prints
a JSON report on standard output:

    {"requests": [urls the page asked for], "errors": [uncaught errors],
     "screenshot": path, "saved": path of the downloaded file or null,
     "exposed": path of what window.bitextReviewFile() returned}

A step is one of
    {"key": "o"}  {"key": "E", "shift": true}  {"key": "s", "ctrl": true}
    {"key": "ArrowDown"}  {"key": "Enter"}  {"text": "typed text"}
    {"click": "css selector"}  {"screenshot": "name.png"}  {"reload": true}
    {"expect": "JavaScript expression", "equals": value}
(an expectation not met stops the run with exit status 1).
"""

import base64
import fcntl
import struct
import zlib
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time

# Seconds to wait for an answer; the first one waits for the browser to
# start, which on a machine busy with other tests can take long.
TIMEOUT = 60.0
STARTUP = 180.0

# Keys that are no characters: (code, Windows virtual key code, text).
SPECIAL = {
    "Enter": ("Enter", 13, "\r"),
    "Tab": ("Tab", 9, ""),
    "Escape": ("Escape", 27, ""),
    "ArrowDown": ("ArrowDown", 40, ""),
    "ArrowUp": ("ArrowUp", 38, ""),
}


class Browser:
    def __init__(self, chromium, profile):
        to_browser = os.pipe()
        from_browser = os.pipe()
        # Above 4, so that putting them on 3 and 4 in the child never moves
        # a descriptor onto itself (which would keep its close-on-exec flag).
        child_in = fcntl.fcntl(to_browser[0], fcntl.F_DUPFD, 10)
        child_out = fcntl.fcntl(from_browser[1], fcntl.F_DUPFD, 10)

        def pipes():
            os.dup2(child_in, 3)
            os.dup2(child_out, 4)

        args = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            "--user-data-dir=" + profile,
            "--remote-debugging-pipe",
            "--window-size=1280,900",
            "about:blank",
        ]
        self.process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=open(os.path.join(profile, "chromium.log"), "wb"),
            preexec_fn=pipes,
            # Not closed after preexec_fn: 3 and 4 are the pipe (the
            # parent's own descriptors are close-on-exec).
            close_fds=False,
        )
        for fd in (to_browser[0], from_browser[1], child_in, child_out):
            os.close(fd)
        self.out = os.fdopen(to_browser[1], "wb")
        self.incoming = os.fdopen(from_browser[0], "rb")
        self.next_id = 0
        self.replies = {}
        self.events = []
        self.messages = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        buffer = b""
        while True:
            chunk = self.incoming.read1(65536)
            if not chunk:
                self.messages.put(None)
                return
            buffer += chunk
            while b"\0" in buffer:
                message, buffer = buffer.split(b"\0", 1)
                self.messages.put(json.loads(message))

    def _pump(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("Chromium did not answer in time")
        try:
            message = self.messages.get(timeout=remaining)
        except queue.Empty:
            raise TimeoutError("Chromium did not answer in time")
        if message is None:
            raise RuntimeError("Chromium closed the pipe (see chromium.log)")
        if "id" in message:
            self.replies[message["id"]] = message
        else:
            self.events.append(message)

    def send(self, method, params=None, session=None, timeout=TIMEOUT):
        self.next_id += 1
        command = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            command["sessionId"] = session
        self.out.write(json.dumps(command).encode() + b"\0")
        self.out.flush()
        deadline = time.monotonic() + timeout
        while self.next_id not in self.replies:
            self._pump(deadline)
        reply = self.replies.pop(self.next_id)
        if "error" in reply:
            raise RuntimeError(f"{method}: {reply['error']}")
        return reply.get("result", {})

    def wait_for(self, test, seconds=TIMEOUT, since=0):
        """The first event (seen before, from the since-th on, or arriving
        now) that passes test."""
        deadline = time.monotonic() + seconds
        while True:
            for event in self.events[since:]:
                if test(event):
                    return event
            self._pump(deadline)

    def close(self):
        try:
            self.send("Browser.close")
        except (RuntimeError, TimeoutError, BrokenPipeError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Page:
    def __init__(self, browser, session):
        self.browser = browser
        self.session = session

    def send(self, method, params=None):
        return self.browser.send(method, params, self.session)

    def evaluate(self, expression):
        result = self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def key(self, key, shift=False, ctrl=False):
        modifiers = (2 if ctrl else 0) | (8 if shift else 0)
        if key in SPECIAL:
            code, virtual, text = SPECIAL[key]
        else:
            code = "Key" + key.upper() if key.isalpha() else ""
            virtual = ord(key.upper())
            text = "" if ctrl else key
        down = {
            "type": "keyDown" if text else "rawKeyDown",
            "key": key,
            "code": code,
            "windowsVirtualKeyCode": virtual,
            "modifiers": modifiers,
        }
        if text:
            down["text"] = text
        self.send("Input.dispatchKeyEvent", down)
        self.send(
            "Input.dispatchKeyEvent",
            {"type": "keyUp", "key": key, "code": code,
             "windowsVirtualKeyCode": virtual, "modifiers": modifiers},
        )

    def click(self, selector):
        box = self.evaluate(
            "(() => { const e = document.querySelector(%s); if (!e) return null;"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()" % json.dumps(selector)
        )
        if box is None:
            raise RuntimeError(f"no element {selector} to click")
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box[0], "y": box[1], "button": "left",
                 "clickCount": 1 if kind != "mouseMoved" else 0},
            )

    def screenshot(self, path):
        shot = self.send("Page.captureScreenshot", {"format": "png"})
        with open(path, "wb") as f:
            f.write(base64.b64decode(shot["data"]))
        return path


def png_stats(path):
    """Width, height and the number of distinct colours of a PNG image
    (8-bit RGB or RGBA, not interlaced, as Chromium writes them), so that
    the test can tell a rendered page from a blank one."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return {"png": False}
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    stats = {"png": True, "width": width, "height": height, "bytes": len(data)}
    if depth != 8 or colour not in (2, 6) or interlace:
        return stats
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    previous = bytearray(stride)
    colours = set()
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = previous[x]
            c = previous[x - bpp] if x >= bpp else 0
            if kind == 1:
                line[x] = (line[x] + a) & 255
            elif kind == 2:
                line[x] = (line[x] + b) & 255
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        if y % 4 == 0:
            for x in range(0, stride, bpp * 4):
                colours.add(bytes(line[x:x + 3]))
        previous = line
    stats["colours"] = len(colours)
    return stats


class Unmet(Exception):
    pass


def main():
    chromium, page_path, outdir, steps_path = sys.argv[1:5]
    with open(steps_path, encoding="utf-8") as f:
        steps = json.load(f)
    downloads = os.path.join(outdir, "downloads")
    os.makedirs(downloads, exist_ok=True)
    profile = tempfile.mkdtemp(prefix="chromium-", dir=outdir)
    browser = Browser(chromium, profile)
    try:
        report = review(browser, page_path, outdir, downloads, steps)
    except Unmet as unmet:
        print(f"review_page.py: {unmet}", file=sys.stderr)
        sys.exit(1)
    except (RuntimeError, TimeoutError):
        with open(os.path.join(profile, "chromium.log"), errors="replace") as log:
            print("Chromium said:\n" + log.read()[-4000:], file=sys.stderr)
        raise
    finally:
        browser.close()
    report["screenshot_stats"] = png_stats(report["screenshot"])
    print(json.dumps(report))


def review(browser, page_path, outdir, downloads, steps):
    browser.send(
        "Browser.setDownloadBehavior",
        {"behavior": "allow", "downloadPath": downloads, "eventsEnabled": True},
        timeout=STARTUP,
    )
    target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = browser.send(
        "Target.attachToTarget", {"targetId": target, "flatten": True}
    )["sessionId"]
    page = Page(browser, session)
    for domain in ("Page", "Network", "Runtime"):
        page.send(domain + ".enable")
    page.send(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    url = "file://" + os.path.abspath(page_path)
    page.send("Page.navigate", {"url": url})
    browser.wait_for(
        lambda e: e.get("method") == "Page.loadEventFired" and e.get("sessionId") == session
    )
    screenshot = page.screenshot(os.path.join(outdir, "page.png"))
    for step in steps:
        if "key" in step:
            page.key(step["key"], shift=step.get("shift", False), ctrl=step.get("ctrl", False))
        elif "text" in step:
            page.send("Input.insertText", {"text": step["text"]})
        elif "click" in step:
            page.click(step["click"])
        elif "reload" in step:
            # As a reviewer closing and opening the page again.
            # The page asks before leaving a review not saved: leave.
            seen = len(browser.events)
            page.send("Page.reload", {"ignoreCache": True})
            event = browser.wait_for(
                lambda e: e.get("method") in ("Page.loadEventFired", "Page.javascriptDialogOpening")
                and e.get("sessionId") == session,
                since=seen,
            )
            if event["method"] == "Page.javascriptDialogOpening":
                seen = len(browser.events)
                page.send("Page.handleJavaScriptDialog", {"accept": True})
                browser.wait_for(
                    lambda e: e.get("method") == "Page.loadEventFired"
                    and e.get("sessionId") == session,
                    since=seen,
                )
        elif "screenshot" in step:
            page.screenshot(os.path.join(outdir, step["screenshot"]))
        elif "expect" in step:
            found = page.evaluate(step["expect"])
            if found != step["equals"]:
                raise Unmet(f"{step['expect']} is {found!r}, expected {step['equals']!r}")
        else:
            raise RuntimeError(f"unknown step {step}")
    saved = None
    try:
        begun = [browser.wait_for(
            lambda e: e.get("method") == "Browser.downloadWillBegin", seconds=10)]
    except TimeoutError:
        begun = []
    if begun:
        done = browser.wait_for(
            lambda e: e.get("method") == "Browser.downloadProgress"
            and e["params"].get("state") in ("completed", "canceled")
        )
        if done["params"]["state"] == "completed":
            saved = done["params"].get("filePath") or os.path.join(
                downloads, begun[0]["params"]["suggestedFilename"]
            )
    exposed = os.path.join(outdir, "exposed.json")
    with open(exposed, "w", encoding="utf-8") as f:
        f.write(page.evaluate("window.bitextReviewFile()"))
    requests = [
        e["params"]["request"]["url"]
        for e in browser.events
        if e.get("method") == "Network.requestWillBeSent"
    ]
    errors = [
        e["params"]["exceptionDetails"].get("exception", {}).get("description")
        or e["params"]["exceptionDetails"].get("text")
        for e in browser.events
        if e.get("method") == "Runtime.exceptionThrown"
    ]
    return {
        "requests": requests,
        "errors": errors,
        "screenshot": screenshot,
        "saved": saved,
        "exposed": exposed,
        "suggested": [e["params"]["suggestedFilename"] for e in begun],
    }


if __name__ == "__main__":
    main()
