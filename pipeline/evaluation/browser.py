"""Headless Chromium: the report pages as a reader's browser draws them, for screenshots and
for tests that check what is on screen (``scripts/screenshot_reports.py``, ``tests/test_report.py``)."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["CHROMIUM_NAMES", "find_chromium", "screenshot", "rendered_dom"]

logger = logging.getLogger(__name__)

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


def find_chromium() -> str | None:
    """The path of a Chromium (or Chrome) executable on PATH, or None."""
    return next((path for path in map(shutil.which, CHROMIUM_NAMES) if path), None)


def _headless_chromium(html_path: str | Path, *options: str, timeout: float) -> subprocess.CompletedProcess:
    """Run headless Chromium on a local page with a fresh profile and no network use.

    Raises:
        FileNotFoundError: no Chromium on PATH (Debian: ``apt-get install chromium``).
    """
    browser = find_chromium()
    if browser is None:
        raise FileNotFoundError("no Chromium on PATH; install Debian's `chromium` package")
    with tempfile.TemporaryDirectory() as profile:
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--force-device-scale-factor=1", f"--user-data-dir={profile}",
            *options, Path(html_path).resolve().as_uri(),
        ]
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)


def screenshot(html_path: str | Path, png_path: str | Path, *, width: int = 1400, height: int = 2000,
               timeout: float = 120.0) -> Path:
    """Take a PNG screenshot of an HTML file with headless Chromium (no network, fresh profile).

    Args:
        html_path: the page to render.
        png_path: the PNG to write.
        width: window width in pixels.
        height: window height in pixels (the screenshot is the window, not the whole page).
        timeout: seconds before Chromium is given up on.

    Returns:
        Path: ``png_path``.

    Raises:
        FileNotFoundError: no Chromium on PATH (Debian: ``apt-get install chromium``).
        RuntimeError: Chromium ran but wrote no screenshot.
    """
    png_path = Path(png_path).resolve()
    png_path.unlink(missing_ok=True)
    completed = _headless_chromium(html_path, f"--screenshot={png_path}", f"--window-size={width},{height}",
                                   timeout=timeout)
    if not png_path.exists():
        raise RuntimeError(f"Chromium wrote no screenshot (exit {completed.returncode}): {completed.stderr[-500:]}")
    logger.info("screenshot of %s written to %s", html_path, png_path)
    return png_path


def rendered_dom(html_path: str | Path, *, width: int = 1400, height: int = 2000, timeout: float = 120.0) -> str:
    """The document as headless Chromium holds it after loading and laying out the page.

    Inline scripts have run by then, so a script added to the page can write what it
    measured (element sizes, positions, computed styles) into the DOM for a check to read.

    Raises:
        FileNotFoundError: no Chromium on PATH.
        RuntimeError: Chromium printed no document.
    """
    completed = _headless_chromium(html_path, "--dump-dom", f"--window-size={width},{height}", timeout=timeout)
    if "<html" not in completed.stdout:
        raise RuntimeError(f"Chromium printed no document (exit {completed.returncode}): {completed.stderr[-500:]}")
    return completed.stdout
