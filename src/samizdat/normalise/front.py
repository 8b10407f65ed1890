"""Front and back matter of a text: its own title page (title, byline, translator and imprint
lines) lifted as metadata, and edition furniture (credits, links) moved to its source note.

The title is chosen from evidence: the title page's first heading-like lines (several, when a
byline under them shows a title page), the title a Project Gutenberg header or book.toml gives.
A running head, a date line, a line of OCR noise or a sentence is never a title; with no title
the book supplies an editorial one (:func:`samizdat.book._meta`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .chunks import Chunk, Evidence, PassResult, is_complete
from .gutenberg import Header, read_header
from .headings import MAX_HEADING
from .structure import NAME
from .title_shapes import (
    MAX_TITLE_CHUNKS,
    PAGE_KINDS,
    continued_title,
    is_caps,
    markdown_title,
    same_title,
    title_like,
)
from .titlepage import (
    BY_WORDS,
    as_printed,
    byline_name,
    category_label,
    clean_title,
    edition_header,
    field_chunks,
    is_imprint,
    is_name_line,
    is_translator,
    running_head_title,
    same_person,
    same_words,
    skippable,
    source_paragraph,
    words_of,
)

_BYLINE = re.compile(r"^by\s+(\S.{0,60})$", re.I)
#: Edition furniture: producer credits, links, edition statements, archive notices.
_FURNITURE = re.compile(
    r"retrieved from|^formatted by|^first edition|^(?:www\.|https?://)|consider purchasing|"
    r"^transcri(?:bed|ption)|^proofread|^produced by|project gutenberg|internet archive|"
    r"^isbn|^copyright|^©|^this (?:work|e-?book|edition) (?:is|was)|^html markup|^source:",
    re.I,
)
#: How many paragraphs at a text's start or end can hold a credit line standing alone.
CREDIT_EDGE = 3
GUTENBERG = re.compile(r"^\*{3}\s*(START|END) OF (?:THE|THIS) PROJECT GUTENBERG", re.I)
#: How many title-page paragraphs (noise, date lines, running heads) may stand before a title.
MAX_SKIPPED = 5


def lift_title(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns the source's own title page at the head of a text into metadata.

    Before: ``"In Defense of the Leninist Party"``, ``"by Taimur Rahman"``, ``"How does…"``
    After:  ``"How does…"`` (kind ``title`` and ``byline`` chunks carry the lifted lines)
    """
    out, counts, removed = list(chunks), Counter(), []
    if any(c.kind in ("title", "byline") for c in out):
        return PassResult(chunks)  # the front matter gave them
    if out and out[0].kind == "para" and edition_header(out[0], ev.lines):
        out[0] = replace(out[0], kind="furniture")  # to the source note, like other credits
        counts["furniture_to_source_note"] += 1
    header = read_header(ev.lines) if ev.lines else None
    known = ev.title or (header.title if header else "")
    i = _title_start(out, ev, header.title if header else "")
    if i is None and not known:
        i = _split_author_lines(out, ev)
    if i is not None and not ev.author:
        out = _split_initials_line(out, i, ev.lines)
    author = ev.author or (header.author if header else "")
    end = -1
    if i is not None and not known and (made := running_head_title(out, i, ev)):
        out = _lift_name_line(made, counts)
    elif i is not None:
        end = _lift_title_run(out, i, known, bool(ev.title), counts)
    if end >= 0:
        end = _lift_byline(out, end + 1, author, not ev.author and not header, counts, removed)
        if end >= 0:
            _credits_to_furniture(out, end + 1, ev, counts)
    if header and not ev.title and not any(c.kind == "title" for c in out):
        out = _lift_field(out, header, "title", ev, counts)
    if header and not ev.author and not any(c.kind == "byline" for c in out):
        out = _lift_field(out, header, "author", ev, counts)
    out = [c for c in out if c.kind != "by"]
    return PassResult(tuple(out), counts, removed=tuple(removed))


