"""The shapes of a title page: what can stand before a title, bylines with credentials,
translator and imprint lines, a header field split out of its paragraph.

>>> byline_name("SIR ASTLEY COOFER, Bart., F.R.S.")
'SIR ASTLEY COOFER, Bart., F.R.S.'
>>> clean_title("/NERVOUS EXHAUSTION.^")
'NERVOUS EXHAUSTION'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from .chunks import RECORD_TIME_STAMP, Chunk, Evidence
from .gutenberg import Header

#: The word of a byline standing alone on its line ("by" / "JEAN WEBSTER"), in the languages
#: title pages are set in.
BY_WORDS = frozenset({"by", "von", "par", "por", "door", "av", "af", "di"})
#: A name with its credentials: "GEORGE M. BEARD, M. D.", "SIR ASTLEY COOPER, Bart., F.R.S."
_CREDENTIALED = re.compile(
    r"^(?:by\s+)?(?P<name>(?:[A-Z][\w'’-]*\.?\s+){0,4}[A-Z][\w'’-]+),"
    r"(?P<creds>(?:\s*(?:[A-Z][A-Za-z]{0,3}\.\s?)+,?)+)$"
)
_TRANSLATOR = re.compile(
    r"^(?:(?:newly\s+)?(?:translated|rendered|englished|edited|done|retold|übersetzt|übertragen|"
    r"traduit|traduction|tradotto)\b.{0,100}?\b(?:by|von|par|da|por)\b|(?:with\s+an?\s+)?"
    r"(?:introduction|preface|notes|illustrations|foreword)\s+(?:and\s+\w+\s+)?by\b)",
    re.I,
)
_IMPRINT = re.compile(
    r"^(?:copyright\b|©|\(c\)\s|all rights reserved|printed\s+(?:by|at|for|in)\b|"
    r"published\s+(?:by|at|for|in)\b|gedruckt\b|imprimé\b)",
    re.I,
)
#: Letters set with spaces between them: "K U R T  W O L F F".
#: A link or a mail address standing alone: an archive's or a site's address, never a title.
_LINK = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+", re.I)
_LETTER_SPACED = re.compile(r"(?:^|\s)(?:[^\W\d_]\s){3,}[^\W\d_](?=\s|$|\W)")
_DATE = re.compile(
    r"^(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2}|(?:\d{1,2}\.?\s+)?[A-Z][a-z]{2,8}\.?,?"
    r"\s+(?:\d{1,2},?\s+)?\d{4}|\d{4})\.?$"
)
#: How many lines from the start a running head is counted in (enough for many pages).
REPEAT_LINES = 4000
#: A line this often in the text's first lines is a running head.
MIN_REPEATS = 3
#: Leading spaces that set a line centred in a plain-text title page.
CENTRED = 8


def words_of(text: str) -> list[str]:
    """The words of ``text`` as the word check compares them (letters or digits, folded)."""
    return re.findall(r"[^\W\d_]+|\d+", unicodedata.normalize("NFKC", text).casefold())


def same_words(a: str, b: str) -> bool:
    wa = words_of(a)
    return bool(wa) and wa == words_of(b)


def same_person(a: str, b: str) -> bool:
    """The same name, or one with initials for the other's given names: the title page's
    ``R. W. EMERSON`` is the header's ``Ralph Waldo Emerson``.

    >>> same_person("R. W. EMERSON", "Ralph Waldo Emerson"), same_person("R. Emerson", "W. Emerson")
    (True, False)
    """
    wa, wb = words_of(a), words_of(b)
    if not wa or not wb or wa == wb:
        return bool(wa) and wa == wb
    if wa[-1] != wb[-1] or len(wa) != len(wb):
        return False
    return all(
        x[0] == y[0] and (len(x) == 1 or len(y) == 1 or x == y)
        for x, y in zip(wa[:-1], wb[:-1], strict=True)
    )


def clean_title(text: str) -> str:
    """A title without the OCR specks at its edges and its closing full stop."""
    # only marks a scan leaves as specks: a title's own <b>, #, ) or ] stay as typed
    text = re.sub(r"^[\s,;:^~`'|*•·_/\\-]+|[\s,;:^~`'|*•·_/\\-]+$", "", " ".join(text.split()))
    return text[:-1] if text.endswith(".") and not text.endswith("..") else text


def is_noise(text: str) -> bool:
    """A line of OCR noise: fewer than three letters, or more other marks than letters."""
    letters = sum(ch.isalpha() for ch in text)
    marks = sum(not ch.isalnum() and not ch.isspace() for ch in text)
    return letters < 3 or marks > letters


def is_date(text: str) -> bool:
    """``"4.5.2016"``, ``"February 26, 2024"``, ``"March, 1999"``, ``"1835."``."""
    return bool(_DATE.match(text.strip()))


def repeats(text: str, lines: tuple[str, ...]) -> int:
    """How often ``text`` is a whole line among the text's first lines."""
    want = text.strip().casefold()
    n = len(want)
    return sum(
        1 for line in lines[:REPEAT_LINES] if len(line) >= n and line.strip().casefold() == want
    )


