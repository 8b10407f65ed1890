"""The review page and ``serve`` in a real browser: Debian's chromium driven by Selenium through
chromium-driver (no browser downloads). Skipped, saying why, only when they are missing.

With ``SAMIZDAT_SCREENSHOTS=1`` the screenshots README shows are written to ``docs/``.
"""

from __future__ import annotations

import contextlib
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


@contextlib.contextmanager
def _serving(book: Path, out: Path) -> Iterator[int]:
    """``python build.py serve`` of ``book`` after its first build; stopped with Ctrl-C."""
    port = _free_port()
    cmd = [sys.executable, str(ROOT / "build.py"), "serve", "--port", str(port)]
    proc = subprocess.Popen(
        [*cmd, "--seeds", str(book), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait(lambda: _status(port)["build"] >= 1 and not _status(port)["building"])
        assert _status(port)["ok"], _status(port)
        yield port
    finally:
        proc.send_signal(signal.SIGINT)
        output = proc.communicate(timeout=60)[0]
    assert proc.returncode == 0, output
    assert "stopping" in output


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    book = tmp_path / "book"
    book.mkdir()
    (book / "pamphlet.txt").write_text(TEXT, encoding="utf-8")
    with _serving(book, tmp_path / "out") as port:
        yield book, port


def _saved(path: Path, text: str, port: int) -> None:
    """Save a file and wait for the rebuild it causes to finish."""
    before = _status(port)["build"]
    path.write_text(text, encoding="utf-8")
    _wait(lambda: _status(port)["build"] > before and not _status(port)["building"])


def test_serve_reloads_after_a_save(driver, served: tuple[Path, int]):
    book, port = served
    driver.get(f"http://127.0.0.1:{port}/read/")
    nav = driver.find_element(By.CSS_SELECTOR, "nav[aria-label=Contents]")  # not the book title
    nav.find_element(By.PARTIAL_LINK_TEXT, "Pamphlet").click()
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


#: The editor's walkthrough of issue 14's "Done when": six kinds of decision in the seeds a
#: copy-editor could dispute, each fixed by a [[structure]] entry: (text id, source file, line,
#: at, as, reason, a script over the text's reading-view document true once the fix shows).
FIND = """
const find = (s) => {
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode()) if (n.data.includes(s)) return n.parentElement;
  return null;
};
"""
FIXES = [
    (
        "letter-to-a-comrade",
        "003_19137c8411423be6.txt",
        123,
        "the committee instructs",
        "join",
        "a paragraph opening in lowercase goes on the one before",
        'return find("the committee instructs").closest("p").textContent'
        '.includes("as follows: the committee instructs")',
    ),
    (
        "leninist-party",
        "000_af4abf0bc9dc1f10.txt",
        50,
        "When, in the days of handicraft",
        "quotation",
        "Lenin's words go on after the first paragraph of the quotation",
        'return find("When, in the days of handicraft").closest("blockquote") !== null',
    ),
    (
        "blog-posts",
        "004_d3d1742f730c75da.txt",
        56,
        "Did Stalin know of the intrigues",
        "heading",
        "the title of a post",
        'return find("Did Stalin know of the intrigues").closest("h2") !== null',
    ),
    (
        "seizure-of-power",
        "001_5a58b11b1ddb9097.txt",
        5,
        "Those who accept this position",
        "paragraph",
        "the thesis stated, then the essay's aim",
        'return find("Those who accept this position").closest("p").textContent.trim()'
        '.startsWith("Those who accept this position")',
    ),
    (
        "letter-to-a-comrade",
        "003_19137c8411423be6.txt",
        68,
        "**To the St. Petersburg",
        "verse",
        "the letter's address, on two lines as printed",
        'const p = find("and to Comrade Yeryoma").closest("p");'
        'return p.querySelector("br") !== null && p.textContent.includes("in general")',
    ),
    (
        "letter-to-a-comrade",
        "003_19137c8411423be6.txt",
        66,
        "A Letter to a Comrade on Our Organizational Tasks\n\n**To the St.",
        "not-heading",
        "the letter's title repeated over it, not a section",
        "return ![...document.querySelectorAll('h2')].some((h) => h.textContent.trim() =="
        ' "A Letter to a Comrade on Our Organizational Tasks")',
    ),
    (
        "stalin-and-bureaucracy",
        "002_d5d8f749078e5ea1.txt",
        1207,
        "‘a truly hopeless",
        "not-quotation",
        "Lenin's phrase, run into the sentence quoting it",
        'return find("a truly hopeless").closest("blockquote") === null',
    ),
]


def _toml(text: str, at: str, kind: str, reason: str) -> str:
    quoted = json.dumps(at, ensure_ascii=False)  # a TOML basic string ("\\n" for a line end)
    return f'\n[[structure]]\ntext = "{text}"\nat = {quoted}\nas = "{kind}"\nreason = "{reason}"\n'


def _reading(driver: webdriver.Chrome, port: int, ident: str, script: str) -> bool:
    """Open the text ``ident`` in the reading view; ``script`` run over its document."""
    driver.switch_to.default_content()
    if "/read/" not in driver.current_url:
        driver.get(f"http://127.0.0.1:{port}/read/")
    driver.find_element(By.CSS_SELECTOR, f'aside a[href$="/{ident}.xhtml"]').click()
    driver.switch_to.frame("book")
    WebDriverWait(driver, 30).until(
        lambda d: (
            d.execute_script("return location.pathname").endswith(f"/{ident}.xhtml")
            and d.execute_script("return document.readyState") == "complete"
        )
    )
    return bool(driver.execute_script(FIND + script))


def _review_row(driver: webdriver.Chrome, port: int, file: str, line: int) -> str:
    """The review page's row of ``file``'s source line ``line``, reached from the index."""
    driver.switch_to.default_content()
    driver.get(f"http://127.0.0.1:{port}/review.html")
    links = driver.find_elements(
        By.CSS_SELECTOR, f'section.text[id="{file}"] ul.dec[data-kinds=structure] a'
    )
    link = next(a for a in links if a.text == str(line))
    link.click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith(f"#{file}-L{line}"))
    return driver.find_element(By.ID, f"{file}-L{line}").text


def test_an_editor_fixes_six_kinds_of_decision_in_the_live_preview(driver, tmp_path: Path):
    """Issue 14's "Done when": the seeds in a book folder of their own, served; the editor reads
    each decision on the review page, adds a [[structure]] entry to corrections.toml (no source
    file touched) and watches the preview reload with the fix, listed on the review page."""
    book = tmp_path / "book"
    shutil.copytree(ROOT / "seeds", book)
    corrections = book / "corrections.toml"
    kinds = {f[4].replace("not-quotation", "quotation") for f in FIXES}
    assert len(kinds) == 6  # six kinds of decision, in seven entries
    with _serving(book, tmp_path / "out") as port:
        for ident, file, line, at, kind, reason, shows in FIXES:
            driver.get(f"http://127.0.0.1:{port}/review-{ident}.html#{file}-L{line}")
            row = driver.find_element(By.ID, f"{file}-L{line}")
            assert row.text.startswith(str(line)) and "structure:" not in row.text
            assert not _reading(driver, port, ident, shows), (kind, at)
            driver.switch_to.default_content()
            marker = driver.find_element(By.TAG_NAME, "aside")
            toml = corrections.read_text(encoding="utf-8") + _toml(ident, at, kind, reason)
            _saved(corrections, toml, port)
            assert _status(port)["ok"], _status(port)
            WebDriverWait(driver, 30).until(lambda d, m=marker: _stale(m))  # reloaded
            driver.switch_to.frame("book")
            WebDriverWait(driver, 30).until(
                lambda d: d.execute_script("return document.readyState") == "complete"
            )
            assert _reading(driver, port, ident, shows), (kind, at)
            row = _review_row(driver, port, file, line)
            assert f"structure: {kind}" in row and f": {reason}" in row, row
            if kind == "quotation":
                _shot(driver, "review-structure.png")
    for src in (ROOT / "seeds").glob("*.txt"):  # not a source file touched
        assert (book / src.name).read_bytes() == src.read_bytes()
    report = json.loads((tmp_path / "out" / "build-report.json").read_text(encoding="utf-8"))
    done = [(s["kind"], s["line"], s["changed"]) for t in report["texts"] for s in t["structure"]]
    assert sorted(done) == sorted((kind, line, True) for _, _, line, _, kind, *_ in FIXES)
    assert all(t["conservation"]["ok"] for t in report["texts"])