#: A person's name with initials, or names so joined: "B. Jowett", "A. N. Author and B. Other".
_INITIALS_NAME = r"(?:[A-Z]\.\s?){1,3}[A-Z][\w’'-]+"
_INITIALS_LINE = re.compile(rf"^\s*{_INITIALS_NAME}(?:(?:,| and| &) {_INITIALS_NAME})*\s*$")


def _split_initials_line(out: list[Chunk], i: int, source: tuple[str, ...]) -> list[Chunk]:
    """A title paragraph whose last source line is a name with initials (a paper's title and
    its authors, no blank line between): the name becomes a paragraph of its own, for the
    byline. (The paragraph's lines are read from the ``source``: unwrapping joined them.)

    >>> c = Chunk("On the Crito B. Jowett", 3)
    >>> src = ("", "", "  On the Crito", "  B. Jowett", "", "Text.")
    >>> [(x.text, x.line) for x in _split_initials_line([c], 0, src)]
    [('On the Crito', 3), ('B. Jowett', 4)]
    """
    c = out[i]
    lines: list[str] = []
    for x in source[c.line - 1 : c.line + MAX_TITLE_CHUNKS]:
        if not x.strip():
            break
        lines.append(x.strip())
    if c.kind != "para" or len(lines) < 2 or " ".join(lines) != " ".join(c.text.split()):
        return out
    if not _INITIALS_LINE.match(lines[-1]) or any(len(x) > 80 for x in lines):
        return out
    title = replace(c, text=" ".join(lines[:-1]), lines=tuple(lines[:-1]))
    name = replace(c, text=lines[-1], line=c.line + len(lines) - 1, gap=0, lines=(lines[-1],))
    return [*out[:i], title, name, *out[i + 1 :]]


#: A paper's list of authors: names parted by commas, with their memberships ("Yilun Hu ,
#: Jun Wu , Senior Member, IEEE, Gaolei Li , Member, IEEE, …").
_AUTHOR_LIST = re.compile(r"^[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){1,3} ?, [A-Z].*,")


def _split_author_lines(out: list[Chunk], ev: Evidence) -> int | None:
    """A paper's title over its authors in one block, no blank line between, under a skipped
    journal head: the title lines become the title paragraph (returned), the authors one of
    their own under it.

    >>> src = ("J. OF X, VOL. 2, NO. 1", "", "Learning Few Shots", "Against Threats",
    ...        "Ann Lee , Bo Wu , Member, IEEE, and Cy Li", "", "Abstract—We show.")
    >>> ps = [Chunk(src[0], 1), Chunk(" ".join(src[2:5]), 3), Chunk(src[6], 7)]
    >>> ev = Evidence("x", lines=src * 3)
    >>> k = _split_author_lines(ps, ev)
    >>> [c.text for c in ps[k : k + 2]]
    ['Learning Few Shots Against Threats', 'Ann Lee , Bo Wu , Member, IEEE, and Cy Li']
    """
    for i, c in enumerate(out[: MAX_SKIPPED + 1]):
        if c.kind == "furniture":
            continue
        if c.kind == "para" and skippable(c, ev, False):
            continue
        if c.kind not in PAGE_KINDS:
            return None
        lines = [" ".join(x.split()) for x in source_paragraph(c, ev.lines)]
        if " ".join(lines) != " ".join(c.text.split()):
            return None  # the block runs on past its title and authors: not a title block
        k = next((n for n, x in enumerate(lines) if n and _AUTHOR_LIST.match(x)), 0)
        title = " ".join(lines[:k])
        if not k or any(len(x) > 80 for x in lines[:k]) or is_complete(title) or len(title) > 200:
            return None  # (a paper's title may be long: three lines of 40 characters)
        out[i : i + 1] = [
            replace(c, kind="para", text=title, lines=tuple(lines[:k])),
            replace(
                c,
                kind="para",
                text=" ".join(lines[k:]),
                line=c.line + k,
                gap=0,
                lines=tuple(lines[k:]),
            ),
        ]
        return i
    return None


