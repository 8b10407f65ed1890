from collections import Counter

from helpers import chunks
from samizdat.model import Emph, Loc, Note, NoteRef, Para, Strong, Text
from samizdat.normalise.inline import (
    InlineEvidence,
    build_inlines,
    find_note_calls,
    parse_emphasis,
    read_backtick_quotes,
    uses_backtick_quotes,
    uses_doubled_apostrophes,
    uses_emphasis_markup,
)

L = Loc("t.txt", 1)


def test_parse_emphasis_reads_single_and_double_asterisks():
    assert parse_emphasis("the *new* views and **bold words**") == [
        Text("the "),
        Emph((Text("new"),)),
        Text(" views and "),
        Strong((Text("bold words"),)),
    ]


def test_uses_emphasis_markup_needs_evidence():
    assert uses_emphasis_markup(["*Iskra* and *Zarya*", "the *new* board"])
    assert not uses_emphasis_markup(["a lone * asterisk", "5 * 3 = 15"])


def test_backtick_quotes_are_read_only_when_closed_by_right_quotes():
    assert uses_backtick_quotes(["`mass repressions’ and `terror’", "`insecurity’"])
    assert not uses_backtick_quotes(["run `ls` in a shell", "and `pwd`"])
    assert read_backtick_quotes("`terror’", Counter()) == "‘terror’"


def test_find_note_calls_accepts_a_counting_sequence_of_glued_digits():
    parts = chunks(
        "already well-known.1 Then",
        "agriculture.” 2Given this,",
        "less than 2 percent of the reading.3",
        "the Party 4, said so",
        "society5 or the other",
    )
    calls = find_note_calls(parts, [])
    assert [c.number for cs in calls.values() for c in cs] == [1, 2, 3, 4, 5]
    assert 2 not in [c.start for c in calls.get(2, [])]


def test_find_note_calls_ignores_numbers_that_do_not_count_up():
    parts = chunks("In 1917 there were 237 delegates.", "Vol. 33, p. 2 and No. 5.")
    assert find_note_calls(parts, []) == {}


def test_build_inlines_links_calls_to_their_notes():
    parts = chunks(*[f"sentence.{i} More" for i in range(1, 6)])
    calls = find_note_calls(parts, [])
    note = Note((Para((Text("The note."),), L),), L, source_number="2")
    nodes = build_inlines(
        parts[1].text, calls[1], {calls[1][0]: note}, L, InlineEvidence(), Counter()
    )
    assert isinstance(nodes[1], NoteRef) and nodes[1].note is note
    assert nodes[0] == Text("sentence.") and nodes[2] == Text(" More")


def test_build_inlines_separates_a_call_glued_to_the_next_word():
    parts = chunks(*[f"agriculture.” {i}Given" for i in range(1, 6)])
    calls = find_note_calls(parts, [])
    note = Note((Para((Text("n"),), L),), L)
    nodes = build_inlines(
        parts[0].text, calls[0], {calls[0][0]: note}, L, InlineEvidence(), Counter()
    )
    assert nodes[0] == Text("agriculture.”") and nodes[-1] == Text(" Given")


def test_doubled_apostrophes_are_a_texts_double_quotes(tmp_path):
    """An old Gutenberg edition's ASCII (the Quijote, tests/fixtures/spanish) writes its double
    quotes as two apostrophes and has no straight double quote: they are read as quotes."""
    from pathlib import Path

    from samizdat.book import load_book, normalise_book
    from samizdat.model import Para, plain_text

    src = Path(__file__).parent / "fixtures" / "spanish" / "quijote-pg2000-start.txt"
    (tmp_path / src.name).write_bytes(src.read_bytes())
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    text = "\n".join(
        plain_text(b.inlines) for b in nb.manuscript.texts[0].blocks if isinstance(b, Para)
    )
    assert "rendido: “Yo, señora, soy el gigante Caraculiambro" in text
    assert "''" not in text and "‘‘" not in text and "’’" not in text
    assert not uses_doubled_apostrophes(["He said \"no\" and ''maybe''"])
