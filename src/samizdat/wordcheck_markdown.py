"""The word check's reading of a Markdown source: which of its words are markup.

The checker does not ask the Markdown reader (pandoc) what it dropped. It finds markup from the
source's own shape, line by line, and accepts only these words missing from the book, as the
edit ``markup``: a link's or image's address (``](https://…)``), an HTML tag with its
attributes (``<td class="c">``, never an autolink's address, which is the link's text), a site
generator's template tag (``{% image … %}``, ``{{ … | url }}``), an HTML entity's name
(``&nbsp;``), a heading's attribute block (``{#id .class}``), a link reference definition
(``[1]: http://…``) and a reference link's label (``[text][1]``), and a code fence's info
string. An ordered list's markers are read as
Markdown draws them: a run of items numbers on from its first (``1.`` ``1.`` ``1.`` is 1, 2, 3).

>>> from samizdat.wordcheck import words
>>> src = ("See [the map](http://a.org/m.png) <b>now</b>.", "", "1. a", "1. b")
>>> marks = markdown_marks(src, words)
>>> marks[0]  # doctest: +NORMALIZE_WHITESPACE
[('see', ''), ('the', ''), ('map', ''), ('now', ''), ('http', 'markup'), ('a', 'markup'),
 ('org', 'markup'), ('m', 'markup'), ('png', 'markup'), ('b', 'markup'), ('b', 'markup')]
>>> marks[3]
[('2', ''), ('b', '')]
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: Spans of a line that are markup, not text.
_MARKUP = re.compile(
    r"\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"  # a link's or image's destination
    r"|<(?!(?:https?|mailto|ftp):)/?[A-Za-z!][^<>\n]*>"  # an HTML tag or comment
    r"|(?<=\])\[[^\[\]\n]*\]"  # a reference link's label: [text][label]
    r"|\{%.*?%\}|\{\{.*?\}\}"  # template tags
    r"|&(?:[A-Za-z]{2,8}|#\d{1,6}|#x[0-9A-Fa-f]{1,6});"  # an entity
    r"|\{[#.][^{}]*\}\s*$"  # a heading's attributes
)
_REFERENCE = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*\S+")  # not a footnote's "[^1]:"
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_ITEM = re.compile(r"^(\s{0,3})(\d{1,9})([.)])\s")


def markdown_marks(
    lines: tuple[str, ...], split: Callable[[str], list[str]]
) -> list[list[tuple[str, str]]]:
    """Per source line, its words (``split`` as the check splits them), each with ``"markup"``
    or ``""``."""
    out: list[list[tuple[str, str]]] = []
    number: int | None = None  # the next number of the ordered list running, if any
    for line in lines:
        item = _ITEM.match(line)
        if item:
            number = int(item.group(2)) if number is None else number
            drawn = str(number)
            number += 1
            rest = line[item.end() :]
            out.append([(drawn, ""), *_marked(rest, split)])
            continue
        if line.strip() and not line.startswith((" ", "\t")):
            number = None  # a paragraph that is no item ends the list
        if _REFERENCE.match(line) or _FENCE.match(line):
            out.append([(w, "markup") for w in split(line)])
            continue
        out.append(_marked(line, split))
    return out


def _marked(text: str, split: Callable[[str], list[str]]) -> list[tuple[str, str]]:
    """The line's words as it reads once its markup is gone (markup separates no words: ``a
    free open source<a href="…">full-text</a>`` reads "sourcefull"), then the markup's words."""
    kept, markup, at = [], [], 0
    for m in _MARKUP.finditer(text):
        kept.append(text[at : m.start()])
        markup += split(m.group(0))
        at = m.end()
    kept.append(text[at:])
    return [(w, "") for w in split("".join(kept))] + [(w, "markup") for w in markup]
