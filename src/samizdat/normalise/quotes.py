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


def mark_quotations(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns paragraphs that are clearly quoted into block quotation chunks (kind ``quote``).

    Evidence (at least one): introduced by a lead-in ("Lenin observed that", "saying,", a colon)
    and opening with a quote mark; closed by a parenthesised citation; followed by a citation line.
    Paragraphs that open with a quote mark and do not close it continue the same quotation.
    """
    out, counts = list(chunks), Counter()
    group = 0
    for i, c in enumerate(out):
        if c.kind != "para":
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
