"""Found by the editor's walkthrough (tests/test_browser.py): a ``verse`` entry on the seeds'
letter address ``**To the St. Petersburg Committee in general`` / ``and to Comrade Yeryoma in
particular:**`` keeps the line break but shows both ``**`` literally, since the text's own
strong emphasis is not read over a kept line end. The fix belongs to ``normalise/inline.py``
(``_STRONG``'s ``.+?`` does not cross ``\\n``; ``break_lines`` already cuts a span at each line
end); this test is strict-xfail until then, so the fix turns it into a failure to remove."""

from __future__ import annotations

import pytest

from samizdat.model import LineBreak, Strong, Text
from samizdat.normalise.inline import parse_emphasis
from samizdat.normalise.verse import break_lines


@pytest.mark.xfail(strict=True, reason="normalise/inline.py: **…** not read over a line end")
def test_strong_emphasis_over_a_kept_line_end():
    nodes = break_lines(parse_emphasis("**To the Committee in general\nand to Comrade Y.:**"))
    assert nodes == (
        Strong((Text("To the Committee in general"),)),
        LineBreak(),
        Strong((Text("and to Comrade Y.:"),)),
    )