#: A journal's running head names its volume and issue: "IEEE TRANSACTIONS ON …, VOL. 11,
#: NO. 3, MAY/JUNE 2024", "Journal of X, Vol. 12, No. 4".
_JOURNAL_HEAD = re.compile(r"\b(?:vol|no|issue)\.?\s*\d", re.I)


def skippable(c: Chunk, ev: Evidence, byline_follows: bool) -> bool:
    """Can this paragraph stand before the title without being it? OCR noise, a date line, a
    line repeated as a running head (a title repeated by the running heads has its byline)."""
    text = c.text.strip()
    if is_noise(text) or is_date(text) or _bracketed(text) or _LINK.fullmatch(text):
        return True
    if RECORD_TIME_STAMP.match(text):
        return True  # the record's time stamp over the title: "{time}  2041"
    if _JOURNAL_HEAD.search(text) and repeats(text, ev.lines) >= MIN_REPEATS:
        return True  # a journal's running head over a paper's title, its byline below both
    if is_epigraph(text):
        return True  # a motto on the half-title page, over the title page  # a link alone: "https://archive.org/details/b28114759" over the title
    return not byline_follows and len(text) <= 90 and repeats(text, ev.lines) >= MIN_REPEATS


_EPIGRAPH = re.compile(
    r"^[\"“‘«„]\s*\S(?:.*\s)?\S.*[.!?;,…]\s*[\"”’»“]\s*(?:[—–-]{1,2}\s*\S.{0,60})?$", re.S
)
_ATTRIBUTION = re.compile(r"^[—–-]{1,2}\s*[^\W\d_].{0,60}$")


def is_epigraph(text: str) -> bool:
    """A motto: a quoted sentence standing alone, with or without its attribution, or the
    attribution alone (``"—Proverbs xxii. 3."``). A title is never a quoted sentence.

    >>> is_epigraph('"A prudent man foreseeth the evil, and hideth himself."')
    True
    >>> is_epigraph("“Know thyself.” —Inscription at Delphi"), is_epigraph("—Goethe")
    (True, True)
    >>> is_epigraph("“Mind the Paint” Girl"), is_epigraph('"Rebel" Songs')
    (False, False)
    """
    text = " ".join(text.split())
    return bool(_EPIGRAPH.match(text) or _ATTRIBUTION.match(text))


def _bracketed(text: str) -> bool:
    """``"[Illustration]"``, ``"(Text with EEA relevance)"``, an official journal's series
    ``"I (Legislative acts)"``: a mark or a label, no title.

    >>> _bracketed("I (Legislative acts)"), _bracketed("II (Non-legislative acts)")
    (True, True)
    >>> _bracketed("Poems (1890)"), _bracketed("The Tides (a novel)")
    (False, False)
    """
    text = re.sub(r"^(?:[IVXLC]{1,5}|\d{1,3})\.?\s+(?=[(\[])", "", text)
    return text[:1] + text[-1:] in ("[]", "()") and text.count(text[0]) == 1


def category_label(text: str, following: str) -> bool:
    """A publication's section label over the title it files: ``"REGULATIONS"`` over
    ``"REGULATION (EU) 2016/679 OF …"``, ``"DIRECTIVES"`` over ``"DIRECTIVE 95/46/EC …"``.

    >>> category_label("REGULATIONS", "REGULATION (EU) 2016/679 OF THE COUNCIL")
    True
    >>> category_label("POEMS", "POEMS OF THE NIGHT"), category_label("Notes", "Note on it")
    (False, False)
    """
    word = text.strip()
    if not (word.isalpha() and word.isupper() and word.endswith("S")):
        return False
    first = following.split()[0] if following.split() else ""
    return first in (word[:-1], word[:-2]) and first.isupper()


