"""Keeps of the print edition: what must not be parted at a line end or a page break.

Applied to the print HTML only (the EPUB and the manuscript keep their text as it is), on text
between tags, never on markup:

- a page or volume reference stays on one line: ``p. 489``, ``pp. 12–14``, ``Vol. 33``,
  ``No. 5`` (also written ``p.489``, where a line may otherwise break after the stop);
- initials stay with the surname: ``V. I. Lenin`` (a space after an initial becomes a
  no-break space);
- a note call stays with the word before it, so a call never starts a line;
- a paragraph whose sentence runs on into the block quotation after it (it ends in ``,``,
  ``:``, ``;``, a dash or a word: "Lenin warned that his mistakes") is a lead-in
  (``class="lead-in"``, kept with the quotation by ``print.css``).

Nowrap spans (``<span class="nobr">``) keep the text's own characters.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"
_TAGS = re.compile(r"(<[^>]*>)")
#: A page, volume or number reference: the abbreviation, an optional space, a number.
_REFERENCE = re.compile(r"(?<![\w.])((?:[pP]p?|Vol|No)\.[ \u00a0]?\d[\d\u2013-]*)")
#: An initial then a space before a capital (another initial or the surname).
_INITIAL = re.compile(r"(?<![\w.])([A-Z]\.) (?=[A-Z])")
#: A note call with the word right before it (in the same text run).
_CALL = re.compile(r'([^\s<>]+)(<a class="noteref"[^>]*>[^<]*</a>)')
#: A paragraph whose sentence runs on into the block quotation right after it: it ends in a
#: comma, colon, semicolon, dash or a word (tags, spaces and a note call may follow), not in
#: a full stop, a question, a closing quote or bracket.
_LEAD_IN = re.compile(
    r"<p\b([^>]*)>((?:(?!</p>)[^<]|<(?!/?p\b)[^>]*>)*(?:[,:;\u2014\u2013-]|[^\W\d_])(?:\s|<[^>]*>|\d)*)</p>(\s*<blockquote)"
)


def _text(token: str) -> str:
    token = _REFERENCE.sub(r'<span class="nobr">\1</span>', token)
    return _INITIAL.sub(r"\1" + NBSP, token)


def keep_together(html: str) -> str:
    """References, initials and note calls kept on their lines.

    >>> keep_together('V. I. Lenin, CW Vol. 5, p.489 and<a class="noteref" href="#n1">1</a>')
    ... # doctest: +NORMALIZE_WHITESPACE
    'V.\\xa0I.\\xa0Lenin, CW <span class="nobr">Vol. 5</span>, <span class="nobr">p.489</span>
    <span class="nobr">and<a class="noteref" href="#n1">1</a></span>'
    """
    tokens = _TAGS.split(html)
    tokens[::2] = [_text(t) for t in tokens[::2]]
    return _CALL.sub(r'<span class="nobr">\1\2</span>', "".join(tokens))


def _mark(m: re.Match[str]) -> str:
    attrs = m.group(1)
    if 'class="' in attrs:
        attrs = attrs.replace('class="', 'class="lead-in ', 1)
    else:
        attrs = ' class="lead-in"' + attrs
    return f"<p{attrs}>{m.group(2)}</p>{m.group(3)}"


def mark_lead_ins(html: str) -> str:
    """Mark each paragraph whose sentence runs on into the block quotation after it.

    >>> mark_lead_ins('<p id="a">He wrote:</p>\\n<blockquote><p>No.</p></blockquote>')
    '<p class="lead-in" id="a">He wrote:</p>\\n<blockquote><p>No.</p></blockquote>'
    >>> mark_lead_ins('<p>He warned that</p><blockquote><p>No.</p></blockquote>')
    '<p class="lead-in">He warned that</p><blockquote><p>No.</p></blockquote>'
    >>> mark_lead_ins('<p>He wrote.</p><blockquote><p>No.</p></blockquote>')
    '<p>He wrote.</p><blockquote><p>No.</p></blockquote>'
    >>> mark_lead_ins('<p>(Lenin, p. 85)</p><blockquote><p>No.</p></blockquote>')
    '<p>(Lenin, p. 85)</p><blockquote><p>No.</p></blockquote>'
    """
    return _LEAD_IN.sub(_mark, html)
