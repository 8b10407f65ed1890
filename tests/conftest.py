"""Shared fixtures: a small hand-made book that exercises every construct the renderers support."""

from __future__ import annotations

import logging

import pytest

from samizdat.manuscript import read_manuscript, write_manuscript
from samizdat.model import (
    BlockQuote,
    BookText,
    Emph,
    Heading,
    Loc,
    Manuscript,
    Note,
    NoteRef,
    OrderedList,
    Para,
    SectionBreak,
    Speaker,
    Strong,
    Text,
    TextMeta,
)
from samizdat.render.html import RenderedBook, render_book

L = Loc("sample.txt", 1)


def _p(*inlines, role: str = "") -> Para:
    return Para(tuple(Text(i) if isinstance(i, str) else i for i in inlines), L, role)


def _note(text: str, missing: bool = False) -> NoteRef:
    return NoteRef(Note((_p(text),), L, missing=missing))


def sample_manuscript(paragraphs: int = 12) -> Manuscript:
    filler = (
        "The socialisation of labour by capitalist production does not at all consist in people "
        "working under one roof, but in the concentration of capital being accompanied by the "
        "specialisation of social labour. "
    ) * 3
    one = BookText(
        TextMeta("first-essay", "The First Essay", author="A. Writer", source="A journal, 1999"),
        (
            _p("Opening words with ", Emph((Text("emphasis"),)), " and a note.", _note("A note.")),
            Heading(2, (Text("I"),), L, "first-essay-i"),
            *[_p(f"Paragraph {i}. " + filler) for i in range(paragraphs)],
            _p("Lenin wrote back scathingly saying,"),
            BlockQuote((_p("A quoted passage <script>alert(1)</script> *literal*."),), L),
            OrderedList(((_p("Concentration of capital"),), (_p("Specialisation"),)), L),
            _p("A call whose note is absent.", _note("Note text missing from the source.", True)),
            SectionBreak(L),
            _p("Signed,", role="signature"),
        ),
        furniture=("Work retrieved from the Marxists Internet Archive.",),
    )
    two = BookText(
        TextMeta("an-interview", "An Interview", author="T. Clark", editorial_title=True),
        (
            _p(Speaker("IMLR"), Text(" How did it begin?")),
            _p(Speaker("TC"), Text(" With "), Strong((Text("study"),)), Text("."), _note("Ibid.")),
            *[_p(f"Answer {i}. " + filler) for i in range(paragraphs)],
        ),
    )
    return Manuscript(
        title="A Sample Reader",
        subtitle="Texts for testing",
        editor="The Editor",
        publisher="samizdat",
        language="en",
        identifier="urn:samizdat:sample",
        date="2026-01-01",
        rights="Public domain",
        texts=(one, two),
        corrections=("first-essay: 'teh' → 'the' (typo)",),
    )


@pytest.fixture(scope="session")
def sample_book() -> RenderedBook:
    return render_book(read_manuscript(write_manuscript(sample_manuscript())))


@pytest.fixture(autouse=True)
def fail_on_library_warnings(caplog: pytest.LogCaptureFixture):
    """A warning logged by WeasyPrint, fontTools or samizdat is a test failure unless expected."""
    caplog.set_level(logging.WARNING)
    yield
    bad = [
        r
        for when in ("setup", "call")
        for r in caplog.get_records(when)
        if r.levelno >= logging.WARNING and not getattr(r, "expected", False)
    ]
    if bad and not getattr(caplog, "expect_warnings", False):
        pytest.fail("unexpected warnings logged: " + "; ".join(r.getMessage() for r in bad[:5]))