def _lift_name_line(out: list[Chunk], counts: Counter[str]) -> list[Chunk]:
    """After a title the running heads confirm, a name line under it is its byline."""
    t = next(k for k, c in enumerate(out) if c.kind == "title")
    counts["title_from_running_head"] += 1
    nxt = out[t + 1] if t + 1 < len(out) else None
    if nxt is not None and nxt.kind in PAGE_KINDS and is_name_line(nxt.text.replace("\n", " ")):
        out[t + 1] = replace(nxt, kind="byline", text=" ".join(nxt.text.split()))
        counts["byline_lifted"] += 1
    return out


def _title_start(out: list[Chunk], ev: Evidence, header_title: str = "") -> int | None:
    """Where the title page's title is: the first paragraph after the edition's furniture,
    skipping OCR noise, date lines and running heads; None when a sentence comes first. With
    a Project Gutenberg header's title, the first of the opening paragraphs that begins it."""
    skipped = 0
    for i, c in enumerate(out):
        if c.kind == "furniture":
            continue
        if c.kind not in PAGE_KINDS:
            return None
        if ev.title:
            return i if same_title(c.text, ev.title) or _starts(c.text, ev.title) else None
        if header_title and (same_title(c.text, header_title) or _starts(c.text, header_title)):
            return i
        if header_title:
            skipped += 1
            if skipped > MAX_SKIPPED + 3:
                return None
            continue
        if (marked := markdown_title(c, ev.lines)) is not None:
            out[i] = marked  # "# VERIRAG: …" over "## Abstract": the text's own markup
            return i
        if parts := _split_label(c, ev.lines):
            out[i : i + 1] = parts  # "DIRECTIVES" over "DIRECTIVE (EU) 2019/904 OF …"
            c = out[i]
        following = out[i + 1].text if i + 1 < len(out) else ""
        if skipped < MAX_SKIPPED and (
            skippable(c, ev, _byline_follows(out, i)) or category_label(c.text, following)
        ):
            skipped += 1
            continue
        if not title_like(c.text) and (head := _leading_title(c, ev.lines)):
            out[i : i + 1] = head  # the title's lines open a paragraph of what follows it
            c = out[i]
        return i if title_like(c.text) and (len(out) > i + 1) else None
    return None


def _split_label(c: Chunk, source: tuple[str, ...]) -> list[Chunk] | None:
    """A section label on the first line of the paragraph of the title it files: the label
    and the rest, as two paragraphs."""
    first = source[c.line - 1].strip() if 0 < c.line <= len(source) else ""
    rest = c.text[len(first) + 1 :]
    if not first or not c.text.startswith(first + " ") or not category_label(first, rest):
        return None
    return [
        replace(c, text=first, lines=(first,)),
        replace(c, text=rest, line=c.line + 1, lines=(rest,)),
    ]


def _leading_title(c: Chunk, source: tuple[str, ...]) -> list[Chunk] | None:
    """A title in capitals on the first lines of a paragraph that goes on below it (a legal
    act's title over its date and subject, with no blank line between): the title's lines
    and the rest, as two paragraphs; None when the paragraph does not open so."""
    lines = []
    for line in source[c.line - 1 : c.line + MAX_TITLE_CHUNKS]:
        if not line.strip():
            break
        lines.append(line.strip())
    k = 0
    while k < len(lines) - 1 and is_caps(lines[k]) and len(" ".join(lines[: k + 1])) <= MAX_HEADING:
        k += 1
    head = " ".join(lines[:k])
    if not k or not c.text.startswith(head + " ") or not title_like(head):
        return None
    rest = c.text[len(head) + 1 :]
    return [
        replace(c, text=head, lines=(head,)),
        replace(c, text=rest, line=c.line + k, lines=(rest,)),
    ]


