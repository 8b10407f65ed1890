"""Found by the editor's walkthrough (tests/test_browser.py): a ``verse`` entry on the seeds'
letter address ``**To the St. Petersburg Committee in general`` / ``and to Comrade Yeryoma in
particular:**`` keeps the line break but shows both ``**`` literally, since the text's own
strong emphasis is not read over a kept line end. The fix belongs to ``normalise/inline.py``
(``_STRONG``'s ``.+?`` does not cross ``\\n``; ``break_lines`` already cuts a span at each line
end); the patterns now read a span over a kept line end (never over a paragraph's end)."""

from __future__ import annotations

from samizdat.model import Emph, LineBreak, Strong, Text
from samizdat.normalise.inline import parse_emphasis, uses_emphasis_markup
from samizdat.normalise.verse import break_lines


def test_strong_emphasis_over_a_kept_line_end():
    nodes = break_lines(parse_emphasis("**To the Committee in general\nand to Comrade Y.:**"))
    assert nodes == (
        Strong((Text("To the Committee in general"),)),
        LineBreak(),
        Strong((Text("and to Comrade Y.:"),)),
    )


def test_italics_over_a_kept_line_end():
    nodes = break_lines(parse_emphasis("*Awake! for Morning\nin the Bowl* of Night"))
    assert nodes == (
        Emph((Text("Awake! for Morning"),)),
        LineBreak(),
        Emph((Text("in the Bowl"),)),
        Text(" of Night"),
    )


def test_a_span_is_counted_within_one_paragraph():
    # two stray asterisks in two paragraphs are no span; spans over a line end count
    assert not uses_emphasis_markup(["a *note", "b* *c", "d* e"])
    assert uses_emphasis_markup(["**To the\nCommittee:**", "*Iskra*", "*Zarya\nand Vpered*"])
