"""The review page: every decision named at its source line, read back from source and book."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from samizdat import review_html
from samizdat.book import load_book, normalise_book, report_dict
from samizdat.ingest.reader import read_source
from samizdat.model import (
    BlockQuote,
    Heading,
    Loc,
    Note,
    NoteRef,
    OrderedList,
    Para,
    Speaker,
    Table,
    Text,
)
from samizdat.review import add_report_marks, review_text
from samizdat.review_html import review_book, write_review

ROOT = Path(__file__).resolve().parent.parent
FILLER = (
    "the party must see to it that the work is done by all its members in the factories "
    "the mines and the fields of the whole country and the committees meet once a week "
)


def _para(start: int, count: int = 60) -> list[str]:
    text = " ".join((FILLER * 3).split()[start : start + count])
    return textwrap.wrap(text.capitalize() + ".", 62)


def pamphlet() -> str:
    """Four pages (form feeds, a folio heading each page after the first): a heading over two
    lines, a line-end hyphen, a paragraph going on over a page, a note at a page's foot."""
    first = [
        "A Pamphlet on Organisation",
        "",
        "CHAPTER I.",
        "",
        "THE FIRST TASK",
        "",
        "The organiza-",
        "tion of the workers is the first task of the party, and it",
    ]
    first += [*_para(1), "", *_para(2, 80)]
    first[-1] = first[-1].rstrip(".")
    pages = [first]
    pages.append(
        [
            "2",
            "",
            "and it goes on here, in study circles that meet at night.¹",
            "",
            *_para(3),
            "",
            "¹ Lenin, What Is To Be Done?, 1902.",
        ]
    )
    pages.append(["3", "", *_para(4), "", *_para(5)])
    pages.append(["4", "", "<script>alert(1)</script> *stars* `ticks` # hash.", "", *_para(7)])
    return "\n\f".join("\n".join(p) for p in pages) + "\n"


def _lines_of(text: str) -> dict[str, int]:
    """Line numbers (1-based) as the decoded source counts them (as every finding does)."""
    lines = read_text_lines(text)
    return {line: n for n, line in reversed(list(enumerate(lines, 1)))}


def read_text_lines(text: str) -> tuple[str, ...]:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        (Path(d) / "t.txt").write_text(text, encoding="utf-8")
        return read_source(Path(d) / "t.txt", "t.txt").lines


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("pamphlet")
    (folder / "t.txt").write_text(pamphlet(), encoding="utf-8")
    book = load_book(folder, None)
    nb = normalise_book(book, "2026-01-01")
    out = folder / "out"
    out.mkdir()
    write_review(out, "A Book", review_book(book, nb, report_dict(nb)))
    return out, pamphlet()


def _marks(html: str, file: str, line: int) -> list[tuple[str, str]]:
    """(kind, label) of the marks the page shows on a source line."""
    m = re.search(rf'<div class="l" id="{re.escape(file)}-L{line}">(.*?)</div>', html, re.S)
    assert m, f"line {line} not on the page"
    found = re.findall(r'<span class="m k-([a-z-]+)">(?:<a href="[^"]*">)?([^<]*)', m.group(1))
    return found


def test_each_decision_is_named_at_its_line(built: tuple[Path, str]):
    out, text = built
    html = (out / "review-a-pamphlet-on-organisation.html").read_text(encoding="utf-8")
    at = _lines_of(text)
    expected = {
        at["A Pamphlet on Organisation"]: ("lifted", "lifted into the text"),
        at["CHAPTER I."]: ("heading", "heading, level 2"),
        at["THE FIRST TASK"]: ("join", "joined to the heading"),
        at["The organiza-"]: ("hyphen-removed", "hyphen removed: organiza- + tion → organization"),
        at["2"]: ("furniture", "folio dropped"),
        at["and it goes on here, in study circles that meet at night.¹"]: (
            "note-call",
            f"note call 1 linked to its note at line {at['¹ Lenin, What Is To Be Done?, 1902.']}",
        ),
        at["¹ Lenin, What Is To Be Done?, 1902."]: ("note-moved", "note 1 moved to its call"),
        at["3"]: ("furniture", "folio dropped"),
    }
    for line, (kind, label) in expected.items():
        marks = _marks(html, "t.txt", line)
        assert any(k == kind and got.startswith(label) for k, got in marks), (line, marks)
    page_join = _marks(
        html, "t.txt", at["and it goes on here, in study circles that meet at night.¹"]
    )
    assert (
        "page-join",
        f"paragraph joined over a page break (over line {at['2']}: folio)",
    ) in page_join


def test_the_note_call_links_to_the_note_line(built: tuple[Path, str]):
    out, text = built
    html = (out / "review-a-pamphlet-on-organisation.html").read_text(encoding="utf-8")
    note = _lines_of(text)["¹ Lenin, What Is To Be Done?, 1902."]
    assert f'<a href="review-a-pamphlet-on-organisation.html#t.txt-L{note}">note call 1' in html