def _starts(text: str, title: str) -> bool:
    a, b = words_of(text), words_of(title)
    return bool(a) and len(a) < len(b) and b[: len(a)] == a


def _byline_follows(out: list[Chunk], i: int) -> bool:
    return any(
        _byline_at(out, j, "")[0] > 0 for j in range(i + 1, min(len(out), i + MAX_TITLE_CHUNKS))
    )


def _lift_title_run(
    out: list[Chunk], i: int, known: str, configured: bool, counts: Counter[str]
) -> int:
    """Lift the title at ``i`` (with the paragraphs that continue it); the last index, or -1.

    A known title (book.toml, a Project Gutenberg header) is matched word for word, over as
    many paragraphs as it takes; otherwise a title in capitals goes on over short capital
    lines when a byline follows them (a title page: "LECTURES" / "ON SURGERY" / "By …")."""
    last = i
    if known:
        while last + 1 < len(out) and _starts(_joined(out, i, last), known):
            if out[last + 1].kind not in PAGE_KINDS or last - i >= MAX_TITLE_CHUNKS:
                break
            last += 1
        if not same_title(_joined(out, i, last), known):
            return -1
        text = known if not configured else _joined(out, i, last)
    else:
        last = _caps_run(out, i)
        text = _joined(out, i, last)
    title = clean_title(text)
    out[i] = replace(out[i], kind="title", text=title or text)
    for k in range(i + 1, last + 1):
        out[k] = replace(out[k], kind="by")  # its words are in the title chunk
    counts["title_lifted"] += 1
    return last


def _joined(out: list[Chunk], i: int, last: int) -> str:
    parts = [out[k].text for k in range(i, last + 1) if k == i or words_of(out[k].text)]
    return " ".join(clean_title(x) or x for x in parts)


def _caps_run(out: list[Chunk], i: int) -> int:
    """The last paragraph of a title set in capitals over several short paragraphs, when a
    byline follows them; else ``i``."""
    if not is_caps(out[i].text):
        return i
    last = i
    while (
        last + 1 < len(out)
        and last - i < MAX_TITLE_CHUNKS - 1
        and out[last + 1].kind in PAGE_KINDS
        and is_caps(out[last + 1].text)
        and len(out[last + 1].text) <= 60
        and _byline_at(out, last + 1, "")[0] == 0
    ):
        last += 1
    if last > i and _byline_at(out, last + 1, "")[0] > 0:
        return last
    return continued_title(out, i)


def _byline_at(out: list[Chunk], j: int, author: str) -> tuple[int, str]:
    """A byline at ``j``: (how many paragraphs it takes, the name), or (0, "")."""
    if j >= len(out) or out[j].kind not in PAGE_KINDS:
        return 0, ""
    text = " ".join(out[j].text.split())
    if author and same_words(text, author):
        return 1, author
    m = _BYLINE.match(text)
    if m:
        return 1, m.group(1).rstrip(",")
    if text.casefold() in BY_WORDS and j + 1 < len(out) and out[j + 1].kind in PAGE_KINDS:
        name = " ".join(out[j + 1].text.split())
        if len(name) <= 60 and len(name.split()) <= 6 and not is_complete(name.rstrip(".")):
            return 2, (author if author and same_words(name, author) else name.rstrip(","))
    name = byline_name(text) or (text.rstrip(",.") if NAME.match(text) else "")
    return (1, name) if name else (0, "")


