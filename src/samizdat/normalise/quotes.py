"""Quotation passes: block quotations (conservatively) and citation lines that become notes."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .chunks import Chunk, Evidence, PassResult, is_complete

_OPENING = ("‘", "“", "`", "'", '"')
_CLOSING = re.compile(r"[’”'\"]\s*[.,;]?\s*(?:\((?:[^()]|\([^()]*\))*\))?\s*\.?$")
_TRAILING_CITATION = re.compile(
    r"[’”'\"]\s*\.?\s*\((?:[^()]|\([^()]*\))*\d(?:[^()]|\([^()]*\))*\)\.?$"
)
_SAYING = re.compile(
    r"\b(?:saying|says|said|wrote|writes|noted|notes|observed|remarked|declared|argued|stated|"
    r"replied|insisted|concluded)\s*[,:]$"
)
#: A citation line *begins* as one ("Ibid., p. 5.", "Malenkov, op. cit., pp. 108–109."); a
#: sentence that mentions "ibid." or "p. 5" on its way is a sentence.
_CITATION = re.compile(
    r"^(?:op\.\s*cit|ibid|loc\.\s*cit)\b|^[A-Z][\w’'. -]{1,40},.*\bpp?\.\s*[A-Z]?\d[\dA-Z–-]*\.?\)?\.?$",
    re.I,
)
#: Longest paragraph that can be a citation line standing alone.
MAX_CITATION = 250
#: Longest paragraph read as the lead-in to a quotation.
MAX_LEAD_IN = 300


def is_citation(c: Chunk) -> bool:
    """``"Malenkov, op. cit. , pp. 108–109."`` and ``"Ibid. , p. S15."`` are citation lines."""
    text = c.text.strip()
    return (
        c.kind == "para"
        and len(text) <= MAX_CITATION
        and text.endswith(".")
        and bool(_CITATION.search(text))
        and not text.startswith(_OPENING)
    )


def _lead_in(prev: Chunk | None) -> bool:
    if prev is None or prev.kind not in {"para", "turn"} or len(prev.text) > MAX_LEAD_IN:
        return False
    text = prev.text.rstrip()
    return text.endswith((":", ",")) or not is_complete(text)


#: A block quotation set off by its indent sits this many columns or more right of the body's
#: margin, and less than this (a line further in is centred: a title, a dateline).
MIN_SET_OFF, MAX_SET_OFF = 3, 16
#: Its lines but the last run on to this share of the text's measure: wrapped prose, no list.
SET_OFF_FULL = 0.8
#: Enough lines to know the measure from.
MIN_MEASURED = 5
#: The body's margin is kept by at least this share of the paragraphs' lines.
BODY_SHARE = 0.1


def _block(ev: Evidence, c: Chunk, end: int) -> list[str]:
    """The source lines of chunk ``c``: from its first line to a blank line or line ``end``."""
    out = []
    for line in ev.lines[c.line - 1 : end - 1]:
        if not line.strip():
            break
        out.append(line.expandtabs(8))
    return out


def set_off(chunks: tuple[Chunk, ...], ev: Evidence) -> set[int]:
    """The paragraphs set off from the body's margin as wrapped prose: a block quotation as
    a typed record, a pdftotext page or an indented extract in a plain-text edition sets it.

    >>> body = ["  A paragraph of the body runs on to the margin", "and on to the end of it."]
    >>> quoted = ["       A bill to reform the securities law for", "     other purposes, and on."]
    >>> lines = tuple((body + [""]) * 4 + quoted + [""] + body)
    >>> chunks = tuple(Chunk("x", k) for k in range(1, 20, 3))
    >>> set_off(chunks, Evidence("t", lines=lines))
    {4}
    """
    ends = [c.line for c in chunks[1:]] + [len(ev.lines) + 1]
    blocks = [
        _block(ev, c, max(end, c.line + 1)) if c.kind == "para" else []
        for c, end in zip(chunks, ends, strict=True)
    ]
    margins = Counter()
    for b in blocks:
        if b:
            margins[min(len(x) - len(x.lstrip()) for x in b)] += len(b)
    rights = sorted(len(x.rstrip()) for b in blocks for x in b[:-1])
    if not margins or len(rights) < MIN_MEASURED:
        return set()
    # the body's margin: the leftmost one a good share of the lines keep (quotations can be
    # the most of a record's lines, and always sit right of the body)
    body = min(m for m, n in margins.items() if n >= BODY_SHARE * margins.total())
    width = rights[int(0.9 * (len(rights) - 1))]
    out = set()
    for i, b in enumerate(blocks):
        if len(b) < 2:
            continue
        left = min(len(x) - len(x.lstrip()) for x in b)
        full = sum(len(x.rstrip()) >= SET_OFF_FULL * width for x in b[:-1])
        if MIN_SET_OFF <= left - body < MAX_SET_OFF and full >= 0.8 * (len(b) - 1):
            out.add(i)
    return out


def mark_quotations(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns paragraphs that are clearly quoted into block quotation chunks (kind ``quote``).

    Evidence (at least one): introduced by a lead-in ("Lenin observed that", "saying,", a colon)
    and opening with a quote mark; closed by a parenthesised citation; followed by a citation line;
    set off from the body's margin as wrapped prose (:func:`set_off`).
    Paragraphs that open with a quote mark and do not close it continue the same quotation,
    as set-off paragraphs one after another do.
    """
    out, counts = list(chunks), Counter()
    group = 0
    indented = set_off(chunks, ev)
    for i, c in enumerate(out):
        if c.kind != "para":
            continue
        if i in indented:
            if not (i - 1 in indented and out[i - 1].kind == "quote"):
                group += 1
                counts["quotations"] += 1
            out[i] = replace(c, kind="quote", group=group)
            counts["quotations_set_off"] += 1
            continue
        prev = out[i - 1] if i else None
        nxt = out[i + 1] if i + 1 < len(out) else None
        opening = c.text.startswith(_OPENING)
        if prev is not None and prev.kind == "quote" and opening and not _CLOSING.search(prev.text):
            out[i] = replace(c, kind="quote", group=prev.group)
            continue
        evidence = opening and (
            _lead_in(prev)
            or _TRAILING_CITATION.search(c.text) is not None
            or (nxt is not None and is_citation(nxt))
        )
        said = prev is not None and prev.kind == "para" and bool(_SAYING.search(prev.text.rstrip()))
        if evidence or (said and len(c.text) > 80):
            group += 1
            out[i] = replace(c, kind="quote", group=group)
            counts["quotations"] += 1
    return PassResult(tuple(out), counts)


def attach_citations(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a citation line standing alone after a quotation into a note on that quotation.

    Before: quote ``"`In the light of the war…’"``, then ``"Malenkov, op. cit. , pp. 108–109."``
    After:  the quote chunk carries a note ``"Malenkov, op. cit. , pp. 108–109."``
    """
    out: list[Chunk] = []
    counts: Counter[str] = Counter()
    for c in chunks:
        target = out[-1] if out else None
        if is_citation(c) and target is not None and target.kind in {"quote", "para", "turn"}:
            note = replace(c, kind="note")
            out[-1] = replace(target, notes=(*target.notes, note))
            counts["citations_to_notes"] += 1
        else:
            out.append(c)
    return PassResult(tuple(out), counts)