def test_source_text_is_text(built: tuple[Path, str]):
    out, _ = built
    html = (out / "review-a-pamphlet-on-organisation.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *stars* `ticks` # hash." in html
    assert "<script>alert" not in html
    assert "http" not in html.replace('name="viewport"', "")  # no network


def test_the_index_counts_and_links_every_text(built: tuple[Path, str]):
    out, text = built
    index = (out / "review.html").read_text(encoding="utf-8")
    assert '<a href="review-a-pamphlet-on-organisation.html">t.txt</a>' in index
    folio = _lines_of(text)["2"]
    assert f'href="review-a-pamphlet-on-organisation.html#t.txt-L{folio}"' in index
    assert re.search(r'k-furniture">furniture</span></td><td class="c">3<', index)
    assert '<form class="filter" hidden' in index  # shown by the script only


def test_blocks_without_a_normaliser():
    src = ("Title", "", "A line", "with a call.3", "", "3 The note.", "", "• one")
    note = Note((Para((Text("The note."),), Loc("a.txt", 6)),), Loc("a.txt", 6), source_number="3")
    blocks = (
        Heading(3, (Text("Title"),), Loc("a.txt", 1)),
        BlockQuote(
            (Para((Text("A line with a call."), NoteRef(note)), Loc("a.txt", 3)),), Loc("a.txt", 3)
        ),
        OrderedList((((Para((Text("one"),), Loc("a.txt", 8))),),), Loc("a.txt", 8), bullet=True),
    )
    r = review_text("a.txt", "a", "A", src, (), blocks)
    got = {(m.line, m.kind) for m in r.marks}
    assert {(1, "heading"), (3, "quotation"), (3, "join"), (4, "note-call")} <= got
    assert {(6, "note-moved"), (8, "list-item")} <= got
    assert [m.label for m in r.marks if m.kind == "heading"] == ["heading, level 3"]


def test_hyphen_kept_is_named():
    src = ("A self-", "reliant party.")
    blocks = (Para((Text("A self-reliant party."),), Loc("a.txt", 1)),)
    r = review_text("a.txt", "a", "A", src, (), blocks, dictionary=frozenset({"a"}))
    assert [(m.line, m.label) for m in r.marks if m.kind.startswith("hyphen")] == [
        (1, "hyphen kept: self-reliant (not a word as one)")
    ]


def test_a_long_text_is_paginated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setattr(review_html, "PAGE_LINES", 10)
    src = tuple(f"Paragraph {n} of the text." if n % 2 else "" for n in range(1, 41))
    blocks = tuple(Para((Text(line),), Loc("a.txt", n)) for n, line in enumerate(src, 1) if line)
    write_review(tmp_path, "B", [review_text("a.txt", "a", "A", src, (), blocks)])
    pages = sorted(p.name for p in tmp_path.glob("review-a*.html"))
    assert pages == ["review-a-2.html", "review-a-3.html", "review-a-4.html", "review-a.html"]
    assert 'id="a.txt-L25"' in (tmp_path / "review-a-3.html").read_text()
    assert 'id="a.txt-L25"' not in (tmp_path / "review-a.html").read_text()


def test_every_build_writes_the_review(tmp_path: Path):
    book = tmp_path / "book"
    book.mkdir()
    (book / "t.txt").write_text(pamphlet(), encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, str(ROOT / "build.py"), "manuscript", "--seeds", str(book)]
    subprocess.run([*cmd, "--out", str(out), "--quiet"], check=True, timeout=120)
    first = {p.name: p.read_bytes() for p in out.glob("review*.html")}
    assert set(first) == {"review.html", "review-a-pamphlet-on-organisation.html"}
    subprocess.run([*cmd, "--out", str(tmp_path / "again"), "--quiet"], check=True, timeout=120)
    again = {p.name: p.read_bytes() for p in (tmp_path / "again").glob("review*.html")}
    assert again == first  # byte-reproducible


def test_report_marks_findings_plain_readings_corrections_and_structure():
    src = ("A title", "", "One paragraph here.", "", "Another one, corrected.")
    blocks = (
        Para((Text("One paragraph here."),), Loc("a.txt", 3)),
        Para((Text("Another one, corrected."),), Loc("a.txt", 5)),
    )
    r = review_text("a.txt", "a", "A", src, (), blocks)
    add_report_marks(
        r,
        ["a.txt:3: plain-reading: read as in the source", "a.txt:5: short-paragraph: short"],
        ["a: “corected” → “corrected.” (typo)"],
        [{"kind": "heading", "line": 1, "at": "A title", "level": 3, "changed": True}],
    )
    got = {(m.line, m.kind, m.label) for m in r.marks}
    assert (3, "plain-reading", "plain-reading: read as in the source") in got
    assert (5, "finding", "short-paragraph: short") in got
    assert (5, "correction", "a: “corected” → “corrected.” (typo)") in got
    assert (1, "structure", "structure: heading (level 3)") in got
    assert r.counts["structure"] == 1 and r.counts["finding"] == 1
    assert "structure" in r.groups[0].kinds


def _kinds(src: tuple[str, ...], blocks: tuple) -> set[tuple[int, str, str]]:
    return {
        (m.line, m.kind, m.label) for m in review_text("a.txt", "a", "A", src, (), blocks).marks
    }


def test_blank_line_joins_are_named_by_what_they_join():
    turn = Para(
        (Speaker("ROPER"), Text(" "), Text("How are you, old man?")), Loc("a.txt", 1), "turn"
    )
    got = _kinds(("ROPER.", "", "How are you, old man?"), (turn,))
    assert (3, "join", "the speaker's label on the line before joined to the speech") in got
    assert not any(k == "page-join" for _, k, _ in got)
    ended = Para((Text("(1) The first recital of the act."),), Loc("a.txt", 1))
    assert (3, "join", "joined to the line before (a blank between)") in _kinds(
        ("(1)", "", "The first recital of the act."), (ended,)
    )
    cut = Para((Text("the workers of the world unite now"),), Loc("a.txt", 1))
    assert (3, "page-join", "paragraph joined over a blank line (a page break)") in _kinds(
        ("the workers of the", "", "world unite now"), (cut,)
    )


def test_a_note_printed_inside_its_paragraph_keeps_its_lines():
    src = ("Some text here. [Footnote: A note that", "runs on over a line.]", "", "Next one.")
    note = Note(
        (Para((Text("A note that runs on over a line."),), Loc("a.txt", 1)),), Loc("a.txt", 1)
    )
    blocks = (
        Para((Text("Some text here."), NoteRef(note)), Loc("a.txt", 1)),
        Para((Text("Next one."),), Loc("a.txt", 4)),
    )
    r = review_text("a.txt", "a", "A", src, (), blocks)
    assert not [m for m in r.marks if m.kind == "unplaced"]
    assert [b.label for b in r.groups[0].blocks] == ["paragraph", "note *"]


def test_front_matter_spaced_headings_and_tables_are_placed():
    src = ("---", "title: A", "---", "", "Article 12", "Tr an s p ar enc y a nd mo da li tie s")
    src += ("", "<table>", "<tr><td>Term</td></tr>", "", "<tr><td>Word</td></tr>", "</table>")
    blocks = (
        Heading(2, (Text("Article 12 Transparency and modalities"),), Loc("a.txt", 5)),
        Table((), (((Text("Term"),),), ((Text("Word"),),)), Loc("a.txt", 8)),
    )
    r = review_text("a.txt", "a", "A", src, (), blocks)
    assert [m.line for m in r.marks if m.kind == "markup"] == [2]  # the fences hold no word
    assert not [m for m in r.marks if m.kind in ("unplaced", "page-join")]


def test_a_speaker_is_shown_as_the_book_shows_it():
    """A label ending in its own stop (a transcript's ``Q.``) takes no colon; others do."""
    src = ("Q. Where were you?", "", "MARIA: At the meeting.")
    blocks = (
        Para((Speaker("Q."), Text(" Where were you?")), Loc("a.txt", 1), role="turn"),
        Para((Speaker("MARIA"), Text(" At the meeting.")), Loc("a.txt", 3), role="turn"),
    )
    r = review_text("a.txt", "a", "A", src, (), blocks)
    runs = [v.runs[0] for g in r.groups for v in g.blocks]
    assert runs == [("speaker", "Q."), ("speaker", "MARIA:")]


def test_stale_review_pages_are_deleted_on_rebuild(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """A text no longer in the book, and pages beyond a text's pagination, lose their pages."""
    from samizdat.config import BuildOptions
    from samizdat.pipeline import build

    monkeypatch.setattr(review_html, "PAGE_LINES", 10)
    book, out = tmp_path / "book", tmp_path / "out"
    book.mkdir()
    long = "\n\n".join(f"Paragraph {n} of the long text, read as prose." for n in range(30))
    (book / "long.txt").write_text("The Long Text\n\n" + long + "\n", encoding="utf-8")
    (book / "gone.txt").write_text(pamphlet(), encoding="utf-8")
    build(book, None, out, BuildOptions(), epub=False, pdf=False)
    first = {p.name for p in out.glob("review*.html")}
    gone, long_ = "review-a-pamphlet-on-organisation", "review-the-long-text"
    assert {f"{gone}.html", f"{gone}-2.html", f"{long_}.html", f"{long_}-6.html"} <= first
    (book / "gone.txt").unlink()
    (book / "long.txt").write_text("The Long Text\n\nOne paragraph now.\n", encoding="utf-8")
    (out / "review-mine.txt").write_text("not a review page")
    build(book, None, out, BuildOptions(), epub=False, pdf=False)
    assert {p.name for p in out.glob("review*.html")} == {"review.html", f"{long_}.html"}
    assert (out / "review-mine.txt").exists()
