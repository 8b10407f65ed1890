"""Structural passes: page furniture, posts, letters, lists, turns."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..subtitles import cues
from .chunks import (
    BREAK_LINE,
    LIST_LINE,
    MOTTO_INDENT,
    Chunk,
    Evidence,
    PassResult,
    is_complete,
)
from .quotes import is_citation
from .verse import TIME_AFTER, TIMED_LABEL, VALEDICTION

NAME = re.compile(
    r"^(?:[A-Z]\.\s?){1,3}\s?[A-Z][\w’'-]+[.,]?$|^[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+,?$"
)
#: ``Dear Comrade,``; a letter's salutation closed by a comma and a dash in the Victorian way,
#: ``MY DEAR AND VALUED DOROTHEA CECILIA,—``, ``DEAR Z.,--``, ``SIR,—``.
_SALUTATION = re.compile(
    r"^(?:My |MY )?(?:Dear|dear|DEAR) [^.!?]{1,60},$"
    r"|^(?:(?:My|MY) )?(?:Dear|dear|DEAR)\b[^!?]{1,60},(?:—|–|--?)$"
    r"|^[A-Z][A-Z .’'&-]{1,60},(?:—|–|--?)$"
)
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan\.|Feb\.|Mar\.|Apr\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
#: A date, and a place before it: ``January 1904.``, ``Feb. 23, 1817.``, ``NUSSDORF, July 23,
#: 1817.``
_DATE = re.compile(
    rf"^(?:[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+)?, )?(?:\w+ \d{{1,2}}, )?(?:\d{{1,2}} )?{_MONTH}"
    r"(?: \d{1,2},?)? \d{4}\.?$"
)
#: A name in capitals signing a letter: ``BEETHOVEN.``, ``L. VAN BEETHOVEN.``
_CAPS_NAME = re.compile(r"^(?:[A-Z]\.\s?){0,3}(?:(?:VAN|VON|DE|DU|LA) )?[A-Z][A-Z’'-]{2,}[.,]?$")
#: A letter's close over its signature is short: ``Your``, ``As ever, your true friend,``.
MAX_CLOSE = 60
_ATTRIBUTION = re.compile(r"^[-–—]\s*\S.{0,120}$")
#: A paragraph of dialogue opened by a dash (``--Vous partez? demanda-t-il.``, ``— Yes. And…``):
#: a sentence ends inside it. A text with this many sets its speech so, and a dash opening a
#: paragraph there is never an attribution.
_DASH_SPEECH = re.compile(r"^(?:--?|[–—])\s*\S[^.?!…]*[.?!…]+[»”’\"]*\s+\S")
DIALOGUE_DASHES = 2
#: A turn's label: "IMLR: …", "SOCRATES: …", "THE COURT: …", "MR. FOLLY: …", or a
#: transcript's question and answer, "Q. …", "A. …" (the label keeps its stop).
_TURN = re.compile(
    r"^(?:([A-Z][A-Za-z.]{0,11}(?: [A-Z][A-Z.'’-]*){0,3})\s*:|([QA]\.)"
    rf"|({TIMED_LABEL}):)\s+(\S.*)$",
    re.S,
)
#: In a subtitle file, a speaker's name in title case too (``Dan Ott: Thanks``): a label
#: opening a cue is the captioner's convention for who speaks.
_CUE_TURN = re.compile(
    r"^(?:([A-Z][\w.'’-]{0,20}(?: [A-Z][\w.'’-]*){0,3})\s*:|([QA]\.)"
    rf"|({TIMED_LABEL}):)\s+(\S.*)$",
    re.S,
)
#: A speaker label must open at least this many turns before it is read as one.
MIN_TURNS = 3


def mark_section_breaks(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a paragraph that is only a typed break (stars, a rule) into a section break.

    >>> out = mark_section_breaks((Chunk("The end.", 1), Chunk("* * * * *", 3)), Evidence("x"))
    >>> [c.kind for c in out.chunks]
    ['para', 'break']
    """
    out, counts = list(chunks), Counter()
    for i, c in enumerate(out):
        if c.kind == "para" and len(c.lines) <= 1 and BREAK_LINE.match(c.text):
            out[i] = replace(c, kind="break", text="")
            counts["section_breaks_typed"] += 1
    return PassResult(tuple(out), counts)


