"""Italics as Standard Ebooks marks them: a phrase in another language ``<i xml:lang>`` (only
where lingua is confident), a title of a work ``<i epub:type="se:name.publication…">`` (only
where the words around make it evident), emphasis ``<em>``. Made-up texts."""

from __future__ import annotations

import re

from samizdat.manuscript import read_manuscript, write_manuscript
from samizdat.model import BookText, Emph, Loc, Manuscript, Note, NoteRef, Para, Text, TextMeta
from samizdat.render.html import RenderedText, render_book

L = Loc("t.txt", 1)


def _para(source: str) -> Para:
    """``"a *b* c"`` → a paragraph with ``b`` in italics."""
    parts = source.split("*")
    return Para(tuple(Emph((Text(p),)) if i % 2 else Text(p) for i, p in enumerate(parts) if p), L)


def _render(language: str, *paragraphs: str, notes: tuple[str, ...] = ()) -> RenderedText:
    blocks = [_para(p) for p in paragraphs]
    if notes:
        blocks.append(Para((Text("A call."), *(NoteRef(Note((_para(n),), L)) for n in notes)), L))
    text = BookText(TextMeta("t", "A Text", language=language), tuple(blocks))
    book = Manuscript("B", "", "", "samizdat", language or "en", "urn:x", "2026-01-01", "", (text,))
    return render_book(read_manuscript(write_manuscript(book))).texts[0]


def _italics(html: str) -> dict[str, str]:
    return {m[2]: m[1] for m in re.finditer(r"<(em|i[^>]*)>([^<]*)</(?:em|i)>", html)}


ENGLISH = (
    "The police sent spies and *agents provocateurs* into every circle.",
    "His whole *Weltanschauung* was that of a small shopkeeper.",
    "The rules were to be applied *mutatis mutandis* to the district groups.",
    "She asked for a *raison d’être* of the whole committee.",
    "We must insist on the *precise formulation* of the new rules, and *all* members must know it.",
    "The *entrepreneurs* and the *obligatory* meetings were *new* to us; *Nobody* came.",
)


def test_confident_foreign_phrases_take_their_language_and_english_italics_stay_emphasis():
    found = _italics(str(_render("en", *ENGLISH).body_html))
    assert found["agents provocateurs"] == 'i lang="fr" xml:lang="fr"'
    assert found["Weltanschauung"] == 'i lang="de" xml:lang="de"'
    assert found["mutatis mutandis"] == 'i lang="la" xml:lang="la"'
    assert found["raison d’être"] == 'i lang="fr" xml:lang="fr"'
    for english in ("precise formulation", "all", "entrepreneurs", "obligatory", "new", "Nobody"):
        assert found[english] == "em", english


def test_a_text_in_another_language_marks_phrases_not_in_its_own():
    found = _italics(
        str(
            _render(
                "de",
                "Das war *nicht* seine Sache, sagte er, sondern eine *idée fixe* der Partei.",
            ).body_html
        )
    )
    assert found == {"nicht": "em", "idée fixe": 'i lang="fr" xml:lang="fr"'}


def test_a_text_of_unknown_language_marks_no_phrase():
    found = _italics(str(_render("", ENGLISH[0]).body_html))
    assert found == {"agents provocateurs": "em"}


TITLES = (
    "The newspaper *Iskra* came out in December, and the editors of *Iskra* wrote to us.",
    "The reader compares *What Is To Be Done?* and the *Iskra* articles on organization.",
    "Engels wrote in *Vorwärts* against every opportunist; the *Vorwärts* did not listen.",
    "The board will reveal its *new* views, *all* of them, to *everyone*; *Comrade* is a word.",
    "*Iskra* alone, at a sentence's start, is not evidence, nor is the *Letter* after 'the'.",
)


def test_evident_titles_are_publications_and_every_italic_of_the_same_title_follows():
    text = _render("en", *TITLES, notes=("Lenin, *Collected Works*, Vol. 5, p. 12.",))
    found = _italics(str(text.body_html))
    assert found["Iskra"] == 'i epub:type="se:name.publication.newspaper"'
    assert found["What Is To Be Done?"] == 'i epub:type="se:name.publication"'
    vorwarts = 'i epub:type="se:name.publication" lang="de" xml:lang="de"'
    assert found["Vorwärts"] == vorwarts  # a German newspaper: both
    assert str(text.body_html).count(f"<{vorwarts}>Vorwärts</i>") == 2  # 'the *Vorwärts*' too
    assert str(text.body_html).count("Iskra</i>") == 4  # at a sentence's start too, once named
    assert "<em>Iskra" not in str(text.body_html)
    for emphasis in ("new", "all", "everyone", "Comrade", "Letter"):
        assert found[emphasis] == "em", emphasis
    note = _italics(str(text.notes[0].html))
    assert note == {"Collected Works": 'i epub:type="se:name.publication"'}  # a citation's


def test_emphasis_alone_is_never_marked():
    found = _italics(str(_render("en", "It *was* the *Committee* that decided.").body_html))
    assert found == {"was": "em", "Committee": "em"}


def test_a_title_pages_italic_lines_and_a_plays_names_in_capitals_are_neither():
    text = _render(
        "en",
        "*A COMEDY* *In Four Acts* *By ARTHUR PINERO*",
        "LILY. [*To STIDULPH.*] Then came the production of *The Duchess of Brixton*.",
        "[*He kisses it.*] *Dear Uncle!* she says.",
    )
    found = _italics(str(text.body_html))
    assert found == {
        "A COMEDY": "em",
        "In Four Acts": "em",
        "By ARTHUR PINERO": "em",
        "To STIDULPH.": "em",
        "The Duchess of Brixton": 'i epub:type="se:name.publication"',
        "He kisses it.": "em",
        "Dear Uncle!": "em",  # after a sentence's end, however title-like
    }
