"""Headless Chromium for the page tests and the documentation's screenshot.

Debian's ``chromium`` and ``chromium-driver`` packages (installed by ``.ci/run``) are
driven through Selenium. The flags keep the browser from reaching out on its own
(background networking, component updates, sync), so a page test sees only the
requests the page itself makes.
"""

from __future__ import annotations

import os
import shutil
import struct
import tempfile
import zlib

#: Set by .ci/run: there the browser tests must run, never skip.
REQUIRE = "CLEANWIRE_REQUIRE_BROWSER"

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def _executable(env: str, names: tuple[str, ...]) -> str | None:
    if os.environ.get(env):
        given = os.environ[env]
        return given if os.access(given, os.X_OK) else None
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def find() -> tuple[str | None, str | None, str]:
    """``(chromium, chromedriver, "")``, or ``(None, None, why not)``."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None, None, "selenium is not installed (pip install -e '.[test]')"
    browser = _executable("CLEANWIRE_CHROMIUM", ("chromium", "chromium-browser"))
    driver = _executable("CLEANWIRE_CHROMEDRIVER", ("chromedriver",))
    if browser is None or driver is None:
        return None, None, "no chromium or chromedriver on PATH (apt-get install chromium chromium-driver)"
    return browser, driver, ""


def start(width: int = 1200, height: int = 800):
    """A headless Chromium with a fresh profile, logging every network request."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver, reason = find()
    if browser is None:
        raise RuntimeError(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={width},{height}")
    profile = tempfile.mkdtemp(prefix="cleanwire-chromium-")
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    session = webdriver.Chrome(service=Service(driver), options=options)
    session.cleanwire_profile = profile
    return session


def stop(session) -> None:
    try:
        session.quit()
    finally:
        shutil.rmtree(getattr(session, "cleanwire_profile", ""), ignore_errors=True)


def png_pixels(data: bytes) -> tuple[int, int, int, bytes]:
    """Decode an 8-bit, non-interlaced RGB or RGBA PNG: ``(width, height, channels, pixels)``."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat = 8, []
    width = height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace or colour not in (2, 6):
                raise ValueError("only 8-bit non-interlaced RGB(A) PNG files are read here")
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat.append(body)
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    out = bytearray()
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                row[i] = (row[i] + row[i - channels]) & 0xFF
        elif kind == 2:
            row = bytearray((a + b) & 0xFF for a, b in zip(row, prev))
        elif kind == 3:
            for i in range(stride):
                left = row[i - channels] if i >= channels else 0
                row[i] = (row[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = row[i - channels] if i >= channels else 0
                b = prev[i]
                c = prev[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        out += row
        prev = row
    return width, height, channels, bytes(out)


def grey_variance(data: bytes) -> float:
    """Variance of the brightness of a PNG's pixels (0 for a blank, one-colour image)."""
    width, height, channels, pixels = png_pixels(data)
    count = width * height
    total = squares = 0
    for i in range(0, len(pixels), channels):
        grey = (pixels[i] * 299 + pixels[i + 1] * 587 + pixels[i + 2] * 114) // 1000
        total += grey
        squares += grey * grey
    mean = total / count
    return squares / count - mean * mean