def _lift_byline(
    out: list[Chunk],
    j: int,
    author: str,
    any_name: bool,
    counts: Counter[str],
    removed: list[str],
) -> int:
    """One byline under the title: the text's author (the one book.toml or the header names,
    else the first). Another name under the title is text of the work (a signature, a second
    author line) and stays in the body, where the reader sees it."""
    for k in range(j, min(len(out), j + 3)):
        taken, name = _byline_at(out, k, author)
        if not taken:
            return -1 if k == j else k - 1
        if author and not same_words(name, author) and same_person(name, author):
            # "BY" / "R. W. EMERSON" for the header's Ralph Waldo Emerson: the name the
            # header gives is the author; the title page's form goes to the source note
            for x in range(k, k + taken):
                out[x] = replace(out[x], kind="furniture")
            counts["byline_to_source_note"] += 1
            return k + taken - 1
        if not author or any_name or same_words(name, author):
            if taken == 2 or _BYLINE.match(out[k].text.strip()):
                removed.append(out[k].text.split()[0].casefold())
            if taken == 2:
                out[k] = replace(out[k], kind="by")
            out[k + taken - 1] = replace(out[k + taken - 1], kind="byline", text=name)
            counts["byline_lifted"] += 1
            return k + taken - 1
    return -1


def _credits_to_furniture(out: list[Chunk], j: int, ev: Evidence, counts: Counter[str]) -> None:
    """The title page's translator lines and imprint under the byline go to the source note."""
    k = j
    while k < len(out) and out[k].kind in PAGE_KINDS and is_translator(out[k].text):
        out[k] = replace(out[k], kind="furniture")
        counts["translator_to_source_note"] += 1
        k += 1
    while k < len(out) and out[k].kind in PAGE_KINDS and is_imprint(out[k], ev.lines):
        out[k] = replace(out[k], kind="furniture", text=as_printed(out[k], ev.lines))
        counts["imprint_to_source_note"] += 1
        k += 1


def _lift_field(
    out: list[Chunk], header: Header, key: str, ev: Evidence, counts: Counter[str]
) -> list[Chunk]:
    """The header's ``Title:`` or ``Author:`` line as the title or byline (its label is a
    field label, see :mod:`samizdat.wordcheck`), when the text has no title page of its own."""
    kind = "title" if key == "title" else "byline"
    for k, c in enumerate(out):
        made = field_chunks(c, header, key, kind, ev.lines) if c.kind == "furniture" else None
        if made:
            counts[f"{kind}_from_header"] += 1
            return [*out[:k], *made, *out[k + 1 :]]
    return out


def keep_furniture(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns edition furniture (credits, links, edition lines) into the text's source note.

    Before: ``"Work retrieved from the Marxists Internet Archive."`` in the body
    After:  a ``furniture`` chunk, shown in the text's source note and the colophon
    """
    out, counts = list(chunks), Counter()
    inside = [i for i, c in enumerate(out) if GUTENBERG.match(c.text)]
    # A credit is furniture by its place, not by one word: a block of two or more credit lines,
    # or one within the first or last few paragraphs of the body. A sentence of the body that
    # mentions an archive, or begins "This work was…", stays where it is.
    body = [i for i, c in enumerate(out) if c.kind not in ("furniture", "title", "byline")]
    first, last = (body[0], body[-1]) if body else (0, len(out) - 1)
    cand = [
        c.kind == "para" and len(c.text) <= 300 and bool(_FURNITURE.search(c.text)) for c in out
    ]
    for i, c in enumerate(out):
        gutenberg = len(inside) >= 2 and not inside[0] < i < inside[-1]
        block = (i > 0 and cand[i - 1]) or (i + 1 < len(out) and cand[i + 1])
        edge = i < first + CREDIT_EDGE or i > last - CREDIT_EDGE
        if c.kind == "para" and (gutenberg or (cand[i] and (block or edge))):
            out[i] = replace(c, kind="furniture")
            counts["furniture_to_source_note"] += 1
    # a short line between two furniture lines ("Formatted by" / a bare link) is furniture too
    for i in range(1, len(out) - 1):
        if (
            out[i].kind == "para"
            and len(out[i].text) <= 80
            and (out[i - 1].kind == "furniture" and out[i + 1].kind == "furniture")
            and not (GUTENBERG.match(out[i - 1].text) or GUTENBERG.match(out[i + 1].text))
        ):
            out[i] = replace(out[i], kind="furniture")
            counts["furniture_to_source_note"] += 1
    return PassResult(tuple(out), counts)