def byline_name(text: str) -> str:
    """The name of a byline with credentials ("GEORGE M. BEARD, M. D."), or ""."""
    m = _CREDENTIALED.match(text.strip().rstrip(","))
    if not m or len(m.group("name").split()) < 2:
        return ""
    return text.strip().rstrip(",")


def is_translator(text: str) -> bool:
    """``"Translated by Benjamin Jowett"``, ``"Rendered into English Verse by …"``."""
    return len(text) <= 160 and bool(_TRANSLATOR.match(text.strip()))


def is_imprint(c: Chunk, lines: tuple[str, ...] = ()) -> bool:
    """A title page's imprint: letter-spaced display lines, a copyright or printer's line, a
    short line set centred (a publisher and a place)."""
    text = c.text.strip()
    if len(text) > 160:
        return False
    if _LETTER_SPACED.search(text) or _IMPRINT.match(text):
        return True
    raw = source_paragraph(c, lines)
    return bool(raw) and len(raw) <= 3 and all(_centred(line) for line in raw)


def _centred(line: str) -> bool:
    return len(line) - len(line.lstrip(" ")) >= CENTRED and len(line.strip()) <= 70


def source_paragraph(c: Chunk, lines: tuple[str, ...]) -> tuple[str, ...]:
    """The source lines of the paragraph that starts at ``c.line`` (up to a blank line)."""
    if not lines or not 0 < c.line <= len(lines):
        return ()
    end = c.line - 1
    while end < len(lines) and lines[end].strip():
        end += 1
    return lines[c.line - 1 : end]


def as_printed(c: Chunk, lines: tuple[str, ...]) -> str:
    """The chunk's text as its source lines print it when the passes only respaced its letters
    ("K U R T  W O L F F" read as "KURT WOLFF"): furniture is shown as printed."""
    raw = " ".join(" ".join(line.split()) for line in source_paragraph(c, lines))
    same_letters = "".join(words_of(raw)) == "".join(words_of(c.text))
    return raw if raw and same_letters and words_of(raw) != words_of(c.text) else c.text


def field_chunks(
    c: Chunk, header: Header, key: str, kind: str, lines: tuple[str, ...]
) -> list[Chunk] | None:
    """The header paragraph ``c`` split around its ``key`` field: the field's value as a
    ``kind`` chunk, the lines before and after it as furniture; None when it is elsewhere."""
    span = next(((a, b) for k, a, b in header.fields if k == key), None)
    raw = source_paragraph(c, lines)
    if span is None or not raw or not c.line <= span[0] <= c.line + len(raw) - 1:
        return None
    first, last = span
    last = min(last, c.line + len(raw) - 1)
    value = lines[first - 1].split(":", 1)[1].strip()
    for more in lines[first:last]:
        value += (" " if value[-1:] in ";:,(" else ": ") + more.strip()
    made = []
    before = " ".join(x.strip() for x in lines[c.line - 1 : first - 1])
    after = " ".join(x.strip() for x in lines[last : c.line + len(raw) - 1])
    if before:
        made.append(Chunk(before, c.line, c.gap, kind="furniture", lines=(before,)))
    made.append(Chunk(value, first, 0 if before else c.gap, kind=kind, lines=(value,)))
    if after:
        made.append(Chunk(after, last + 1, 0, kind="furniture", lines=(after,)))
    return made


#: Small words an organisation's or a person's name may hold in lower case.
_NAME_SMALL = frozenset({"of", "and", "the", "for", "de", "du", "la", "von", "van", "der", "&"})


def is_name_line(text: str) -> bool:
    """A short line of capitalised words: a person's or an organisation's name under a title
    (``"National Institute of Standards and Technology"``)."""
    ws = text.strip().rstrip(",").split()
    return (
        0 < len(ws) <= 8
        and not any(ch.isdigit() for ch in text)
        and not text.rstrip().endswith((".", ":", ";", "?", "!"))
        and all(w[:1].isupper() or w.casefold() in _NAME_SMALL for w in ws)
        and ws[0][:1].isupper()
    )


