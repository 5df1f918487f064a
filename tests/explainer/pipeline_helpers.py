"""Helpers for the render pipeline's tests: a small story, decoding, and headless Chromium."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import av
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = "tests/explainer/fixtures/tiny_scenes.py"
SIZE = (256, 144)
FPS = 10
SMALL = ["--resolution", f"{SIZE[0]},{SIZE[1]}", "--fps", str(FPS)]


def story_file(tmp: Path, scenes: list[tuple[str, str]], module: str = FIXTURE) -> Path:
    """A --story JSON of (scene, title) pairs from one module."""
    path = tmp / "story.json"
    path.write_text(json.dumps([{"module": module, "scene": s, "title": t,
                                 "assets": ["seed-notebook"]} for s, t in scenes]))
    return path


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def decode(path: Path, fmt: str = "rgb24") -> list[np.ndarray]:
    """Every frame of a video as arrays (VP9 with alpha through libvpx, which keeps alpha)."""
    frames = []
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        if fmt == "rgba" and s.codec_context.name == "vp9":
            dec = av.CodecContext.create("libvpx-vp9", "r")
            for packet in c.demux(s):
                frames += [f.to_ndarray(format=fmt) for f in dec.decode(
                    packet if packet.size else None)]
        else:
            frames = [f.to_ndarray(format=fmt) for f in c.decode(s)]
    return frames


# Resolves, inside the page, once every <video> has either loaded its metadata (the page's
# own script then sets data-loaded-duration) or failed (data-load-error): an event, not a time.
_VIDEOS_SETTLED = """
new Promise(resolve => {
  const settled = v => v.dataset.loadedDuration !== undefined
                       || v.dataset.loadError !== undefined;
  const check = () => [...document.querySelectorAll('video')].every(settled)
    ? resolve(document.documentElement.outerHTML) : setTimeout(check, 50);
  check();
})
"""

# Only guards against a browser that hangs; every wait above ends on an event long before.
_BROWSER_HANG_GUARD = 600.0


class _DevTools:
    """The DevTools protocol over --remote-debugging-pipe: JSON messages ended by NUL, the
    browser reading fd 3 and writing fd 4."""

    def __init__(self, exe: str, profile: Path, log: Path) -> None:
        import os
        import select

        self._select = select
        to_chrome_r, self._w = os.pipe()
        self._r, from_chrome_w = os.pipe()
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", f"--user-data-dir={profile}", "--remote-debugging-pipe",
                "about:blank"]
        # bash (dash takes one-digit descriptors only) puts the pipes on the descriptors the
        # browser expects, then becomes it
        shell = f'exec "$@" 3<&{to_chrome_r} 4>&{from_chrome_w}'
        with open(log, "wb") as err:
            self.proc = subprocess.Popen(["bash", "-c", shell, "bash", *args],
                                         pass_fds=(to_chrome_r, from_chrome_w),
                                         stdin=subprocess.DEVNULL, stdout=err, stderr=err)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._next = 0
        self.events: list[dict] = []

    def _message(self) -> dict:
        import os
        import time

        deadline = time.monotonic() + _BROWSER_HANG_GUARD
        while b"\0" not in self._buf:
            ready, _, _ = self._select.select([self._r], [], [], 5.0)
            if not ready:
                assert time.monotonic() < deadline, "Chromium stopped answering"
                continue
            chunk = os.read(self._r, 1 << 16)
            assert chunk, f"Chromium exited (code {self.proc.poll()})"
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        import os

        self._next += 1
        msg = {"id": self._next, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._w, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._message()
            if reply.get("id") == self._next:
                assert "error" not in reply, f"{method}: {reply['error']}"
                return reply["result"]
            self.events.append(reply)

    def wait_event(self, method: str, session: str) -> None:
        while True:
            found = [e for e in self.events
                     if e.get("method") == method and e.get("sessionId") == session]
            if found:
                return
            self.events.append(self._message())

    def close(self) -> None:
        import os

        try:
            if self.proc.poll() is None:
                self.call("Browser.close")
        except (AssertionError, OSError):
            pass
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.proc.wait()
            os.close(self._r)
            os.close(self._w)


def chromium_dom(html: Path, tmp: Path) -> str:
    """The page's DOM once every video on it has loaded (or failed), from headless Chromium
    (Debian's chromium) driven over the DevTools protocol."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium is not installed (scripts/bootstrap.sh installs it)"
    profile = tmp / "chromium-profile"
    profile.mkdir(exist_ok=True)
    browser = _DevTools(exe, profile, tmp / "chromium.log")
    try:
        target = browser.call("Target.createTarget", url="about:blank")["targetId"]
        session = browser.call("Target.attachToTarget", targetId=target,
                               flatten=True)["sessionId"]
        browser.call("Page.enable", session)
        browser.call("Page.navigate", session, url=html.resolve().as_uri())
        browser.wait_event("Page.loadEventFired", session)
        result = browser.call("Runtime.evaluate", session, expression=_VIDEOS_SETTLED,
                              awaitPromise=True, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"]["value"]
    finally:
        browser.close()


def video_durations(dom: str) -> dict[str, float]:
    """id -> the duration the browser decoded, from each <video>'s data-loaded-duration."""
    out = {}
    for tag in re.findall(r"<video\b[^>]*>", dom):
        vid = re.search(r'\bid="([^"]+)"', tag)
        dur = re.search(r'data-loaded-duration="([^"]+)"', tag)
        err = re.search(r'data-load-error="([^"]+)"', tag)
        assert vid, tag
        assert not err, f"{vid.group(1)} failed to load in Chromium: {tag}"
        out[vid.group(1)] = float(dur.group(1)) if dur else float("nan")
    return out
