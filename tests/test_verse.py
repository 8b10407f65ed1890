"""Line structure: verse, songs, addresses, signatures, contents lists keep their lines; a
transcript's questions and answers are paragraphs; wrapped prose is never taken for verse."""

from __future__ import annotations

import textwrap

from helpers import from_lines
from samizdat.manuscript import inlines_md, read_manuscript, write_manuscript
from samizdat.model import (
    BookText,
    Emph,
    LineBreak,
    Loc,
    Manuscript,
    Para,
    Text,
    TextMeta,
    plain_text,
)
from samizdat.normalise import evidence_for, normalise_text
from samizdat.normalise.chunks import Evidence
from samizdat.normalise.contents import gather_contents
from samizdat.normalise.lines import unwrap_lines
from samizdat.normalise.verse import (
    LINE_KINDS,
    break_lines,
    mark_verse,
    split_turn_lines,
    wrap_width,
)
from samizdat.render.html import render_book
from samizdat.wordcheck import check_words, model_words

EV = Evidence("t.txt")
L = Loc("t.txt", 1)

PROSE = (
    "The committee met on a wet Tuesday in the back room of the hall, where the stove smoked "
    "and the windows would not close. Nobody had brought the minutes of the last meeting, so "
    "the secretary read them from memory, and the treasurer disputed every figure she gave. "
    "After an hour the chairman proposed that they adjourn until the roof had been mended, "
    "which was carried without a vote, and everyone went home through the rain."
)
SECOND = (
    "In the spring they tried again. This time the minutes were typed, the stove was cold, "
    "and a new member from the printing works asked why the accounts were kept in pencil. "
    "Nobody could tell him, and he was elected treasurer on the spot by a show of hands."
)
STANZA = (
    "    Over the hill and over the moor,",
    "    Down by the mill and the miller's door,",
    "      Comes the rider with news of the war,",
    "    And nobody sleeps tonight.",
)


def _wrapped(width: int, indent: str = "") -> list[str]:
    """Four prose paragraphs wrapped at ``width`` (first lines indented by ``indent``)."""
    out: list[str] = []
    for para in (PROSE, SECOND, PROSE, SECOND):
        out += [*textwrap.wrap(para, width, initial_indent=indent), ""]
    return out


def _chunks(lines: list[str]):
    return from_lines("\n".join(lines))


def _kinds(lines: list[str]) -> list[str]:
    return [c.kind for c in mark_verse(_chunks(lines), EV).chunks]


# ---------------------------------------------------------------- prose is prose


def test_prose_wrapped_at_40_or_72_columns_keeps_no_lines():
    for width in (40, 72):
        assert set(_kinds(_wrapped(width))) == {"para"}, width


def test_prose_with_indented_first_lines_keeps_no_lines():
    for width in (40, 72):
        assert set(_kinds(_wrapped(width, indent="    "))) == {"para"}, width


def test_short_prose_paragraphs_and_a_heading_over_its_text_keep_no_lines():
    lines = [*_wrapped(72), "INTRODUCTION.", "The study of this matter has long been", ""]
    lines += ["Formatted by", "The Reading Room Press.", ""]
    assert set(_kinds(lines)) == {"para"}


def test_wrap_width_is_measured_on_prose_not_on_verse():
    lines = [*_wrapped(60), *STANZA, "", *STANZA, "", *STANZA]
    assert 55 <= wrap_width(_chunks(lines)) <= 60


# ---------------------------------------------------------------- lines kept


def test_a_stanza_inside_wrapped_prose_keeps_its_lines_and_indentation():
    lines = [*_wrapped(72), "", *STANZA, "", *_wrapped(72)]
    out = mark_verse(_chunks(lines), EV).chunks
    verse = [c for c in out if c.kind in LINE_KINDS]
    assert [c.kind for c in verse] == ["verse"]
    assert verse[0].text.split("\n") == [
        "Over the hill and over the moor,",
        "Down by the mill and the miller's door,",
        "\u00a0\u00a0\u00a0\u00a0Comes the rider with news of the war,",
        "And nobody sleeps tonight.",
    ]


def test_a_ballad_inside_prose_wrapped_at_40_columns_keeps_its_lines():
    ballad = ["Hie away, hie away,", "Over bank and over brae,", "Where the copsewood grows,"]
    out = mark_verse(_chunks([*_wrapped(40), *ballad, "", *_wrapped(40)]), EV).chunks
    assert [c.text for c in out if c.kind == "verse"] == ["\n".join(ballad)]


def test_unindented_verse_with_a_long_last_line_keeps_its_lines():
    stanza = [
        "When first I came to Edinburgh town,",
        "The bells were ringing up and down;",
        "I asked a man what all the noise,",
        "And he said it was the wedding of the Provost and his bride.",
    ]
    assert "verse" in _kinds([*_wrapped(74), *stanza, "", *_wrapped(74)])