def running_heads(ev: Evidence) -> set[str]:
    """The texts of the lines the page profile found to be running heads."""
    lines = ev.lines
    return {
        lines[n - 1].strip()
        for n, kind in ev.furniture.items()
        if kind == "running-head" and 0 < n <= len(lines)
    }


def _glyph_equal(got: list[str], head: list[str]) -> bool:
    """The same words, or the same but for a glyph read glued to the first ("athe" / "the")."""
    if got == head:
        return True
    return (
        len(got) == len(head) > 1
        and got[1:] == head[1:]
        and got[0].endswith(head[0])
        and len(got[0]) - len(head[0]) <= 2
    )


def running_head_title(chunks: list[Chunk], i: int, ev: Evidence) -> list[Chunk] | None:
    """The title page at ``i`` read against the running heads: when its first lines have the
    words of a running head (a logo's glyph read into the first word aside: "AThe NIST…"),
    the chunks that replace the ones those lines are in — the title (as the running head
    prints it, the title page's reading then kept as furniture) and the rest of the last
    chunk. None when no running head matches."""
    heads = running_heads(ev)
    if not heads or not ev.lines:
        return None
    raw: list[tuple[int, str]] = []
    for n in range(chunks[i].line, min(len(ev.lines), chunks[i].line + 6) + 1):
        if not ev.lines[n - 1].strip():
            break
        raw.append((n, ev.lines[n - 1].strip()))
    match = None
    for k in range(1, len(raw) + 1):
        got = words_of(" ".join(t for _, t in raw[:k]))
        for head in heads:
            if _glyph_equal(got, words_of(head)):
                match = (k, head)
    if match is None:
        return None
    k, head = match
    last_line = raw[k - 1][0]
    j = i
    while j + 1 < len(chunks) and chunks[j + 1].line <= last_line:
        j += 1
    title_text = " ".join(t for _, t in raw[:k])
    made = [Chunk(title_text, chunks[i].line, chunks[i].gap, kind="title", lines=(title_text,))]
    if words_of(title_text) != words_of(head):
        made = [replace(made[0], kind="furniture"), replace(made[0], text=head, gap=0)]
    stop = chunks[j + 1].line if j + 1 < len(chunks) else len(ev.lines) + 1
    rest = []
    for n in range(last_line + 1, stop):
        if not ev.lines[n - 1].strip():
            break
        rest.append(ev.lines[n - 1].strip())
    if rest:
        sep = "\n" if "\n" in chunks[j].text else " "
        text = sep.join(rest)
        made.append(replace(chunks[j], text=text, line=last_line + 1, gap=0, lines=tuple(rest)))
    return [*chunks[:i], *made, *chunks[j + 1 :]]


#: An edition's header of bracketed lines, as the Government Publishing Office heads its text
#: files: ``[Congressional Record Volume 141, Number 207 (Friday, December 22, 1995)]``,
#: ``[Senate]``, ``[Pages S19146-S19154]``, then ``From the … Office [www.gpo.gov]``; a bill's
#: ``[Congressional Bills 115th Congress]`` / ``[From the U.S. Government Publishing Office]``.
_BRACKETED_LINE = re.compile(r"^\s*\[[^\[\]]{1,160}\]\s*$")
#: The longest such header.
MAX_HEADER_LINES = 8
_FROM_LINK = re.compile(r"^\s*From\b.{0,160}(?:www\.|https?://)", re.I)


def edition_header(c: Chunk, source: tuple[str, ...]) -> bool:
    """Is the text's first paragraph an edition's header: two or more lines each wholly in
    square brackets, the others a ``From …`` line with a link?

    >>> src = ("[Congressional Bills 115th Congress]", "[From the U.S. Government Publishing Office]",
    ...        "[H.R. 1 Introduced in House (IH)]", "", "A BILL")
    >>> edition_header(Chunk("…", 1), src), edition_header(Chunk("…", 5), src)
    (True, False)
    """
    lines = []
    for x in source[c.line - 1 : c.line + MAX_HEADER_LINES]:
        if not x.strip():
            break
        lines.append(x)
    bracketed = sum(1 for x in lines if _BRACKETED_LINE.match(x))
    rest = [x for x in lines if not _BRACKETED_LINE.match(x)]
    return bracketed >= 2 and all(_FROM_LINK.match(x) for x in rest)
