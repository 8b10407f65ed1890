"""The EPUB's structure as Standard Ebooks marks it: sections nested by heading level, a letter's
opening, closing and postscript, an interview's turns, continuation paragraphs, citations."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from samizdat.manuscript import read_manuscript, write_manuscript
from samizdat.model import (
    BlockQuote,
    BookText,
    Heading,
    Loc,
    Manuscript,
    Para,
    Speaker,
    Text,
    TextMeta,
)
from samizdat.render.epub import write_epub
from samizdat.render.html import render_book

L = Loc("t.txt", 1)
X = "{http://www.w3.org/1999/xhtml}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"


def _p(*inlines: str | Speaker, role: str = "") -> Para:
    return Para(tuple(Text(i) if isinstance(i, str) else i for i in inlines), L, role)


def _book(*texts: BookText) -> Manuscript:
    return Manuscript(
        title="Structures",
        subtitle="",
        editor="",
        publisher="samizdat",
        language="en",
        identifier="urn:samizdat:structures",
        date="2026-01-01",
        rights="",
        texts=texts,
        corrections=(),
    )


LETTER = BookText(
    TextMeta("letters", "Letters", author="N. Lenin"),
    (
        _p("A word before the letters."),
        Heading(2, (Text("Preface"),), L, "letters-preface"),
        _p("The preface."),
        Heading(3, (Text("A note on the text"),), L, "letters-note"),
        _p("The note."),
        Heading(2, (Text("The letter"),), L, "letters-letter"),
        _p("Geneva, January 1904.", role="address"),
        _p("Dear Comrade,", role="salutation"),
        _p("You wrote to me saying:"),
        BlockQuote((_p("The committee is everything."),), L),
        _p("and I answer that it is not."),
        _p("Yours,", role="signature"),
        _p("N. Lenin", role="signature"),
        _p("P.S. Write soon."),
    ),
)
INTERVIEW = BookText(
    TextMeta("interview", "An Interview"),
    (
        _p(Speaker("Q"), " How did it begin?", role="turn"),
        _p(Speaker("A"), " With study.", role="turn"),
    ),
)


def _documents(tmp_path: Path, *texts: BookText) -> dict[str, ET.Element]:
    book = render_book(read_manuscript(write_manuscript(_book(*texts))))
    path = write_epub(book, tmp_path / "s.epub", modified="2026-01-01T00:00:00Z").path
    with zipfile.ZipFile(path) as z:
        return {
            n.rsplit("/", 1)[-1]: ET.fromstring(z.read(n))
            for n in z.namelist()
            if n.startswith("EPUB/text/")
        }


def _sections(element: ET.Element) -> list[tuple[str, list]]:
    """The nesting of ``<section>``s below ``element``: (labelling heading id, children)."""
    out = []
    for child in element:
        if child.tag == f"{X}section":
            out.append((child.get("aria-labelledby"), _sections(child)))
        else:
            out.extend(_sections(child))
    return out


def test_headings_open_sections_nested_by_level(tmp_path: Path):
    chapter = _documents(tmp_path, LETTER)["letters.xhtml"].find(f".//{X}section")
    assert _sections(chapter) == [
        ("letters-preface", [("letters-note", [])]),
        ("letters-letter", []),
    ]
    first = chapter.find(f"{X}p")  # the words before the first heading stay outside
    assert first is not None and first.text == "A word before the letters."


def test_a_letter_has_its_opening_closing_and_postscript(tmp_path: Path):
    root = _documents(tmp_path, LETTER)["letters.xhtml"]
    section = next(
        s for s in root.iter(f"{X}section") if s.get("aria-labelledby") == "letters-letter"
    )
    (letter,) = section.findall(f"{X}div[@class='letter']")
    assert letter.get(EPUB_TYPE) == "z3998:letter"
    opening = letter.find(f"{X}header")
    assert [p.get("class") for p in opening] == ["address dateline", "salutation"]
    assert opening[0].get(EPUB_TYPE) == "se:letter.dateline"  # "Geneva, January 1904."
    assert opening[1].get(EPUB_TYPE) == "z3998:salutation"
    closing = letter.find(f"{X}footer")
    assert [p.get(EPUB_TYPE) for p in closing] == ["z3998:signature"] * 2
    body = letter.findall(f"{X}p")
    assert body[-1].get("class") == "postscript"
    assert body[-1].get(EPUB_TYPE) == "z3998:postscript"
    # the paragraph the quotation interrupted goes on, unindented
    assert [p.get("class") for p in body] == [None, "continued", "postscript"]
    assert len(root.findall(f".//{X}div[@class='letter']")) == 1


def test_an_interview_marks_turns_and_speakers(tmp_path: Path):
    root = _documents(tmp_path, INTERVIEW)["interview.xhtml"]
    turns = [p for p in root.iter(f"{X}p") if p.get("class") == "turn"]
    assert [p.get(EPUB_TYPE) for p in turns] == ["z3998:speech"] * 2
    speakers = [b.get(EPUB_TYPE) for p in turns for b in p.iter(f"{X}b")]
    assert speakers == ["z3998:persona"] * 2


def test_letters_without_headings_are_articles_each(tmp_path: Path):
    """An epistolary novel: one letter after another, no headings between them."""
    letters = BookText(
        TextMeta("letters", "Letters"),
        (
            _p("Dear Sir,", role="salutation"),
            _p("Thank you."),
            _p("Yours,", role="signature"),
            _p(
                "Tuesday", role="address"
            ),  # the next letter's date: its opening with the salutation
            _p("Dear Daddy,", role="salutation"),
            _p("I am here."),
            _p("After the letters, the editor's word."),
        ),
    )
    chapter = _documents(tmp_path, letters)["letters.xhtml"].find(f".//{X}section")
    assert chapter.get(EPUB_TYPE) == "chapter"
    articles = chapter.findall(f"{X}div[@class='letter']")
    assert [a.get(EPUB_TYPE) for a in articles] == ["z3998:letter"] * 2
    assert [["".join(p.itertext()) for p in a.iter(f"{X}p")] for a in articles] == [
        ["Dear Sir,", "Thank you.", "Yours,"],
        ["Tuesday", "Dear Daddy,", "I am here.", "After the letters, the editor's word."],
    ]
    assert chapter.findall(f"{X}p") == []  # no paragraph outside a letter here


def test_a_quotations_source_is_a_citation(tmp_path: Path):
    quoted = BookText(
        TextMeta("quoted", "Quoted"),
        (
            BlockQuote((_p("Workers of the world, unite!"),), L),
            _p("Marx and Engels, 1848", role="attribution"),
        ),
    )
    root = _documents(tmp_path, quoted)["quoted.xhtml"]
    attribution = next(p for p in root.iter(f"{X}p") if p.get("class") == "attribution")
    assert attribution.find(f"{X}cite").text == "Marx and Engels, 1848"