def test_a_text_of_poems_alone_keeps_its_lines():
    lines = [*STANZA, "", *STANZA, "", *STANZA, "", *STANZA]
    assert _kinds(["POEMS", "", *lines]) == ["para", "verse", "verse", "verse", "verse"]


def test_a_web_copy_with_a_paragraph_per_line_keeps_a_poem_and_joins_nothing_else():
    lines = [PROSE, "", SECOND, PROSE, "", *[x.strip() for x in STANZA], "", SECOND]
    out = mark_verse(_chunks(lines), EV).chunks
    assert [c.kind for c in out] == ["para", "para", "verse", "para"]


def test_a_letters_address_and_signature_keep_their_lines():
    letter = [
        "                                    12 Elm Street",
        "                                      3rd March",
        "",
        "Dear Aunt Maud,",
        "",
        *_wrapped(70)[:-1],
        "",
        "                                      Tuesday",
        "",
        *_wrapped(70)[:-1],
        "",
        "                        Your loving nephew,",
        "                                        Tom",
        "",
    ]
    out = mark_verse(_chunks(letter), EV).chunks
    kinds = {c.text: c.kind for c in out if c.kind in LINE_KINDS}
    assert kinds == {
        "12 Elm Street\n3rd March": "address",
        "Tuesday": "address",
        "Your loving nephew,\nTom": "signature",
    }


def test_a_signature_with_its_date_in_an_unwrapped_text():
    lines = [PROSE, "", "A. Smith,", "March 1911.", ""]
    out = mark_verse(_chunks(lines), EV).chunks
    assert (out[-1].kind, out[-1].text) == ("signature", "A. Smith,\nMarch 1911.")


def test_a_cast_list_and_a_contents_list_keep_their_lines():
    cast = ["The Persons of the Play", "", "  MAJOR BLUNT", "  THE REVEREND ALBAN HOPE"]
    cast += ["  MISS CELIA GRANT", "  A POLICEMAN", ""]
    contents = ["Contents", "", "  Preface.", "  The Poems.", "  Notes.", ""]
    out = mark_verse(_chunks([*_wrapped(72), *cast, *contents, *_wrapped(72)]), EV).chunks
    kept = [(c.kind, c.text.split("\n")[0]) for c in out if c.kind in LINE_KINDS]
    assert kept == [("lines", "MAJOR BLUNT"), ("lines", "Preface.")]


def test_an_ocr_contents_list_over_many_paragraphs_becomes_one_list():
    entries = [("Of Bridges", 1), ("Of Roads and Their Upkeep", 17), ("Of Canals", 40)]
    lines = ["C O N T E N T S.", "", "Page", ""]
    for title, page in entries:
        lines += [title, "", "-", "", ".", "", str(page), ""]
    lines += ["A TREATISE ON WORKS.", "", "LECTURE I.", "", *_wrapped(70)]
    out = gather_contents(_chunks(lines), EV)
    kept = [c for c in out.chunks if c.kind == "lines"]
    assert len(kept) == 1
    assert kept[0].text.split("\n") == [
        "Page",
        "Of Bridges\u20031",
        "Of Roads and Their Upkeep\u200317",
        "Of Canals\u200340",
    ]
    after = [c.text for c in out.chunks[out.chunks.index(kept[0]) + 1 :]][:2]
    assert after == ["A TREATISE ON WORKS.", "LECTURE I."]  # the body's own lines stay apart
    assert out.counts["contents_leaders_dropped"] == 6


def test_unwrap_lines_leaves_kept_lines_alone():
    out = unwrap_lines(mark_verse(_chunks([*_wrapped(72), *STANZA]), EV).chunks, EV).chunks
    assert out[-1].kind == "verse" and out[-1].text.count("\n") == 3


# ---------------------------------------------------------------- transcripts


def test_questions_and_answers_become_paragraphs():
    lines = [
        "Q. Where were you on the night of the",
        "fifth?",
        "A. At home, with my sister.",
        "Q. Did anyone call?",
        "A. Nobody.",
        "Q. Are you sure?",
        "A. Quite sure.",
        "",
    ]
    out = split_turn_lines(_chunks(lines), EV)
    assert [c.lines for c in out.chunks][:2] == [
        ("Q. Where were you on the night of the", "fifth?"),
        ("A. At home, with my sister.",),
    ]
    assert len(out.chunks) == 6 and out.counts["turn_lines_split"] == 5


