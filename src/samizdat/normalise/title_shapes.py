"""The shapes a text's title takes on its title page: a line like a title (not a sentence, a
division's heading, a date), a Markdown ``#`` title, a title in capitals carried on over its
lines by joining words. Read by :mod:`.front`, which lifts it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .chunks import NUMBERED_HEADING, Chunk, is_complete, last_word
from .heading_forms import keyword_form, markdown_form
from .headings import MAX_HEADING
from .titlepage import words_of

#: What a title page's lines can be read as by the passes before (headings, kept lines).
PAGE_KINDS = frozenset({"para", "heading", "lines", "verse"})
#: How many paragraphs a title set over several lines may take ("CERTAIN SYMPTOMS" / "OF" / …).
MAX_TITLE_CHUNKS = 5


def same_title(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    na = norm(a)
    return bool(na) and na == norm(b)  # a line of punctuation is never a title


#: A title set in capitals may run long: a hearing's or a statute's full title.
MAX_CAPS_TITLE = 200


def title_like(text: str) -> bool:
    return (
        (len(text) <= MAX_HEADING or (len(text) <= MAX_CAPS_TITLE and is_caps(text)))
        and (not is_complete(text) or text.endswith("?") or (text[-1:] in ".;:," and is_caps(text)))
        and not NUMBERED_HEADING.match(text)
        and not division_heading(text)
    )


def division_heading(text: str) -> bool:
    """``"CHAPTER VIII"``, ``"Part 2"``, ``"PREMIÈRE PARTIE"``: a division's heading, never
    the text's title (a novel that opens on its first part's heading has no title page).

    >>> division_heading("PREMIÈRE PARTIE"), division_heading("Zweiter Teil"), division_heading("Book of Songs")
    (True, True, False)
    """
    return keyword_form(text) is not None


def markdown_title(c: Chunk, source: tuple[str, ...]) -> Chunk | None:
    """A ``# Title`` line opening a text whose other headings are Markdown's too (a paper's
    Markdown wrapper over its PDF text, a notes file): the title without its mark, as long
    as a title may run; None otherwise (one ``#`` line alone is text, as it reads).

    >>> src = ("# On Long Titles of Papers", "", "## Abstract", "", "Text.")
    >>> markdown_title(Chunk(src[0], 1), src).text
    'On Long Titles of Papers'
    >>> markdown_title(Chunk(src[0], 1), src[:1]) is None
    True
    """
    form = markdown_form(c.text)
    if form is None or form.rank != 1 or "\n" in c.text or len(form.title) > MAX_CAPS_TITLE:
        return None
    others = sum(1 for x in source[c.line :] if (f := markdown_form(x.strip())) and f.rank > 1)
    return replace(c, text=form.title, lines=(form.title,)) if others else None


#: Words that carry a title set in capitals on to its next line: "SHORT ACCOUNT" / "OF THE …".
CARRY = frozenset({"of", "on", "and", "or", "the", "for", "to", "in", "with", "a", "an", "by"})


def continued_title(out: list[Chunk], i: int) -> int:
    """The last paragraph of a capitals title that its words carry on (a line ending in a
    joining word, or the next opening with one), past a speck of OCR noise
    with no word between; ``i`` when none carries on.

    >>> ps = [Chunk(t, n) for n, t in enumerate(["SHORT ACCOUNT", "%", "OF THE",
    ...       "VITAL RESTORATIVE", "SOLD HERE", "PREFACE."], 1)]
    >>> continued_title(ps, 0)
    3
    >>> ps = [Chunk(t, n) for n, t in enumerate(["PRACTICAL TREATISE", "ON THE", "PREVENTION",
    ...       "OF TIIE", "VENEREAL DISEASE.", "jP rice 4s. 6d. boards."], 1)]
    >>> continued_title(ps, 0)
    4
    """
    last, k = i, i + 1
    while k < len(out) and k - i < MAX_TITLE_CHUNKS and out[k].kind in PAGE_KINDS:
        text = out[k].text
        if not words_of(text) and k + 1 < len(out):
            k += 1  # a speck with no word: the title's words go on over it
            continue
        prev = out[last].text.rstrip()
        # a joining line: "OF THE" (its last word misread: "OF TIIE") carries the title on
        joiner = first_word(prev) in CARRY and len(prev.split()) <= 2
        joins = joiner or last_word(prev) in CARRY or first_word(text) in CARRY
        if not (is_caps(text) and len(text) <= 60 and joins):
            break
        last, k = k, k + 1
    return last


def first_word(text: str) -> str:
    m = re.match(r"\W*([^\W\d_]+)", text)
    return m.group(1).casefold() if m else ""


def is_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)
