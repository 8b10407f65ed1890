from samizdat.normalise.typography import (
    NBSP,
    add_nbsp,
    fix_dashes_and_ellipses,
    fix_spacing,
    smarten_quotes,
    typeset,
)


def test_smarten_quotes_reads_context():
    assert smarten_quotes("\"It's the 'line',\" he said.") == "“It’s the ‘line’,” he said."


def test_smarten_quotes_opens_a_quote_after_an_equals_sign():
    """Markup-like source text keeps its quotes paired: src=“x”, not src=”x”."""
    assert smarten_quotes("<img src=\"x\" alt='y'>") == "<img src=“x” alt=‘y’>"


def test_smarten_quotes_uses_the_character_before_a_text_node():
    assert smarten_quotes('"', before="a") == "”" and smarten_quotes('"', before=" ") == "“"


def test_dashes_and_ellipses():
    assert fix_dashes_and_ellipses("a -- b - c...") == "a — b – c…"
    assert fix_dashes_and_ellipses("self-emancipation and 10-12") == "self-emancipation and 10-12"


def test_fix_spacing_removes_space_before_punctuation():
    assert fix_spacing("problems : op. cit. , p. 5 ( sic )") == "problems: op. cit., p. 5 (sic)"


def test_add_nbsp_binds_initials_and_page_numbers():
    assert add_nbsp("V. I. Lenin, p. 48") == f"V.{NBSP}I.{NBSP}Lenin, p.{NBSP}48"


def test_typeset_is_idempotent():
    text = '"Quoted" -- and ... V. I. Lenin , p. 5 \'tis'
    once = typeset(text)
    assert typeset(once) == once


def test_house_style_closes_em_dashes_between_words():
    assert typeset("the left – certainly in Asia – the") == "the left—certainly in Asia—the"
    assert typeset("Power” — conquered -- held") == "Power”—conquered—held"
    assert typeset("- Progress Publishers") == "—Progress Publishers"


def test_house_style_can_space_its_dashes():
    assert typeset("one—two - three", dashes="spaced-en") == "one – two – three"
    assert typeset("one – two", dashes="spaced-em") == "one — two"


def test_dashes_of_other_languages_stay_as_the_source_sets_them():
    assert typeset("— Bonjour, dit-il — et puis", language="fr") == "— Bonjour, dit-il — et puis"


def test_number_ranges_take_an_en_dash_and_nothing_else_does():
    assert typeset("in 1905-07 (pp. 382-395)") == f"in 1905–07 (pp.{NBSP}382–395)"
    kept = "on 2026-01-01, ISBN 978-3-16-148410-0, GV.RR-01, 1.5-2, self-rule"
    assert typeset(kept) == kept


def test_ellipses_never_take_five_dots():
    assert typeset("the power…..In order") == "the power…. In order"
    assert typeset("nothing….and so") == "nothing… and so"
    assert typeset("they fancy …. there are") == "they fancy … there are"
    assert typeset("Name: ..........") == "Name:.........."  # a blank to fill in: its dots kept


def test_no_no_break_space_where_an_initialism_ends_a_sentence():
    assert typeset("the C.O. and C.C. If we") == "the C.O. and C.C. If we"
    assert typeset("J. V. Stalin") == f"J.{NBSP}V.{NBSP}Stalin"


def test_house_style_is_idempotent():
    text = "a – b…..In 1905-07 -- C.C. If - x"
    once = typeset(text)
    assert typeset(once) == once


def test_a_dash_opening_a_lowercase_paragraph_is_left_as_the_source_sets_it():
    assert typeset("- not a dash item") == "- not a dash item"


def _book_text(path) -> str:
    """Every paragraph's and verse block's text of a real source, normalised alone."""
    from helpers import read_checked
    from samizdat.model import plain_text

    _, _, norm, _ = read_checked(path)
    return "\n".join(plain_text(getattr(b, "inlines", ())) for b in norm.blocks)


def test_elided_words_take_an_apostrophe_not_an_opening_quote():
    """A straight quote opening an elided word (’tis, ’twas, ’gainst, ’em) is an apostrophe,
    in verse (Shakespeare, FitzGerald), a play's dialogue (Pinero) and letters (Webster); a
    quotation's own opening quote stays one."""
    from pathlib import Path

    here = Path(__file__).parent
    sonnets = _book_text(here / "fixtures/poems/shakespeare-sonnets-pg1041.txt")
    assert "That ’gainst thy self thou stick’st not" in sonnets
    assert "the frame wherein ’tis held" in sonnets and "‘tis" not in sonnets
    rubaiyat = _book_text(here / "corpus/fitzgerald-rubaiyat-pg246.txt")
    assert "and ’twas—the Grape!" in rubaiyat and "‘twas" not in rubaiyat
    play = _book_text(here / "corpus/pinero-mind-the-paint-girl-pg21849-latin1.txt")
    assert "I treat ’em all alike" in play and "‘em" not in play
    assert "takes place in London—at" in play  # a play's "London-- at": a closed em dash
    letters = _book_text(here / "corpus/webster-daddy-long-legs-pg157.txt")
    assert "hate ’em both" in letters and "‘" in letters  # her quotations still open so


def test_archaic_elisions_in_verse_quoted_in_a_novel():
    """Waverley quotes Spenser: "When 'gan he loudly through the house to call"."""
    from pathlib import Path

    text = _book_text(Path(__file__).parent / "corpus/scott-waverley-pg5998-ch08-23.txt")
    assert "When ’gan he loudly through the house to call" in text


def test_archaic_and_foreign_elisions_take_an_apostrophe():
    """Keats's "God 'ield you", "the 'vantage", Italian verse's "e 'l sangue": the quote
    marks a letter left out, never an opening quotation mark; a quotation still opens."""
    from samizdat.normalise.typography import smarten_quotes

    text = smarten_quotes("God 'ield you, the 'vantage, 'pon my word, e 'l sangue; 'come'")
    assert text == "God ’ield you, the ’vantage, ’pon my word, e ’l sangue; ‘come’"