def test_a_court_transcripts_labels_split_its_lines():
    lines = [
        "     Q    Did you see the defendant on the night of",
        "          the fifth of June?",
        "     A    I did.",
        "          THE COURT: Speak up, please.",
        "     Q    Where?",
        "     A    At the station.",
        "          THE COURT: Thank you.",
        "     Q    Was he alone?",
        "     A    He was not.",
        "          THE COURT: Go on.",
    ]
    out = split_turn_lines(_chunks(lines), EV).chunks
    assert len(out) == 9 and out[0].lines[1].strip() == "the fifth of June?"
    assert [c.text for c in unwrap_lines(out, EV).chunks][:2] == [
        "Q Did you see the defendant on the night of the fifth of June?",
        "A I did.",
    ]


def test_a_lone_capital_label_does_not_split_prose():
    lines = ["He wrote it down, as follows:", "NOTE: the meeting is off.", "It was."]
    assert len(split_turn_lines(_chunks(lines), EV).chunks) == 1


# ---------------------------------------------------------------- model, manuscript, book


def test_break_lines_puts_line_breaks_at_the_top_level():
    nodes = break_lines((Text("one\ntwo "), Emph((Text("three\nfour"),))))
    assert nodes == (
        Text("one"),
        LineBreak(),
        Text("two "),
        Emph((Text("three"),)),
        LineBreak(),
        Emph((Text("four"),)),
    )


def test_plain_text_and_the_word_check_see_a_line_break_between_words():
    para = Para((Emph((Text("moor,"), LineBreak(), Text("Down"))),), L)
    assert plain_text(para.inlines) == "moor,\nDown"
    book = model_words(BookText(TextMeta("t", "T"), (para,)))
    assert book.body == ["moor", "down"]


def test_a_line_break_is_a_hard_break_in_the_manuscript_and_br_in_the_book():
    para = Para((Text("To move,"), LineBreak(), Text("- and 1. stay")), L, "verse")
    assert inlines_md(para.inlines) == "To move,\\\n\\- and 1. stay"
    text = BookText(TextMeta("t", "T"), (para,))
    ms = Manuscript("B", "", "", "", "en", "id", "2026", "", (text,))
    ast = read_manuscript(write_manuscript(ms))
    div = next(b for b in ast["blocks"] if b["t"] == "Div")
    assert div["c"][0][1] == ["verse"]
    assert [n["t"] for n in div["c"][1][0]["c"]].count("LineBreak") == 1
    html = str(render_book(ast).texts[0].body_html)
    assert '<p class="verse"' in html
    assert '<span class="line">To move,</span><br/><span class="line">- and 1. stay</span>' in html


def test_a_poem_in_a_text_reaches_the_model_as_lines_with_every_word():
    lines = tuple([*_wrapped(72), *STANZA, "", *_wrapped(72)])
    ev = evidence_for("t.txt", lines)
    norm = normalise_text(lines, ev, "t")
    verse = [b for b in norm.blocks if isinstance(b, Para) and b.role == "verse"]
    assert len(verse) == 1 and sum(isinstance(n, LineBreak) for n in verse[0].inlines) == 3
    bare = BookText(TextMeta("x", "x"), norm.blocks, norm.furniture)
    assert check_words(lines, model_words(bare, norm.title_lines, norm.bylines)).ok


def test_verse_whose_lines_open_in_lowercase_keeps_its_lines(tmp_path):
    """Spanish sonnets (the Quijote's preliminaries, tests/fixtures/spanish) open each line
    after the first in lowercase; no line reaches the measure and most end on a stop or a
    comma: verse, not a paragraph of prose."""
    from pathlib import Path

    from samizdat.book import load_book, normalise_book
    from samizdat.model import Para, plain_text

    src = Path(__file__).parent / "fixtures" / "spanish" / "quijote-pg2000-start.txt"
    (tmp_path / src.name).write_bytes(src.read_bytes())
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    assert nb.conservation[0].ok
    blocks = [b for b in nb.manuscript.texts[0].blocks if isinstance(b, Para)]
    sonnet = next(b for b in blocks if plain_text(b.inlines).startswith("Tú, que imitaste"))
    lines = plain_text(sonnet.inlines).split("\n")
    assert sonnet.role == "verse" and len(lines) == 14, lines[:3]
    assert lines[1] == "que tuve, ausente y desdeñado sobre"
    prose = [plain_text(b.inlines) for b in blocks if not b.role]
    assert any(p.startswith("En un lugar de la Mancha") and "\n" not in p for p in prose)


