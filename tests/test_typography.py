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
