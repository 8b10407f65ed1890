"""Titles of poems and songs set in capitals with a full stop (or a question), each after a
wide gap and over its stanzas, with a credit line or a placeholder between: headings, and
the credit stays text under them. A songbook written for the test, in the shape of a
nineteenth-century one from Project Gutenberg."""

from __future__ import annotations

from samizdat.book import load_book, normalise_book
from samizdat.model import Heading, Para, plain_text

SONGBOOK = """THE HARBOUR SONGSTER.

A collection of songs for the harbour choirs, gathered over many years from the singers
of the northern coast, and printed here for the first time with their tunes.




THE FISHER'S RETURN.

Words by Ann Lee. Music by J.R.


[Music]

Home, home, over the foam,
  Back to the harbour light,
Where the nets are mended by the fire,
  And the children sleep at night.




WHO WILL SAIL WITH ME?

Air--"The Morning Tide."

Who will sail with me, my lads,
  Who will sail with me?
The wind is fair, the tide is high,
  And the boat is on the sea.




THE LIGHTHOUSE KEEPER.

Solo.

All night he keeps the lamp alight,
  All night he walks the stair,
And never a ship goes down the coast
  But he has seen it there.
"""


def test_song_titles_in_capitals_over_their_stanzas_are_headings(tmp_path):
    (tmp_path / "t.txt").write_text(SONGBOOK, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    text, check = nb.manuscript.texts[0], nb.conservation[0]
    assert check.ok, check.problems("t.txt")
    heads = [plain_text(b.inlines) for b in text.blocks if isinstance(b, Heading)]
    assert heads == ["THE FISHER’S RETURN.", "WHO WILL SAIL WITH ME?", "THE LIGHTHOUSE KEEPER."]
    paras = [plain_text(b.inlines) for b in text.blocks if isinstance(b, Para)]
    assert "Words by Ann Lee. Music by J.R." in paras  # the credit is no part of the title