def test_a_contents_of_chapter_titles_is_no_verse_and_no_paragraph(tmp_path):
    """A Gutenberg contents of unnumbered chapter titles, each wrapped short (its numeral was
    taken off): a title broken before a name the text always capitalises ("…tuvo don" /
    "Quijote en armarse caballero") is one wrapped title, not two lines of verse; and titles
    without stops after a long one are titles of their own, not a paragraph run on over a
    page break."""
    from pathlib import Path

    from samizdat.book import load_book, normalise_book
    from samizdat.model import Para, plain_text

    src = Path(__file__).parent / "fixtures" / "spanish" / "quijote-pg2000-start.txt"
    (tmp_path / src.name).write_bytes(src.read_bytes())
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    blocks = nb.manuscript.texts[0].blocks
    paras = {plain_text(b.inlines): b.role for b in blocks if isinstance(b, Para)}
    title = "Donde se cuenta la graciosa manera que tuvo don Quijote en armarse caballero"
    assert paras[title] == ""
    assert paras["De lo que contó un cabrero a los que estaban con don Quijote"] == ""
    long_one = next(p for p in paras if p.startswith("Donde se declara quién fueron"))
    assert long_one.endswith("mujer de Sancho Panza")
    assert "Del progreso del gobierno de Sancho Panza, con otros sucesos tales como buenos" in paras
    # the verse of the book's preliminaries is verse still
    assert paras[next(p for p in paras if p.startswith("Tú, que imitaste"))] == "verse"


def test_a_verse_quotation_opening_mid_line_keeps_its_lines():
    """An essay quotes verse from the middle of a line, as Scherillo quotes Parini and
    Monti in Gutenberg's *I promessi sposi*: its cut marked (``......che ne le reggie``), or
    its first half-line set far right where the prose leaves off. Both are verse."""
    cut = ("          ......and over the moor,", *STANZA[1:])
    dropped = ("                          over the moor,", *STANZA[1:])
    for quoted in (cut, dropped):
        lines = [*_wrapped(72), "", *quoted, "", *_wrapped(72)]
        out = mark_verse(_chunks(lines), EV).chunks
        verse = [c for c in out if c.kind in LINE_KINDS]
        assert [c.kind for c in verse] == ["verse"], quoted
        assert verse[0].text.split("\n")[1].endswith("Down by the mill and the miller's door,")
    lower = ("    and over the moor we went", "    down by the mill", *STANZA[2:])
    lines = [*_wrapped(72), "", *lower, "", *_wrapped(72)]
    kinds = [c.kind for c in mark_verse(_chunks(lines), EV).chunks]
    assert "verse" not in kinds  # a block opening in lowercase, set no deeper, is no verse


def test_an_ocr_contents_with_spaced_dash_leaders_and_turned_entries_is_one_list():
    """A scan's contents as OCR reads it (Hayes 1868): leaders of spaced dashes and points
    (``Stricture, - . - - - 34``), entries turned over flush (``Symptoms and Treatmentof
    Venereal Disease`` / ``in its Local and Constitutional Fonns, and``), a word broken over
    a turned line: one list, a row an entry line, each page number after an em space."""
    lines = ["CONTENTS.", ""]
    lines += ["Stricture, - . - - - 34", "Symptoms and Treatment of Venereal Disease"]
    lines += ["in its Local and Constitutional Forms, and", "its Cure, - - - - 36", ""]
    lines += ["Facts and Philosophy, . - . 142", "", "SYMPTOMS OF IMPO-", "tence, - - - . 145"]
    lines += ["Nocturnal Discharges, - 146", "", "PREFACE.", "", *_wrapped(70)]
    out = gather_contents(_chunks(lines), EV)
    kept = [c for c in out.chunks if c.kind == "lines"]
    assert len(kept) == 1
    assert kept[0].text.split("\n") == [
        "Stricture,\u200334",
        "Symptoms and Treatment of Venereal Disease",
        "in its Local and Constitutional Forms, and",
        "its Cure,\u200336",
        "Facts and Philosophy,\u2003142",
        "SYMPTOMS OF IMPO-tence,\u2003145",
        "Nocturnal Discharges,\u2003146",
    ]


def test_a_contents_in_columns_keeps_its_columns_apart_and_its_dittos():
    """Keats's letters list each letter's addressee, date and page in columns, a ditto mark
    for an addressee repeated: the columns stay apart (an em space, as a page number is set)
    and the ditto mark is one, not an opening quotation mark."""
    from samizdat.normalise.typography import smarten_quotes

    lines = ["CONTENTS", "", "  LETTER                        DATE        PAGE", ""]
    lines += ["    1. TO CHARLES COWDEN CLARKE       Oct. 13, 1816             1", ""]
    lines += ['    2.      "           "             Nov. 20, 1816             2', ""]
    lines += ["    3. TO JOHN HAMILTON REYNOLDS      Mar. 2, 1817              3", ""]
    lines += ["PREFACE", "", *_wrapped(70)]
    kept = [c for c in gather_contents(_chunks(lines), EV).chunks if c.kind == "lines"]
    rows = kept[0].text.split("\n")
    assert rows[1] == "1. TO CHARLES COWDEN CLARKE\u2003Oct. 13, 1816\u20031"
    assert smarten_quotes(rows[2], "\n") == "2.\u2003”\u2003”\u2003Nov. 20, 1816\u20032"
    assert smarten_quotes('"Oh," she said, "no."') == "“Oh,” she said, “no.”"