def separate_posts(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns an unusually wide gap between complete paragraphs into a section break.

    Only in texts where such gaps are rare (a blog compilation's posts); never in hard-wrapped
    PDF extracts, whose wide gaps are page breaks.
    """
    gaps = [c.gap for c in chunks[1:]]
    wide = [g for g in gaps if g >= 2]
    if ev.wrapped or not wide or len(wide) > 0.15 * len(gaps):
        return PassResult(chunks)
    out, counts = [], Counter()
    for _i, c in enumerate(chunks):
        prev = out[-1] if out else None
        if (
            prev is not None
            and c.gap >= 2
            and c.kind == "para"
            and prev.kind == "para"
            and is_complete(prev.text)
            and not _SALUTATION.match(c.text)
            and not is_citation(c)
            and not re.match(r"^\w+\s:\s", c.text)
        ):
            out.append(Chunk("", c.line, c.gap, kind="break"))
            counts["section_breaks"] += 1
        out.append(c)
    return PassResult(tuple(out), counts)


def _signed(text: str) -> bool:
    """``"N. Lenin, January 1904."`` is a signature with its date."""
    m = re.match(r"^(.{2,40}?),\s+(.+)$", text)
    return bool(m and NAME.match(m.group(1)) and _DATE.match(m.group(2)))


def mark_letter_parts(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns salutations, signatures with dates and dashed attributions into their roles.

    Before: ``"Dear Comrade,"``, ``"N. Lenin,"``, ``"January 1904."``, ``"- Progress Publishers…"``
    After:  roles ``salutation``, ``signature``, ``signature``, ``attribution``
    """
    out, counts = list(chunks), Counter()
    dialogue = sum(1 for c in out if c.kind == "para" and _DASH_SPEECH.match(c.text))
    if cues(ev.lines):
        dialogue = DIALOGUE_DASHES  # a subtitle file's dashes mark new voices
    # letters (two salutations or more): a name in capitals closing one is its signature
    letters = sum(1 for c in out if c.kind == "para" and _SALUTATION.match(c.text)) >= 2
    for i, c in enumerate(out):
        if c.kind != "para":
            continue
        role = ""
        nxt = out[i + 1] if i + 1 < len(out) else None
        if _SALUTATION.match(c.text):
            role = "salutation"
        elif _DATE.match(c.text) and (
            (nxt is not None and _SALUTATION.match(nxt.text))
            or (i and out[i - 1].kind == "heading")
        ):
            role = "address"  # a letter's dateline, under its heading or over its salutation
        elif (
            _DATE.match(c.text)
            or _signed(c.text)
            or (NAME.match(c.text) and i > 0 and (nxt is None or _DATE.match(nxt.text)))
            or (letters and _closing_name(out, i))
        ):
            role = "signature"
            prev = out[i - 1] if i else None
            if prev is not None and prev.kind == "para" and _close(prev.text):
                out[i - 1] = replace(prev, kind="signature")  # "Your" over "BEETHOVEN."
                counts["signatures"] += 1
        elif (_attribution(c.text) and dialogue < DIALOGUE_DASHES) or _motto_source(
            out, i, ev.lines
        ):
            role = "attribution"
        if role:
            out[i] = replace(c, kind=role)
            counts[role + "s"] += 1
    return PassResult(tuple(out), counts)


def _close(text: str) -> bool:
    """A letter's close: short, opening with a close's words (:data:`.verse.VALEDICTION`:
    ``Your``, ``I am, …``) or ending on a comma (``As ever, your true friend,``)."""
    return len(text) <= MAX_CLOSE and bool(VALEDICTION.match(text) or text.endswith(","))


def _closing_name(out: list[Chunk], i: int) -> bool:
    """A name in capitals closing a letter: the next block (after the letter's notes) is a
    heading (the next letter), a postscript or the text's end."""
    if not _CAPS_NAME.match(out[i].text) or i == 0:
        return False
    nxt = next((c for c in out[i + 1 :] if c.kind != "note"), None)  # the letter's notes
    return nxt is None or nxt.kind == "heading" or bool(re.match(r"P\.\s?S\.", nxt.text))


#: A motto's source set far right under it: a name in capitals ("STERNE.", "»JOSEPH.\"").
_SET_RIGHT_NAME = re.compile(
    rf"^\s{{{MOTTO_INDENT},}}(?!(?:A|AN|THE) )[»\"“‘(]?[A-Z][A-Z.'’ -]{{1,40}}[.,)]?[\"”’«]?\s*$"
)  # (not a bill's centred "A BILL")
#: How near its heading a motto stands (the heading, a subtitle, the motto).
MOTTO_REACH = 3


def _motto_source(out: list[Chunk], i: int, source: tuple[str, ...] = ()) -> bool:
    """Is the paragraph at ``i`` the source of a motto under a heading: a name in capitals
    set far to the right (in the ``source`` line), under a short paragraph, a heading or a
    title in capitals at most three blocks above?

    >>> ps = [Chunk("AFSCHEID.", 1, kind="heading"), Chunk("Vaterland! dich…", 3),
    ...       Chunk("»JOSEPH.", 5, lines=("                      »JOSEPH.",))]
    >>> _motto_source(ps, 2), _motto_source(ps, 1)
    (True, False)
    """
    c = out[i]
    line = source[c.line - 1] if 0 < c.line <= len(source) else (c.lines or ("",))[0]
    alone = c.line >= len(source) or not source[c.line].strip()  # one line in the source
    if i == 0 or len(c.lines) > 1 or not alone or not _SET_RIGHT_NAME.match(line):
        return False
    above = out[max(0, i - MOTTO_REACH) : i - 1]
    titled = any(x.kind == "heading" or (x.text.isupper() and len(x.text) <= 60) for x in above)
    return out[i - 1].kind == "para" and len(out[i - 1].text) <= 400 and titled


def _attribution(text: str) -> bool:
    """A dash before a source (``- Progress Publishers``), not before a question or a cry."""
    return (
        bool(_ATTRIBUTION.match(text)) and len(text) < 120 and text.rstrip('»”’"')[-1:] not in "?!"
    )


def mark_lists(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns runs of numbered paragraphs ("1. …", "2. …") into list items.

    A lone "1." is not a list; numbers must follow on from each other.
    """
    out, counts = list(chunks), Counter()
    numbers = [
        int(m.group(1)) if c.kind == "para" and (m := LIST_LINE.match(c.text)) else 0 for c in out
    ]
    for i, n in enumerate(numbers):
        prev_ok = i > 0 and numbers[i - 1] == n - 1 and n > 1
        next_ok = i + 1 < len(numbers) and numbers[i + 1] == n + 1
        if n and (prev_ok or next_ok):
            text = LIST_LINE.sub(lambda m: m.group(0)[-1], out[i].text, count=1)
            out[i] = replace(out[i], kind="item", number=n, text=text.strip())
            counts["list_items"] += 1
    return PassResult(
        tuple(out),
        counts,
        removed=tuple(str(c.number) for c in out if c.kind == "item" and c.number),
    )  # bullet items (number 0, from :func:`~.paragraphs.join_markers`) remove no number


def _speaker(m: re.Match[str]) -> str:
    """The turn's label as the source writes it (a transcript's with its time)."""
    return m.group(1) or m.group(2) or m.group(3)


def _speaker_name(m: re.Match[str]) -> str:
    """Who speaks: the label without its time, as the labels are counted."""
    return TIME_AFTER.sub("", _speaker(m))


def mark_turns(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns interview speaker labels into turns with one consistent label.

    Before: ``" IMLR:  How did…"``, ``"TC:  Marxist-Leninists…"``
    After:  kind ``turn`` chunks with speaker ``IMLR`` / ``TC`` and the text after the label
    """
    subtitles = bool(cues(ev.lines))
    turn = _CUE_TURN if subtitles else _TURN
    labels = Counter(
        _speaker_name(m) for c in chunks if c.kind == "para" and (m := turn.match(c.text))
    )
    speakers = {label for label, n in labels.items() if n >= MIN_TURNS or subtitles}
    timed = Counter(
        _speaker_name(m)
        for c in chunks
        if c.kind == "para" and (m := turn.match(c.text)) and m.group(3)
    )
    if timed.total() >= 2 * MIN_TURNS:  # a recording's labels: each speaker's, however few
        speakers |= set(timed)
    if len(speakers) < 2:
        return PassResult(chunks)
    out, counts = [], Counter()
    for c in chunks:
        m = turn.match(c.text) if c.kind == "para" else None
        if m and _speaker_name(m) in speakers:
            out.append(replace(c, kind="turn", speaker=_speaker(m), text=m.group(4).strip()))
            counts["turns"] += 1
        else:
            out.append(c)
    return PassResult(tuple(out), counts)


def drop_furniture(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Removes the lines the page profile shows to be folios and running heads.

    Before: ``["…the general condition of the"]``, ``["NERVOUS EXHAUSTION."]``, ``["5"]``,
    ``["nervous system."]`` (an OCR page break)  After: the head and the folio are gone, so
    the page-break join sees the two halves of the sentence side by side.
    A number standing alone in a text without a counting run of folios (a year between
    paragraphs) is text and stays.
    """
    if not ev.furniture:
        return PassResult(chunks)
    out, counts = [], Counter()
    for c in chunks:
        numbers = range(c.line, c.line + len(c.lines))
        kept = [
            (n, line) for n, line in zip(numbers, c.lines, strict=True) if n not in ev.furniture
        ]
        for n in numbers:
            if n in ev.furniture:
                counts[ev.furniture[n].replace("-", "_") + "s_removed"] += 1
        if not kept or c.kind == "plain":
            if kept:
                out.append(c)
            continue
        first = kept[0][0]
        out.append(replace(c, line=first, lines=tuple(line for _, line in kept)))
    return PassResult(tuple(out), counts)
