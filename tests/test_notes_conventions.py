"""Note conventions read from each text's own evidence (issue 13 items 2 and 6, issue 12 items
3 and 4): small texts of each kind, built the whole way through normalisation and the word
check, as a new user's folder would be."""

from __future__ import annotations

from helpers import EV, chunks
from samizdat.model import BlockQuote, Heading, NoteRef, OrderedList, Para, plain_text
from samizdat.normalise.chunks import Chunk, Evidence
from samizdat.normalise.inline import find_note_calls
from samizdat.normalise.notemarks import cut_inline_notes
from samizdat.normalise.notes import detach_notes
from samizdat.normalise.pages import join_page_breaks, reads_on
from samizdat.pipeline import load_book, normalise_book
from samizdat.wordcheck import BookWords, check_words, words


def _book(tmp_path, text: str, name: str = "t.txt"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    return nb.manuscript.texts[0], nb.conservation[0], nb.reports[0]


def _blocks(blocks):
    for b in blocks:
        if isinstance(b, BlockQuote):
            yield from _blocks(b.blocks)
        elif isinstance(b, OrderedList):
            for item in b.items:
                yield from _blocks(item)
        else:
            yield b


def _calls(text) -> list[tuple[str, str]]:
    """(the body text before each call, the note's text)."""
    out = []
    for b in _blocks(text.blocks):
        if not isinstance(b, Para | Heading):
            continue
        before: list = []
        for node in b.inlines:
            if isinstance(node, NoteRef):
                body = " ".join(plain_text(p.inlines) for p in node.note.blocks)
                out.append((plain_text(before).strip(), body))
            before.append(node)
    return out


def _body(text) -> str:
    return " ".join(plain_text(b.inlines) for b in _blocks(text.blocks) if hasattr(b, "inlines"))


def _clean(check, report) -> bool:
    return check.ok and not report.counts["paragraphs_read_plainly"]


# --- Project Gutenberg: [Footnote N: …] blocks after a section, [N] calls --------------------

GUTENBERG_BLOCKS = """THE BEES OF HOLLOW FARM

It was the summer the hives swarmed twice.[1] Nobody in the valley
remembered such a thing, and the keeper wrote it all down.[2]

He kept the ledger for forty years.

FOOTNOTES:

[Footnote 1: The first swarm left in June, the second in the
last week of July.]

[Footnote 2: Old Tamsin said her mother had seen it once,
in a wet year.

She did not say which year.]
"""


def test_footnote_blocks_pair_with_bracket_calls(tmp_path):
    text, check, report = _book(tmp_path, GUTENBERG_BLOCKS)
    calls = _calls(text)
    assert calls[0][0].endswith("the hives swarmed twice.")
    assert calls[1][0].endswith("the keeper wrote it all down.")
    assert calls[0][1].startswith("The first swarm left in June, the second in the last week")
    assert (
        calls[1][1]
        == "Old Tamsin said her mother had seen it once, in a wet year. She did not say which year."
    )
    body = _body(text)
    assert "Footnote" not in body and "FOOTNOTES" not in body and "[1]" not in body
    assert _clean(check, report)
    assert check.edits["footnote-label"] == 2 and check.edits["notes-heading"] == 1


def test_word_check_accepts_the_footnote_word_only_in_its_opening():
    src = ("We rested.[1]", "", "[Footnote 1: At the inn.]")
    book = BookWords(["we", "rested"], notes=[["at", "the", "inn"]])
    book.note_numbers["1"] += 1
    assert check_words(src, book).ok
    src = ("We rested, said the footnote: at the inn.",)
    assert not check_words(src, BookWords(words("We rested, said the: at the inn."))).ok


# --- Project Gutenberg: [Footnote: …] printed inside and between paragraphs ------------------

GUTENBERG_INLINE = """The road climbed past the mill, where the miller's boy was
singing. [Footnote: The mill burned down in
1820.] He stopped when he saw us, and ran to fetch
his father.

We walked on to the church, and sat in the porch until the rain
had passed over the hill.

[Footnote: The porch was rebuilt in the same year.]

At the inn the landlord gave us a supper of eggs and bacon.
"""


def test_inline_footnotes_are_notes_where_they_are_printed(tmp_path):
    text, check, report = _book(tmp_path, GUTENBERG_INLINE)
    calls = _calls(text)
    assert calls[0][0].endswith("the miller's boy was singing.") or calls[0][0].endswith(
        "the miller’s boy was singing."
    )
    assert calls[0][1] == "The mill burned down in 1820."
    assert calls[1][0].endswith("until the rain had passed over the hill.")
    assert calls[1][1] == "The porch was rebuilt in the same year."
    body = _body(text)
    assert "singing. He stopped when he saw us" in body and "Footnote" not in body
    assert _clean(check, report)


def test_cut_inline_notes_keeps_a_line_break_around_the_note():
    text, notes = cut_inline_notes("drink!\n[Footnote: A toast.]\nBut if you")
    assert text == "drink!\nBut if you" and notes[0].start == len("drink!")


# --- An official journal through pdftotext: (1) calls, notes at each page foot ---------------


def _page(head: str, body: str, notes: str, folio: int) -> str:
    return f"{head}\n\nThe Gazette of the Province\n\n{body}\n\n{notes}\n\n{folio}\n"


FILLER = (
    "The survey shall be made every year, and its results sent to the Harbour Council.\n"
    "The Council shall publish them before the end of the following year."
)
OFFICIAL = "\f".join(
    [
        _page(
            "G 12/1",
            "Having regard to the opinion of the Board of Trade (1),\n"
            "Having regard to the opinion of the Harbour Council (2),\n"
            "Whereas the fisheries of the coast have declined in every year since the war, and\n"
            "the council has asked for a",
            "(1) Gazette C 41, 3.2.1951, p. 7.\n(2) Gazette C 52, 9.3.1951, p. 12.",
            1,
        ),
        _page(
            "G 12/2",
            "survey of the boats and nets in use in each harbour of the Province.\n"
            "Regulation 4/1950 of the Board (1) is repealed, and the survey takes its place.",
            "(1) Regulation 4/1950 of the Board of 2 May 1950 on the licensing of boats.",
            2,
        ),
        *(_page(f"G 12/{n}", FILLER, "Done at the Harbour Office.", n) for n in (3, 4, 5)),
    ]
)


def test_page_foot_notes_in_brackets_restart_per_page(tmp_path):
    text, check, report = _book(tmp_path, OFFICIAL)
    calls = [(before, note.replace("\xa0", " ")) for before, note in _calls(text)]
    assert len(calls) == 3
    assert (
        calls[0][0].endswith("of the Board of Trade")
        and calls[0][1] == "Gazette C 41, 3.2.1951, p. 7."
    )
    assert calls[1][0].endswith("of the Harbour Council") and calls[1][1].startswith("Gazette C 52")
    assert calls[2][0].endswith("Regulation 4/1950 of the Board")
    assert calls[2][1].startswith("Regulation 4/1950 of the Board of 2 May 1950")
    body = _body(text)
    assert "the council has asked for a survey of the boats and nets" in body
    assert "(1)" not in body and "(2)" not in body
    assert _clean(check, report)


def test_a_numbered_line_at_a_page_foot_without_its_call_stays_text(tmp_path):
    pages = OFFICIAL.replace("Regulation 4/1950 of the Board (1) is", "Regulation 4/1950 is")
    text, check, _ = _book(tmp_path, pages)
    assert [c[1][:10] for c in _calls(text)] == ["Gazette C ", "Gazette C "]
    assert "(1) Regulation 4/1950 of the Board of 2 May 1950" in _body(text)
    assert check.ok


# --- A report through pdftotext: a flattened superscript "wide 1 approach", note at the foot --

REPORT = "\f".join(
    f"Field Notes on Coastal Erosion\n\n{body}\n\n{n}\n"
    for n, body in enumerate(
        [
            "The survey teams measured the cliffs at nine places along the coast in the spring.",
            "Each team used a shared 1 method of measurement, so the figures can be compared.\n"
            "The figures are given in the tables that follow.\n\n"
            "1 The method is the one the county surveyors have used since the first survey.",
            "The cliffs lost most where the clay meets the sand, as the tables show.",
            "Further surveys are planned for the autumn of every year from now on.",
        ],
        3,
    )
)


def test_a_flattened_superscript_pairs_with_the_note_on_its_page(tmp_path):
    text, check, report = _book(tmp_path, REPORT)
    assert _calls(text) == [
        (
            "Each team used a shared",
            "The method is the one the county surveyors have used since the first survey.",
        )
    ]
    assert "shared method of measurement" in _body(text)
    assert _clean(check, report)


# --- An OCR text layer: * calls and * notes at the page foot, folios and a running head ------


FEVER = (
    "The fever is common in the low country, and it is worst\n"
    "in the wet months of the year, when the rivers are full\n"
    "and the fields stand under water for weeks at a time.\n"
    "Those who live near the water suffer most, and the old\n"
    "and the young are taken first. The physicians of the\n"
    "county have written of it for a hundred years, and no\n"
    "two of them agree on its cause or on its cure. Some\n"
    "bleed their patients, some give them bark, and some give\n"
    "them nothing at all and wait for the weather to change.\n"
    "The last, it must be said, lose no more than the others.\n"
    "We have seen all three at work in the same village, and\n"
    "we can say only that the fever takes its own course.\n"
)


def _ocr_page(n: int, body: str, note: str = "") -> str:
    foot = f"\n\n{note}" if note else ""
    return f"{n}\n\nON MARSH FEVERS.\n\n{body}{foot}\n\n\n"


OCR = "".join(
    [
        _ocr_page(4, FEVER),
        _ocr_page(
            5,
            FEVER + "\nIt was thought to come from the bad air of the marshes,\n"
            "but the physicians of the port have doubted this.* Some\n"
            "of them now hold that it is carried by the water of the",
            "*The port has had no marsh within its walls since the drains were cut.",
        ),
        _ocr_page(6, "wells, and they have closed the wells in the lower town.\n" + FEVER),
        _ocr_page(7, FEVER),
        _ocr_page(8, FEVER),
    ]
)


def test_an_asterisk_note_at_the_page_foot_pairs_with_the_call_above_it(tmp_path):
    text, check, report = _book(tmp_path, OCR)
    calls = _calls(text)
    assert calls == [
        (
            calls[0][0],
            "The port has had no marsh within its walls since the drains were cut.",
        )
    ]
    assert calls[0][0].endswith("have doubted this.")
    assert "carried by the water of the wells, and they have closed" in _body(text)
    assert _clean(check, report)


# --- [1] paragraphs: notes when each is cited once, a reference list when cited again --------


def test_bracketed_numbers_cited_once_are_notes_cited_twice_a_reference_list():
    notes = chunks("A fact.[1] Another.[2]", "[1] Said by a witness.", "[2] Said by another.")
    out = detach_notes(notes, EV).chunks
    assert [c.kind for c in out] == ["para", "note", "note"] and out[0].text == "A fact.¹ Another.²"
    refs = chunks(
        "As in [1], and [2], and again [1].", "[1] Smith, Tides, 1901.", "[2] Jones, Sand, 1903."
    )
    out = detach_notes(refs, EV).chunks
    assert [c.kind for c in out] == ["para"] * 3 and out[0].text == refs[0].text


def test_a_notes_heading_over_numbered_paragraphs(tmp_path):
    text, check, report = _book(
        tmp_path,
        "Tides at Morrow\n\nThe tide was late that morning.1 The boats waited.2\n\n"
        "Notes\n\n1. As the harbour master wrote.\n\n2. They waited until noon.\n",
    )
    assert [c[1] for c in _calls(text)] == [
        "As the harbour master wrote.",
        "They waited until noon.",
    ]
    assert "Notes" not in _body(text)
    assert _clean(check, report)


# --- Issue 13 item 6: a note split over a page break never takes body text -------------------


def test_a_notes_continuation_must_read_on_from_the_notes_sentence():
    body = "z " * 120 + "the story of the river;"
    parts = list(
        chunks(
            body,
            "the lock-keeper kept a diary, and later printed the",
            "but nobody could say where the boat had gone. The search went on until the",
            "diaries of the other keepers along the canal.",
            "autumn, when it was called off.",
        )
    )
    parts[1] = parts[1].__class__(parts[1].text, 2, 1, "note", number=3)
    out = join_page_breaks(tuple(parts), EV).chunks
    note = next(c for c in out if c.kind == "note")
    assert note.text == (
        "the lock-keeper kept a diary, and later printed the "
        "diaries of the other keepers along the canal."
    )
    paras = [c.text for c in out if c.kind == "para"]
    assert paras == [
        body + " but nobody could say where the boat had gone. The search went "
        "on until the autumn, when it was called off."
    ]


def test_reads_on_checks_the_word_after_a_determiner_or_preposition():
    assert not reads_on("and later printed the", "but nobody could say")
    assert reads_on("and later printed the", "diaries of the keepers")
    assert not reads_on("a letter to", "was sent")
    assert reads_on("a letter to", "him was sent")


def test_prices_and_sizes_are_no_note_calls():
    prices = chunks(
        "Paper cover, 1s 6d; cloth, 2s 6d; vellum, 3s; morocco, 4s.",
        "In library form, 4to, cloth, with a portrait, 5s.",
    )
    assert find_note_calls(prices, []) == {}
    assert find_note_calls(chunks("It was known.1 Then.2 And.3 So.4 Thus.5"), [])


def test_a_note_under_a_notes_heading_runs_on_over_paragraphs(tmp_path):
    text, check, report = _book(
        tmp_path,
        "Harbour Days\n\nThe tide was late that morning.[1] The boats waited.[2]\n\n"
        "NOTES\n\n[1] As the harbour master wrote in his log.\n\n"
        "He kept the log for thirty years.\n\n[2] They waited until noon.\n\n"
        "CHAPTER II\n\nThe boats went out at last.\n",
    )
    calls = _calls(text)
    assert [c[1] for c in calls] == [
        "As the harbour master wrote in his log. He kept the log for thirty years.",
        "They waited until noon.",
    ]
    assert "The boats went out at last." in _body(text)
    assert _clean(check, report)


def test_asterisk_and_dagger_notes_at_a_page_foot_pair_with_their_own_marks():
    texts = (
        "The river rose in March,* and the mill stopped for a week.†",
        "*It rose again in April.",
        "†The miller said ten days.",
        "The next page begins here.",
    )
    page = tuple(Chunk(t, line, lines=(t,)) for t, line in zip(texts, (1, 3, 5, 9), strict=True))
    ev = Evidence("x", furniture={7: "folio"})  # a folio after the third chunk: a page ends
    out = detach_notes(page, ev).chunks
    assert [c.kind for c in out] == ["para", "note", "note", "para"]
    body = out[0].text
    assert "*" not in body and "†" not in body
    assert [c.text for c in out[1:3]] == ["It rose again in April.", "The miller said ten days."]
    assert {c.number for c in out[1:3]} == {int(ch) for ch in _superscript_digits(body)}


def _superscript_digits(text: str) -> list[str]:
    values = {ch: str(i) for i, ch in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}
    runs, cur = [], ""
    for ch in text + " ":
        if ch in values:
            cur += values[ch]
        elif cur:
            runs, cur = [*runs, cur], ""
    return runs


def test_a_footnote_keyed_by_an_asterisk_pairs_with_its_printed_call():
    out = detach_notes(
        chunks(
            "The bell was cast in 1610.[*] It still rings.",
            "[Footnote *: By a travelling founder.]",
        ),
        EV,
    ).chunks
    assert out[1].kind == "note" and out[1].text == "By a travelling founder."
    assert "[*]" not in out[0].text and out[0].text.endswith("It still rings.")


def test_a_counted_number_is_no_call_for_a_paragraph_at_the_page_foot():
    texts = (
        "The board met in May, and the 15 members present heard the report.",
        "15 Members voted for the plan, and it was carried.",
        "The next page begins here.",
    )
    page = tuple(Chunk(t, line, lines=(t,)) for t, line in zip(texts, (1, 3, 9), strict=True))
    out = detach_notes(page, Evidence("x", furniture={6: "folio"})).chunks
    assert [c.kind for c in out] == ["para", "para", "para"]
    assert out[0].text == texts[0]


def test_the_close_of_an_emphasis_is_no_asterisk_call():
    texts = (
        "The *new* remedy was tried by the physicians. It failed.",
        "*In the year of the flood.",
    )
    page = tuple(Chunk(t, line, lines=(t,)) for t, line in zip(texts, (1, 3), strict=True))
    out = detach_notes(page, Evidence("x", furniture={5: "folio"})).chunks
    assert out[0].text == texts[0]  # the note's call is lost (OCR): the note stays as printed
    assert (out[1].kind, out[1].text) == ("note", texts[1])
    assert cut_inline_notes("the *new* view. [Footnote: A guess.] And")[0] == "the *new* view. And"


RESTARTING = """THE OLD MILL

CHAPTER I. THE MILL

The mill had stood by the river for two hundred years.[1] In the
winter the wheel froze, and the miller's family lived on what they had
put by in the autumn.[2]

The miller's wife kept bees as well, and sold the honey at the market
in the town.

  [Footnote 1: The date over the door reads 1702, but the
  foundations are older.]

  [Footnote 2: Chiefly oats and salted pork.]

CHAPTER II. THE FLOOD

The river rose in the spring of that year.[1]

  [Footnote 1: The flood of 1811, still remembered in the valley.]
"""


def test_indented_footnote_blocks_restart_per_chapter_and_stay_distinct(tmp_path):
    text, check, report = _book(tmp_path, RESTARTING)
    notes = [note for _, note in _calls(text)]
    assert notes == [
        "The date over the door reads 1702, but the foundations are older.",
        "Chiefly oats and salted pork.",
        "The flood of 1811, still remembered in the valley.",
    ]
    assert _calls(text)[2][0].endswith("The river rose in the spring of that year.")
    assert _clean(check, report)


ENDNOTES_BY_CHAPTER = """THE TWO RIVERS

CHAPTER I. THE UPPER RIVER

The upper river runs fast over stones.[1] Trout live in its pools.[2]

CHAPTER II. THE LOWER RIVER

The lower river is slow and brown.[1] Eels live in its mud.[2] Herons
wait on its banks.[3]

FOOTNOTES

CHAPTER I.

[1] It falls two hundred feet in a mile.

[2] Brown trout only.

CHAPTER II.

[1] It is tidal below the bridge.

[2] Caught in wicker traps.

[3] Grey herons; a pair nests by the mill.
"""


def test_an_endnotes_section_in_parts_per_chapter_pairs_each_part_with_its_chapter(tmp_path):
    text, check, report = _book(tmp_path, ENDNOTES_BY_CHAPTER)
    calls = _calls(text)
    assert [(before.split(".")[-2].strip(), note) for before, note in calls] == [
        ("The upper river runs fast over stones", "It falls two hundred feet in a mile."),
        ("Trout live in its pools", "Brown trout only."),
        ("The lower river is slow and brown", "It is tidal below the bridge."),
        ("Eels live in its mud", "Caught in wicker traps."),
        ("Herons wait on its banks", "Grey herons; a pair nests by the mill."),
    ]
    assert "[1]" not in _body(text)
    assert _clean(check, report)


def test_note_blocks_named_note_pair_with_their_calls(tmp_path):
    """``[Note 1: …]`` is the ``[Footnote 1: …]`` convention under its shorter name (a
    numbered note only: ``[Note: …]`` alone is an editor's remark and stays text)."""
    text = (
        GUTENBERG_BLOCKS.replace("[Footnote 1:", "[Note 1:")
        .replace("[Footnote 2:", "[Note 2:")
        .replace("He kept the ledger", "[Note: the ledger is lost.] He kept the ledger")
    )
    text, check, report = _book(tmp_path, text)
    calls = _calls(text)
    assert calls[0][1].startswith("The first swarm left in June")
    assert calls[1][1].startswith("Old Tamsin said her mother")
    assert "[Note: the ledger is lost.] He kept" in _body(text)
    assert _clean(check, report) and check.edits["footnote-label"] == 2


def test_a_french_readers_tales_are_headings_with_their_notes(tmp_path):
    """Guerber's *Contes et légendes*: the first tale's title, right after the contents that
    the part's name heads, is a heading as the others are; each tale's ``[Note n: …]`` is the
    note of the call on its title."""
    from pathlib import Path

    from helpers import read_checked
    from samizdat.model import Heading, NoteRef

    path = Path(__file__).parent / "fixtures/french/guerber-contes-et-legendes-pg18873-start.txt"
    _, _, norm, _ = read_checked(path)
    heads = [b for b in norm.blocks if isinstance(b, Heading)]
    titles = [plain_text(h.inlines).split(".")[0] for h in heads]
    assert titles[1:5] == ["LES TROIS OURS", "LES QUATRE SAISONS", "LA ROSE MOUSSEUSE",
                           "LES TROIS SOUHAITS"]  # fmt: skip
    notes = [n.note for h in heads for n in h.inlines if isinstance(n, NoteRef)]
    assert len(notes) >= 6
    assert "The Three Bears and Little Silver Hair" in plain_text(notes[0].blocks[0].inlines)


def test_a_call_inside_the_close_of_italics_keeps_both(tmp_path):
    """Gutenberg sets a quotation's call inside its italics (Schopenhauer quoting Pliny:
    ``_…avail himself of it.[1]_``): the span is italics and the call follows it."""
    text = GUTENBERG_BLOCKS.replace(
        "It was the summer the hives swarmed twice.[1]",
        "It was the _summer_ the _hives swarmed twice.[1]_",
    ).replace("He kept the ledger", "He kept _the_ ledger")
    text, check, report = _book(tmp_path, text)
    first = next(b for b in text.blocks if isinstance(b, Para))
    kinds = [type(n).__name__ for n in first.inlines]
    assert kinds[:5] == ["Text", "Emph", "Text", "Emph", "NoteRef"], kinds
    assert plain_text(first.inlines[3].children) == "hives swarmed twice."
    assert "_" not in plain_text(first.inlines)
    assert _clean(check, report)
