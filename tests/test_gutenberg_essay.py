"""A Project Gutenberg essay (Emerson's *Nature*, 1849): its title page's ``BY`` / ``R. W.
EMERSON`` is the header's Ralph Waldo Emerson, a short numbered list is a list and not three
section headings, its numbered paragraphs after it a list of their own, and the typewriter's
``--`` after punctuation an em dash."""

from __future__ import annotations

from pathlib import Path

import pytest

from samizdat.model import Heading, OrderedList, Para, plain_text
from samizdat.pipeline import load_book, normalise_book

ESSAY = Path(__file__).parent / "fixtures" / "essay" / "emerson-nature-pg29433.txt"


@pytest.fixture(scope="module")
def essay(tmp_path_factory):
    folder = tmp_path_factory.mktemp("essay")
    (folder / ESSAY.name).write_bytes(ESSAY.read_bytes())
    nb = normalise_book(load_book(folder, None), "2026-01-01")
    assert nb.conservation[0].ok, nb.conservation[0].problems(ESSAY.name)
    return nb.manuscript.texts[0]


def test_the_title_pages_byline_is_the_headers_author(essay):
    assert essay.meta.title == "Nature" and essay.meta.author == "Ralph Waldo Emerson"
    body = [plain_text(b.inlines) for b in essay.blocks if isinstance(b, Para)]
    assert "BY" not in body and "R. W. EMERSON" not in body
    assert "R.\u00a0W. EMERSON" in essay.furniture  # kept as printed: the source note


def test_a_short_numbered_list_is_a_list_not_three_headings(essay):
    heads = [plain_text(b.inlines) for b in essay.blocks if isinstance(b, Heading)]
    assert not [h for h in heads if h[:2] in ("1.", "2.", "3.")], heads
    lists = [b for b in essay.blocks if isinstance(b, OrderedList)]
    items = [[plain_text(i[0].inlines) for i in b.items if isinstance(i[0], Para)] for b in lists]
    short = next(x for x in items if x[0].startswith("Words are signs of natural facts."))
    assert len(short) == 3 and short[2] == "Nature is the symbol of spirit."


def test_typewriter_dashes_after_punctuation_are_em_dashes(essay):
    text = "\n".join(plain_text(b.inlines) for b in essay.blocks if isinstance(b, Para))
    assert "senses;—in its common" in text
    assert "--" not in text
