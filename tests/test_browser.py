"""The review page and ``serve`` in a real browser: Debian's chromium driven by Selenium through
chromium-driver (no browser downloads). Skipped, saying why, only when they are missing.

With ``SAMIZDAT_SCREENSHOTS=1`` the screenshots README shows are written to ``docs/``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - CI installs it
    webdriver = None  # type: ignore[assignment]

pytestmark = pytest.mark.skipif(
    webdriver is None or not CHROMIUM or not DRIVER,
    reason="needs chromium, chromium-driver (apt) and selenium (pip)",
)
TEXT = """A Pamphlet on Organisation

CHAPTER I.

The organiza-
tion of the workers is the first task of the party,[1] and it falls to every
comrade in every town and village of the land to take it up at once.

[Footnote 1: Lenin, What Is To Be Done?, 1902.]

CHAPTER II.

The committees meet once a week and report on what was done and what
remains to be done, as the rules of the party require.
"""


@pytest.fixture(scope="module")
def driver() -> Iterator[webdriver.Chrome]:
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager never downloads a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(arg)
    options.add_argument("--window-size=1200,900")
    browser = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    browser.set_page_load_timeout(60)
    yield browser
    browser.quit()


def _build(*args: str) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args, "--quiet"], check=True, timeout=300
    )


@pytest.fixture(scope="module")
def seeds_review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds-review")
    _build("manuscript", "--seeds", str(ROOT / "seeds"), "--out", str(out))
    return out


def _shot(browser: webdriver.Chrome, name: str) -> None:
    if os.environ.get("SAMIZDAT_SCREENSHOTS") == "1":
        browser.save_screenshot(str(ROOT / "docs" / name))


def test_the_review_page_shows_every_source_file(driver, seeds_review: Path):
    driver.get((seeds_review / "review.html").as_uri())
    text = driver.find_element(By.TAG_NAME, "body").text
    for source in sorted((ROOT / "seeds").glob("*.txt")):
        assert source.name in text
    _shot(driver, "review-index.png")


def test_the_filter_hides_other_kinds(driver, seeds_review: Path):
    driver.get((seeds_review / "review-letter-to-a-comrade.html").as_uri())
    groups = driver.find_elements(By.CSS_SELECTOR, "section.g")
    assert all(g.is_displayed() for g in groups)
    driver.find_element(By.CSS_SELECTOR, "form.filter input[value=heading]").click()
    shown = [g for g in groups if g.is_displayed()]
    assert 0 < len(shown) < len(groups)
    assert all("heading" in g.get_attribute("data-kinds").split() for g in shown)
    assert all(g.find_elements(By.CSS_SELECTOR, ".m.k-heading") for g in shown)
    driver.find_element(By.CSS_SELECTOR, "form.filter input[value=all]").click()
    assert all(g.is_displayed() for g in groups)


def test_a_decision_link_lands_on_its_line(driver, seeds_review: Path):
    driver.get((seeds_review / "review.html").as_uri())
    link = driver.find_element(
        By.CSS_SELECTOR, 'ul.dec[data-kinds=heading] a[href^="review-letter-to-a-comrade.html#"]'
    )
    line = link.text
    link.click()
    WebDriverWait(driver, 10).until(lambda d: "#" in d.current_url)
    target = f"003_19137c8411423be6.txt-L{line}"
    assert driver.current_url.endswith(f"#{target}")
    row = driver.find_element(By.ID, target)
    assert row.find_element(By.CSS_SELECTOR, "a.n").text == line
    assert "heading, level" in row.text
    top = driver.execute_script("return arguments[0].getBoundingClientRect().top", row)
    assert 0 <= top < driver.execute_script("return window.innerHeight")
    _shot(driver, "review-text.png")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _status(port: int) -> dict:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/__build", timeout=5) as r:
        return json.loads(r.read())


def _wait(check, timeout: float = 120) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError("timed out")


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    book = tmp_path / "book"
    book.mkdir()
    (book / "pamphlet.txt").write_text(TEXT, encoding="utf-8")
    port = _free_port()
    cmd = [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)]
    proc = subprocess.Popen(
        [*cmd, "--seeds", str(book), "--out", str(tmp_path / "out")],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait(lambda: _status(port)["build"] >= 1 and not _status(port)["building"])
        assert _status(port)["ok"], _status(port)
        yield book, port
    finally:
        proc.send_signal(signal.SIGINT)
        output = proc.communicate(timeout=60)[0]
    assert proc.returncode == 0, output
    assert "stopping" in output


def _saved(path: Path, text: str, port: int) -> None:
    """Save a file and wait for the rebuild it causes to finish."""
    before = _status(port)["build"]
    path.write_text(text, encoding="utf-8")
    _wait(lambda: _status(port)["build"] > before and not _status(port)["building"])


def test_serve_reloads_after_a_save(driver, served: tuple[Path, int]):
    book, port = served
    driver.get(f"http://127.0.0.1:{port}/read/")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Pamphlet").click()
    driver.switch_to.frame("book")
    WebDriverWait(driver, 10).until(
        lambda d: "first task" in d.find_element(By.TAG_NAME, "body").text
    )
    driver.find_element(By.CSS_SELECTOR, "a.noteref").click()  # the notes' links work
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return location.hash") != "")
    note = driver.execute_script("return location.hash").lstrip("#")
    assert note.endswith("-n1") and "What Is To Be Done" in driver.find_element(By.ID, note).text
    driver.switch_to.default_content()
    marker = driver.find_element(By.TAG_NAME, "aside")
    _saved(book / "pamphlet.txt", TEXT.replace("first task", "foremost errand"), port)
    WebDriverWait(driver, 30).until(lambda d: _stale(marker))
    driver.switch_to.frame("book")
    WebDriverWait(driver, 30).until(
        lambda d: "foremost errand" in d.find_element(By.TAG_NAME, "body").text
    )
    driver.switch_to.default_content()
    _shot(driver, "serve-read.png")
    driver.get(f"http://127.0.0.1:{port}/review.html")
    assert "pamphlet.txt" in driver.find_element(By.TAG_NAME, "body").text


def _stale(element) -> bool:
    try:
        element.is_displayed()
        return False
    except Exception:  # StaleElementReferenceException: the page was reloaded
        return True


def test_a_broken_corrections_file_shows_its_error(driver, served: tuple[Path, int]):
    book, port = served
    driver.get(f"http://127.0.0.1:{port}/review.html")
    assert "pamphlet.txt" in driver.find_element(By.TAG_NAME, "body").text
    _saved(book / "corrections.toml", "[[correction]\ntext = 'x'\n", port)
    error = _status(port)["error"]
    assert "corrections.toml" in error
    box = driver.find_element(By.ID, "samizdat-build")
    WebDriverWait(driver, 30).until(lambda d: box.is_displayed())
    assert error in box.text
    driver.get(f"http://127.0.0.1:{port}/review.html")  # a fresh load shows it too, not the book
    body = driver.find_element(By.TAG_NAME, "body").text
    assert error in body and "pamphlet.txt" not in body
    _saved(book / "corrections.toml", "", port)
    WebDriverWait(driver, 30).until(
        lambda d: "pamphlet.txt" in d.find_element(By.TAG_NAME, "body").text
    )
