"""Print typography measured on built PDFs (poppler's word boxes, render/pdf_lines.py):
hyphenation patterns, exceptions and limits, running heads. Books here are made up."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pyphen
import pytest
from markupsafe import Markup

from samizdat.render.html import RenderedBook, RenderedText
from samizdat.render.pdf import write_pdf
from samizdat.render.pdf_hyphens import keep_last_words, parse_exceptions, patterns_for
from samizdat.render.pdf_lines import measure, page_lines
from samizdat.render.pdf_read import read_pdf

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")

#: Long lowercase words that hyphenate readily, in an order that varies line by line.
_PHRASE = (
    "the bureaucracy of internationalisation and the organisational responsibilities of "
    "revolutionary consciousness demand extraordinary administrative comprehensiveness while "
    "counterrevolutionary misunderstandings multiply"
)
WORDS = _PHRASE.split()


def paragraph(n: int, words: int = 90, extra: str = "") -> str:
    body = " ".join(WORDS[(i * 7 + n) % len(WORDS)] for i in range(words))
    return f'<p id="t-p{n}" data-para="{n}">{extra}{body} organisation.</p>'


def book(body: str, *, title: str = "A Made-up Text", editorial: bool = False) -> RenderedBook:
    text = RenderedText(
        id="t",
        title=title,
        author="A. Writer",
        editorial_title=editorial,
        source="",
        date="",
        file="t.txt",
        body_html=Markup(body),
        source_note_html=Markup(),
        notes=(),
        sections=(),
        paragraphs=body.count("<p "),
        language="en",
    )
    return RenderedBook(
        "A Book", "", "", "samizdat", "en", "urn:test", "2026-01-01", "", (), (text,)
    )


def broken_words(pdf: Path) -> list[tuple[str, str]]:
    """Every word broken at a line end: (first part without its hyphen, rest)."""
    _, pages = read_pdf(pdf)
    lines = [line for p in sorted(pages.words) for line in page_lines(pages, p)]
    return [
        (a.words[-1].text[:-1], b.words[0].text)
        for a, b in itertools.pairwise(lines)
        if a.words[-1].text.endswith("-") and a.words[-1].text[-2:-1].isalpha()
    ]


@pytest.fixture(scope="module")
def long_text(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("typo") / "long.pdf"
    write_pdf(book("\n".join(paragraph(n) for n in range(40))), out)
    return out


def test_english_is_american_unless_british():
    assert patterns_for("en") == "en_US" and patterns_for("en-GB") == "en_GB"
    assert parse_exceptions("bu-reau-cra-cy Trotsky") == {
        "bureaucracy": (2, 6, 9),
        "trotsky": (),
    }


def test_a_paragraphs_last_word_is_kept_whole_but_not_in_a_tag():
    html = '<p>a b <a href="#fn3" id="fnref3">3</a></p><p>long organisation.</p>'
    out = keep_last_words(html)
    assert 'id="fnref3"' in out and '<span class="whole">organisation</span>.' in out
    assert "<span class" not in out.split("</p>")[0]


@needs_poppler
def test_breaks_follow_american_patterns(long_text):
    broken = broken_words(long_text)
    assert broken, "the made-up text should break words"
    american = pyphen.Pyphen(lang="en_US")
    for head, tail in broken:
        word = head + tail.rstrip(".,")
        assert word in WORDS or word == "organisation", (head, tail)
        assert len(head) in american.positions(word), (head, tail)  # British: bur-eau-cracy


@needs_poppler
def test_hyphenation_limits_hold(long_text):
    counts = measure(long_text)
    assert counts.full_lines > 300
    assert counts.stacks == [], counts.stacks
    assert counts.recto_ends == [], counts.recto_ends
    assert counts.last_fragments == [], counts.last_fragments


#: Ordinary prose of our own, for the share of hyphenated lines.
_PROSE = (
    "When the committee met again in the spring, its members found that the questions of "
    "organisation they had put aside were now the most pressing of all. The workers of the "
    "district had formed circles of their own, and each circle wanted its literature, its "
    "meetings and its correspondence handled without delay. Nobody could say with confidence "
    "who was responsible for what, and the confusion was costing the movement dearly. A "
    "proposal was made to divide the work between several smaller groups, each answerable to "
    "the committee, and after a long discussion it was accepted with some amendments."
)
PROSE = _PROSE.split()


@needs_poppler
def test_at_most_eight_percent_of_full_lines_hyphenated(tmp_path):
    paragraphs = [
        f'<p id="t-p{n}" data-para="{n}">'
        + " ".join(PROSE[(i + 5 * n) % len(PROSE)] for i in range(160))
        + "</p>"
        for n in range(30)
    ]
    out = tmp_path / "prose.pdf"
    write_pdf(book("\n".join(paragraphs)), out)
    counts = measure(out)
    assert counts.full_lines > 300
    assert 0 < counts.share <= 0.08, (counts.hyphenated, counts.full_lines)


@needs_poppler
def test_exceptions_and_capitalised_words(tmp_path):
    names = "Constantinople Internationalists Administratively "
    body = "\n".join(paragraph(n, extra=names * 3) for n in range(12))
    plain, ruled = tmp_path / "plain.pdf", tmp_path / "ruled.pdf"
    write_pdf(book(body), plain)
    write_pdf(book(body), ruled, hyphenation="bureaucracy revo-lu-tion-ary")
    assert not [b for b in broken_words(plain) if b[0][:1].isupper()]
    assert any(h + t == "bureaucracy" for h, t in broken_words(plain))
    broken = broken_words(ruled)
    assert not [b for b in broken if b[0] + b[1] == "bureaucracy"], broken
    revolutionary = [h for h, t in broken if (h + t).startswith("revolutionary")]
    assert set(revolutionary) <= {"revo", "revolu", "revolution"}, revolutionary


@needs_poppler
def test_running_head_is_short_title_or_up_to_the_colon(tmp_path):
    body = "\n".join(paragraph(n) for n in range(16))
    title = "Stalin Against the Soviet Bureaucracy: An Interview with Somebody Long-Winded"
    out = tmp_path / "heads.pdf"
    write_pdf(book(body, title=title, editorial=True), out)
    _, pages = read_pdf(out)
    heads = {" ".join(w.text for w in pages.words[p][:6]) for p in sorted(pages.words)[1:]}
    assert any("Stalin Against the Soviet Bureaucracy" in h for h in heads), heads
    assert not any("[" in h or "…" in h or "Interview" in h for h in heads), heads
    short = tmp_path / "short.pdf"
    write_pdf(book(body, title=title), short, short_titles={"t.txt": "Against Bureaucracy"})
    _, pages = read_pdf(short)
    heads = {" ".join(w.text for w in pages.words[p][:4]) for p in sorted(pages.words)[1:]}
    assert any(h.startswith("Against Bureaucracy") for h in heads), heads


def test_book_toml_print_settings(tmp_path):
    from samizdat.config import load_book_config
    from samizdat.pipeline import print_settings

    toml = tmp_path / "book.toml"
    toml.write_text(
        'hyphenation = "bu-reau-cra-cy Trotsky"\n'
        '[[texts]]\nfile = "a.txt"\nshort_title = "Short"\n[[texts]]\nfile = "b.txt"\n',
        encoding="utf-8",
    )
    settings = print_settings(load_book_config(toml))
    assert settings == {"hyphenation": "bu-reau-cra-cy Trotsky", "short_titles": {"a.txt": "Short"}}


def _pages_of(pdf: Path) -> dict[str, int]:
    _, pages = read_pdf(pdf)
    return {w.text.strip(",.:;()"): p for p, ws in pages.words.items() for w in ws}


@needs_poppler
def test_lead_ins_stay_with_their_quotations(tmp_path):
    blocks = []
    for n in range(30):
        filler = " ".join(PROSE[(i + n) % len(PROSE)] for i in range(40 + 13 * (n % 7)))
        blocks.append(
            f'<p id="t-p{n}" data-para="{n}">{filler} and so leadin{n:02} {("wrote,", "warned that")[n % 2]}</p>'
        )
        blocks.append(f"<blockquote><p>quote{n:02} {filler[:200]}.</p></blockquote>")
    out = tmp_path / "leadins.pdf"
    write_pdf(book("\n".join(blocks)), out)
    pages = _pages_of(out)
    apart = [n for n in range(30) if pages[f"leadin{n:02}"] != pages[f"quote{n:02}"]]
    assert apart == [], apart


@needs_poppler
def test_references_initials_and_calls_keep_their_lines(tmp_path):
    body = "\n".join(
        f'<p id="t-p{n}" data-para="{n}">'
        + " ".join(
            f"{w} (V. I. Lenin, Vol. {i}, p.{100 + i})"
            if i % 9 == 4
            else (f'{w}<a class="noteref" href="#t-p0">{i}</a>' if i % 11 == 6 else w)
            for i, w in enumerate(PROSE[n % 7 :] * 2)
        )
        + "</p>"
        for n in range(14)
    )
    out = tmp_path / "keeps.pdf"
    write_pdf(book(body), out)
    counts = measure(out)
    assert counts.split_references == [] and counts.call_starts == []
    assert counts.lines > 100
