"""Line-level passes: unwrap hard-wrapped lines and rejoin words hyphenated at line ends."""

from __future__ import annotations

import re
from collections import Counter

from .chunks import LIST_LINE, UPPER, Chunk, Evidence, Finding, PassResult, is_complete
from .hyphens import hyphen_decision
from .verse import LINE_KINDS

_LEFT = re.compile(r"([^\W\d_]+)[-\u00ad](\**)$")  # a soft hyphen ends a line too (reader.py)
_RIGHT = re.compile(r"^([^\W\d_]+)")
#: How far from the end of a text a line-end hyphenated word is looked for: searching a whole
#: paragraph once per joined line would make joining quadratic in the paragraph's length.
HYPHEN_WINDOW = 120


def left_hyphen(text: str) -> re.Match[str] | None:
    """The hyphenated word fragment ending ``text`` ("organiza-"), if any; positions are in ``text``."""
    return _LEFT.search(text, max(0, len(text) - HYPHEN_WINDOW))


_PARA_START = re.compile(rf"^[\"“‘'`(\[A-Z{UPPER}0-9*»«„‚‹›—–]")


def dehyphenate(left: str, right: str, ev: Evidence) -> tuple[str, str]:
    """Join ``left`` (ending in a hyphen) and ``right``; returns (text, decision).

    Decision is ``joined``, ``kept`` or ``doubtful`` (joined or kept without strong evidence).

    >>> ev = Evidence("x", vocabulary=frozenset({"organization", "non-proletarian"}))
    >>> dehyphenate("the organiza-", "tion of", ev)
    ('the organization of', 'joined')
    >>> dehyphenate("a non-", "proletarian revolution", ev)
    ('a non-proletarian revolution', 'kept')
    >>> dehyphenate("a hard-to-", "be-described look", ev)
    ('a hard-to-be-described look', 'kept')
    >>> dehyphenate("a machine-read-", "able format", Evidence("x", dictionary=frozenset({"readable"})))
    ('a machine-readable format', 'joined')
    """
    lm, rm = left_hyphen(left), _RIGHT.search(right)
    if not lm or not rm:
        return left + right, "kept"
    head, stars, tail = lm.group(1), lm.group(2), rm.group(1)
    soft = lm.group(0)[len(head)] == "\u00ad"  # the typesetter's break: always one word
    before = left[: lm.start()]
    # a compound already hyphenated before the line end goes on hyphenated: "hard-to-" +
    # "be-described", "out-of-" + "the-way" (never "hard-tobe-described"), unless its halves
    # make a word the text or the dictionary knows ("machine-read-" + "able": readable)
    whole = (head + tail).lower()
    compound = re.search(r"[^\W\d_]-$", before) is not None and not (
        whole in ev.vocabulary or whole in ev.dictionary
    )
    decision = "joined" if soft else "kept" if compound else hyphen_decision(head, tail, ev)
    if decision in {"kept", "doubtful-kept"}:
        text = f"{before}{head}-{stars}{right}" if not stars else f"{before}{head}-{right}"
        if stars:  # "*On Rev-*" + "olutionary": close the emphasis after the whole word
            text = f"{before}{head}-{tail}{stars}{right[len(tail) :]}"
        return text, "kept" if decision == "kept" else "doubtful"
    return f"{before}{head}{tail}{stars}{right[len(tail) :]}", decision


def join_lines(
    left: str, right: str, ev: Evidence, counts: Counter[str], findings: list[Finding], line: int
) -> str:
    """Join two pieces of one paragraph, dehyphenating where a word was split.

    >>> join_lines("millions of dollars--", "because he", Evidence("x"), Counter(), [], 1)
    'millions of dollars--because he'
    """
    left, right = left.rstrip(), right.lstrip()
    if left_hyphen(left) and right[:1].isalpha():
        text, decision = dehyphenate(left, right, ev)
        counts["dehyphenated" if decision == "joined" else "hyphen_kept"] += 1
        if decision == "doubtful":
            counts["dehyphenation_doubtful"] += 1
            word = text[len(left) - len(left_hyphen(left).group(0)) :].split()[0]  # type: ignore[union-attr]
            findings.append(Finding(line, "doubtful-hyphen", f"line-end hyphen: chose '{word}'"))
        return text
    if _CLOSED_DASH_END.search(left) and right[:1].isalpha():
        return left + right  # "millions of dollars--" / "because": the dash closed up
    return f"{left} {right}"


#: A typewriter's dash closed up to the word before it, ending a line: the next line's word
#: follows it closed up too.
_CLOSED_DASH_END = re.compile(r"[^\W\d_]--$")


def _is_break(prev: str, cur: str, wrapped: bool) -> bool:
    """Is there a paragraph break between two consecutive lines of one chunk?"""
    if LIST_LINE.match(cur) and (LIST_LINE.match(prev) or prev.rstrip().endswith(":")):
        return True
    if wrapped:
        return False
    return is_complete(prev) and bool(_PARA_START.match(cur.lstrip())) and len(prev) > 40


def unwrap_lines(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns hard-wrapped lines into paragraphs; splits where a long-line text starts a new one.

    Before: ``["The unity of the", "workers under one roof."]``
    After:  ``"The unity of the workers under one roof."``
    """
    counts: Counter[str] = Counter()
    findings: list[Finding] = []
    out: list[Chunk] = []
    for chunk in chunks:
        lines = chunk.lines or (chunk.text,)
        if chunk.kind in LINE_KINDS or chunk.kind == "heading":  # lines set as their own: kept
            out.append(chunk)
            continue
        if chunk.kind == "plain":  # the fallback reading: lines joined, nothing removed
            text = " ".join(line.strip() for line in lines)
            out.append(Chunk(text, chunk.line, chunk.gap, kind="plain", lines=(text,)))
            continue
        if any(line != line.lstrip() for line in lines):
            counts["leading_spaces_stripped"] += sum(1 for x in lines if x != x.lstrip())
        # The paragraph so far is ``settled`` pieces plus a ``tail`` that joining may still
        # change (its last HYPHEN_WINDOW characters): joining stays linear in its length.
        settled: list[str] = []
        tail, start, gap = lines[0].strip(), chunk.line, chunk.gap
        for offset, cur in enumerate(lines[1:], 1):
            if _is_break(lines[offset - 1], cur, ev.wrapped):
                counts["paragraph_splits"] += 1
                text = "".join([*settled, tail])
                out.append(Chunk(text, start, gap, lines=(text,)))
                settled, tail, start, gap = [], cur.strip(), chunk.line + offset, 0
                continue
            counts["line_joins"] += 1
            tail = join_lines(tail, cur, ev, counts, findings, chunk.line + offset)
            if len(tail) > 4 * HYPHEN_WINDOW:
                settled.append(tail[: -2 * HYPHEN_WINDOW])
                tail = tail[-2 * HYPHEN_WINDOW :]
        text = "".join([*settled, tail])
        collapsed = re.sub(r" {2,}", " ", text)
        if collapsed != text:
            counts["spaces_collapsed"] += 1
        out.append(Chunk(collapsed, start, gap, lines=(collapsed,)))
    return PassResult(tuple(out), counts, tuple(findings))
