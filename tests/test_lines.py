from collections import Counter

from helpers import EV, from_lines
from samizdat.normalise.chunks import Evidence
from samizdat.normalise.headings import mark_headings
from samizdat.normalise.lines import dehyphenate, join_lines, unwrap_lines


def test_dehyphenate_joins_a_word_the_corpus_knows_whole():
    assert dehyphenate("the organiza-", "tion of", EV) == ("the organization of", "joined")


def test_dehyphenate_keeps_a_compound_the_corpus_has_with_its_hyphen():
    assert dehyphenate("a non-", "proletarian class", EV) == ("a non-proletarian class", "kept")


def test_dehyphenate_keeps_prefix_compounds_and_capitalised_second_parts():
    assert dehyphenate("self-", "emancipation", EV)[0] == "self-emancipation"
    assert dehyphenate("Pan-", "Russian", EV)[0] == "Pan-Russian"


def test_dehyphenate_moves_emphasis_close_after_the_whole_word():
    ev = Evidence("x", vocabulary=frozenset({"revolutionary"}))
    assert dehyphenate("*On Rev-*", "olutionary Work", ev)[0] == "*On Revolutionary* Work"


def test_dehyphenate_marks_unknown_splits_doubtful():
    assert dehyphenate("zorb-", "quux", EV)[1] == "doubtful"


def test_join_lines_reports_doubtful_hyphens_with_line():
    counts, findings = Counter(), []
    join_lines("the zorb-", "quux is", EV, counts, findings, 7)
    assert counts["dehyphenation_doubtful"] == 1 and findings[0].line == 7


def test_unwrap_lines_joins_hard_wrapped_lines():
    ev = Evidence("x", wrapped=True)
    result = unwrap_lines(from_lines("The unity of the\nworkers under one roof."), ev)
    assert [c.text for c in result.chunks] == ["The unity of the workers under one roof."]
    assert result.counts["line_joins"] == 1


def test_unwrap_lines_splits_paragraphs_in_long_line_texts():
    long_sentence = "This paragraph ends properly with a full stop after many words."
    result = unwrap_lines(from_lines(f"{long_sentence}\nA new paragraph starts here."), EV)
    assert len(result.chunks) == 2


def test_unwrap_lines_keeps_indented_list_lines_apart():
    text = "  1. Concentration of capital\n  2. Increasing specialisation of labour"
    result = unwrap_lines(from_lines(text), EV)
    assert [c.text for c in result.chunks] == [
        "1. Concentration of capital",
        "2. Increasing specialisation of labour",
    ]


def test_unwrap_lines_keeps_a_section_numeral_under_a_paragraph_apart():
    # the heading profile (mark_headings, before unwrapping) cuts the numeral out
    ev = Evidence("x", wrapped=True)
    text = "as everyone knew by then.3 \n IV-2 \nThe river rose again in the spring\n"
    text += "and flooded the lower fields\n\nV\n\nIt ends."
    result = unwrap_lines(mark_headings(from_lines(text), ev).chunks, ev)
    assert [c.text for c in result.chunks][:3] == [
        "as everyone knew by then.3",
        "IV-2",
        "The river rose again in the spring and flooded the lower fields",
    ]
