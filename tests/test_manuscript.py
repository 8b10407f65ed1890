"""The manuscript seam: source text stays text through Pandoc Markdown and pandoc's reader."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samizdat.manuscript import escape_text, read_manuscript, write_manuscript
from samizdat.model import BookText, Loc, Manuscript, Para, Text, TextMeta
from samizdat.render.html import plain, render_book

L = Loc("t.txt", 1)
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "![x](http://127.0.0.1/a)",
    "[l](file:///etc/passwd)",
    "{{ jinja }}",
    "\\LaTeX $x$",
    "# not a heading",
    "> not a quote",
    "* not a list",
    "1. not a list",
    "| a | b |",
    "---",
    "::: div",
    "[^1]",
    "@cite",
    "A. Lincoln",
    "&amp; &copy;",
    "`code`",
    "~sub~ ^sup^",
    "- dash",
    "(1) example",
    "%title",
    "+ plus",
]


def _book(paras: list[str]) -> Manuscript:
    text = BookText(TextMeta("t", "Title"), tuple(Para((Text(p),), L) for p in paras))
    return Manuscript("B", "", "", "", "en", "id", "2026", "", (text,))


def _roundtrip(paras: list[str]) -> list[str]:
    ast = read_manuscript(write_manuscript(_book(paras)))
    return [plain(b["c"]) for b in ast["blocks"] if b["t"] == "Para"]


def test_hostile_text_comes_back_literally():
    assert _roundtrip(HOSTILE) == HOSTILE


def test_hostile_text_is_escaped_in_the_html():
    book = render_book(read_manuscript(write_manuscript(_book(HOSTILE))))
    html = str(book.texts[0].body_html)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<img" not in html


def test_escape_text_escapes_markup_characters():
    assert escape_text("*a* [b]") == "\\*a\\* \\[b\\]"


printable = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co")), min_size=1, max_size=40
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(printable, min_size=1, max_size=5))
def test_any_text_survives_the_manuscript(paras):
    assert _roundtrip(paras) == paras
