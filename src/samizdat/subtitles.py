"""Subtitle files (SubRip ``.srt``, WebVTT ``.vtt``) read as the text of what was said.

A subtitle file is a run of cues, each a block of its own: an optional cue number, a timing
line (``00:00:13,980 --> 00:00:16,829``, WebVTT with a full stop and maybe cue settings), then
the words shown, broken to fit a screen. Whether a text is one is read from its shape
(:func:`cue_lines`): most of its blocks open so. The numbers and timings are furniture (the
word check's edit ``subtitle-timing``, judged from the same shape); the words of the cues run
on as speech, a paragraph ending where a speaker's label opens a cue (``Dan Ott: Thanks``), a
dialogue dash or ``>>`` marks a new voice, or a pause of :data:`PAUSE` seconds follows a
sentence's end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: A cue's timing line: start ``-->`` end, with milliseconds after a comma (SRT) or a full
#: stop (WebVTT, whose hours may be left out), then WebVTT's cue settings.
TIMING = re.compile(
    r"^\s*(?P<a>(?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3})\s*-->\s*"
    r"(?P<b>(?:\d{1,2}:)?\d{1,2}:\d{2}[,.]\d{1,3})(?:\s+\S.*)?\s*$"
)
_CUE_NUMBER = re.compile(r"^\s*\d{1,6}\s*$")
_HEADER = re.compile(r"^\ufeff?WEBVTT\b")
#: A text is subtitles when this many blocks, and this share of its blocks, are cues.
MIN_CUES, MIN_SHARE = 5, 0.8
#: Seconds of silence after a sentence's end that close a paragraph.
PAUSE = 2.0


@dataclass(frozen=True)
class Cue:
    """One cue: the 0-based index of its first line of words, those lines, its times, and
    the 0-based lines of its number and timing."""

    first: int
    lines: tuple[str, ...]
    start: float
    end: float
    marks: tuple[int, ...] = ()


def seconds(stamp: str) -> float:
    """``00:01:02,500`` → 62.5 (hours may be left out, as WebVTT allows).

    >>> seconds("00:01:02,500"), seconds("01:02.5")
    (62.5, 62.5)
    """
    *rest, sec = stamp.replace(",", ".").split(":")
    whole = 0
    for part in rest:
        whole = whole * 60 + int(part)
    return whole * 60 + float(sec)


def _blocks(lines: tuple[str, ...]) -> list[tuple[int, int]]:
    """The blank-line-separated blocks, as (first line, line after) 0-based."""
    out, start = [], None
    for i, line in enumerate((*lines, "")):
        if line.strip() and start is None:
            start = i
        elif not line.strip() and start is not None:
            out.append((start, i))
            start = None
    return out


def cues(lines: tuple[str, ...]) -> list[Cue]:
    """The text's cues, when it is a subtitle file (else none); the cue number and timing of
    each are :func:`cue_lines`.

    >>> srt = []
    >>> for n in range(1, 7):
    ...     srt += [str(n), f"00:00:0{n},000 --> 00:00:0{n},900", f"words {n}", ""]
    >>> [c.lines for c in cues(tuple(srt))][:2], cues(tuple(srt))[1].start
    ([('words 1',), ('words 2',)], 2.0)
    """
    blocks = [b for b in _blocks(lines) if not _HEADER.match(lines[b[0]])]
    found: list[Cue] = []
    for lo, hi in blocks:
        at = lo + 1 if _CUE_NUMBER.match(lines[lo]) and lo + 1 < hi else lo
        m = TIMING.match(lines[at])
        if m and at + 1 < hi:
            times = seconds(m["a"]), seconds(m["b"])
            found.append(Cue(at + 1, lines[at + 1 : hi], *times, tuple(range(lo, at + 1))))
    if len(found) < MIN_CUES or len(found) < MIN_SHARE * len(blocks):
        return []
    return found


def cue_lines(lines: tuple[str, ...]) -> frozenset[int]:
    """The 0-based lines of a subtitle file that hold no words of what was said: each cue's
    number and timing, and the WebVTT header.

    >>> vtt = ["WEBVTT", ""]
    >>> for n in range(6):
    ...     vtt += [f"00:0{n}.000 --> 00:0{n}.500 align:start", f"So {n}.", ""]
    >>> sorted(cue_lines(tuple(vtt)))[:3]
    [0, 2, 5]
    """
    found = cues(lines)
    if not found:
        return frozenset()
    header = {i for i in range(min(3, len(lines))) if _HEADER.match(lines[i])}
    return frozenset(header | {i for c in found for i in c.marks})
