"""In a text that sets its prose flush (a Project Gutenberg edition), a block indented by a
few columns is set apart: quoted verse keeps its lines even when its first line runs near
the measure; a prose quotation so indented is a block quotation of one paragraph (its lines
run on to the measure: wrapped prose, not verse). Written for the test."""

from __future__ import annotations

from samizdat.book import load_book, normalise_book
from samizdat.model import BlockQuote, Para, plain_text

PROSE = (
    "The harbour was quiet that winter, and the boats lay drawn up on the shingle\n"
    "while the men mended their nets in the long sheds above the tide line, and\n"
    "talked of the spring, and of the fish that would come back with it.\n\n"
)
ESSAY = (
    PROSE * 3
    + """    'Thou, O sea! canst bear the ships and heal the wound of parting
    That hath defied the skill of sager comforters;
    Thou dost restrain each wild emotion,
    Thou dost the rage of fiercest passions chill.'

"""
    + PROSE
    + """    the keeper of the light wrote in his book that the lamp had burned all night
    without a fault, and that no ship had passed the point since the storm began
    on the evening before.

"""
    + PROSE * 2
)


def test_quoted_verse_set_in_a_flush_text_keeps_its_lines_and_prose_does_not(tmp_path):
    (tmp_path / "t.txt").write_text(ESSAY, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    text, check = nb.manuscript.texts[0], nb.conservation[0]
    assert check.ok, check.problems("t.txt")
    blocks = [(b.role, plain_text(b.inlines)) for b in text.blocks if isinstance(b, Para)]
    verse = [t for role, t in blocks if role == "verse"]
    assert len(verse) == 1 and verse[0].count("\n") == 3, blocks
    assert verse[0].startswith("‘Thou, O sea! canst bear the ships and heal the wound of parting\n")
    assert not [t for _, t in blocks if "keeper of the light" in t]  # set off: not body text
    quoted = [
        plain_text(p.inlines) for b in text.blocks if isinstance(b, BlockQuote) for p in b.blocks
    ]
    assert len(quoted) == 1 and quoted[0].startswith("the keeper of the light")
    assert "\n" not in quoted[0]  # a prose quotation: one paragraph, its lines joined


RECIPES = (
    PROSE * 3
    + """Prescription No. 3.
R Gum Arabic mixture, 3iss,
Water, 3iiiss.
Syrup, 3ss.
Mix: A tablespoonful frequently.

"""
    + PROSE
    + """At the sign of the Anchor, 2nd floor,
No. 12, Harbour Street.

"""
    + PROSE
    + """Home, home, over the foam,
Back to the harbour light,
Where the nets are mended by the fire,
And the children sleep at night.

"""
    + PROSE
)


def test_a_prescription_and_an_address_keep_their_lines_but_are_no_verse(tmp_path):
    """Kept lines that hold numbers (doses, a street number) are lines, not verse; the song
    among them is verse."""
    (tmp_path / "t.txt").write_text(RECIPES, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    text, check = nb.manuscript.texts[0], nb.conservation[0]
    assert check.ok, check.problems("t.txt")
    roles = {plain_text(b.inlines).split("\n")[0]: b.role for b in text.blocks if b.role}
    assert roles == {
        "Prescription No.\xa03.": "lines",  # a no-break space after No.
        "At the sign of the Anchor, 2nd floor,": "lines",
        "Home, home, over the foam,": "verse",
    }, roles
