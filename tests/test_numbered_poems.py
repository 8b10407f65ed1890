"""Collections of numbered poems: each poem under a bare roman numeral on its own line
(Shakespeare's *Sonnets*, the numerals set in two columns; Browning's *Sonnets from the
Portuguese*, flush). A sonnet is about a page long, so its numerals count up "a page apart"
like folios; but they stand between whole poems, blank lines on both sides, where a page's
folio interrupts the text. And a poem's lines each open with a capital: no paragraph ends
inside a stanza because a line stops short with a full stop."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import samizdat.furniture
from helpers import read_checked
from samizdat.model import Heading, Para, plain_text

POEMS = Path(__file__).parent / "fixtures" / "poems"


def _read(name: str):
    _, ev, norm, check = read_checked(POEMS / name)
    return ev, norm, check


def test_doctests():
    assert doctest.testmod(samizdat.furniture).failed == 0


@pytest.mark.parametrize(
    ("name", "count", "last"),
    [
        ("shakespeare-sonnets-pg1041.txt", 154, "CLIV"),
        ("browning-sonnets-from-the-portuguese-pg2002.txt", 44, "XLIV"),
    ],
)
def test_every_poem_is_under_its_numeral_and_no_numeral_is_a_folio(name, count, last):
    ev, norm, check = _read(name)
    assert "folio" not in ev.furniture.values()
    assert not check.edits.get("folio")  # the word check accepts no numeral as removed
    heads = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Heading)]
    numerals = [h for h in heads if h.strip(".").isupper() and set(h.strip(".")) <= set("IVXLC")]
    assert len(numerals) == count and numerals[-1] == last, numerals[-3:]


def test_a_sonnet_is_one_block_of_verse_with_its_couplet():
    _, norm, _ = _read("shakespeare-sonnets-pg1041.txt")
    verse = [
        plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para) and b.role == "verse"
    ]
    first = next(v for v in verse if v.startswith("From fairest creatures"))
    lines = first.split("\n")
    assert (
        len(lines) == 14 and lines[-1].strip() == "To eat the world’s due, by the grave and thee."
    )
    assert sum(1 for v in verse if len(v.split("\n")) == 14) >= 150  # CXXVI has 12, XCIX 15
    prose = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para) and not b.role]
    assert not [p for p in prose if len(p) > 60], prose[:3]  # no line run into prose


def test_an_anthologys_titles_over_bylines_and_its_prefaces_signature(tmp_path):
    """A songbook (Clark's Liberty Minstrel): a poem titled in mixed case with a full stop,
    over its author's byline, after a wide gap, is a heading like the titles in capitals; the
    preface's signature with initials and a stop (``G.W. CLARK.``) is a signature."""
    from helpers import read_checked

    _, _, norm, _ = read_checked(POEMS / "clark-liberty-minstrel-pg22089-start.txt")
    heads = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Heading)]
    assert "The Slave Boy’s Wish" in [h.rstrip(".") for h in heads]
    assert "The Slave and her Babe" in [h.rstrip(".") for h in heads]  # over "WORDS BY …"
    assert "THE LIBERTY MINSTREL" in [h.rstrip(".") for h in heads]
    paras = [b for b in norm.blocks if isinstance(b, Para)]
    signed = [plain_text(b.inlines) for b in paras if b.role == "signature"]
    assert "G.W. CLARK." in signed
    assert any(plain_text(b.inlines) == "BY ELIZA LEE FOLLEN." for b in paras)  # kept, as printed
