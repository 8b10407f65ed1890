"""Plays: speakers' names standing alone above their speeches, and stage directions.

A play is recognised from its own shape, never from a title: many short paragraphs that are a
name in capitals with a full stop (``MRS. UPJOHN.``), each followed by a speech, the names
taking turns. Only in such a text is a bracketed or wholly italic paragraph a stage direction.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace

from .chunks import Chunk, Evidence, PassResult
from .inline import wholly_underscored

#: A speaker's name in capitals, alone, closed by a full stop or colon: ``MRS. UPJOHN.``.
_LABEL = re.compile(r"^([A-Z][A-Z'’-]*\.?(?: [A-Z][A-Z'’-]*\.?){0,4}?)[.:]$")
#: Words that make a short line in capitals a heading or a closing line, never a speaker.
_NOT_SPEAKER = frozenset(
    {"ACT", "SCENE", "CHAPTER", "END", "CURTAIN", "PART", "BOOK", "PROLOGUE", "EPILOGUE",
     "CONTENTS", "INTRODUCTION", "PREFACE", "NOTE", "NOTES", "APPENDIX", "FINIS", "INDEX"}
)  # fmt: skip
_ROMAN = re.compile(r"^[IVXLCDM]+$")
#: A text is a play when at least this share of its paragraphs are speaker names…
MIN_LABEL_SHARE = 0.1
#: …at least this many in all…
MIN_LABELS = 10
#: …and one speaker follows another (running heads repeat one line; speakers alternate).
MIN_ALTERNATION = 0.7
#: A stage direction in brackets: ``[_Aside._]``, ``[_She goes out._`` (the bracket left open,
#: as printed), ``[Exit.]`` — one direction, nothing after it; a bracket that opens with a
#: label and a colon (``[Transcriber's Note:``, ``[Illustration:``) is no direction.
_BRACKETED = re.compile(r"^\[_?[A-Z][^\]:]*\]?$")


def speaker_label(text: str) -> str:
    """The speaker's name if ``text`` is a name standing alone as a label, else ``""``.

    >>> speaker_label("MRS. UPJOHN."), speaker_label("END OF THE FIRST ACT."), speaker_label("XXV.")
    ('MRS. UPJOHN', '', '')
    """
    m = _LABEL.match(text.strip())
    if not m:
        return ""
    words = re.findall(r"[A-Z'’-]+", m.group(1))
    if any(w in _NOT_SPEAKER for w in words) or not any(len(w) >= 3 for w in words):
        return ""
    if len(words) == 1 and _ROMAN.match(words[0]):
        return ""
    return m.group(1)


def play_speakers(chunks: tuple[Chunk, ...]) -> frozenset[str]:
    """The names the text uses as speaker labels, or none when it is not laid out as a play."""
    labels = [
        label
        for c, nxt in itertools.pairwise(chunks)
        if c.kind == "para" and nxt.kind == "para" and (label := speaker_label(c.text))
    ]
    if len(labels) < MIN_LABELS or len(labels) < MIN_LABEL_SHARE * len(chunks):
        return frozenset()
    turns = sum(1 for a, b in itertools.pairwise(labels) if a != b)
    if turns < MIN_ALTERNATION * (len(labels) - 1) or len(Counter(labels)) < 2:
        return frozenset()
    return frozenset(labels)


def mark_speakers(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a speaker's name standing alone above a speech into the label of that speech.

    Before: ``"ROPER."``, ``"[_To FARNCOMBE._] Hul-lo! I'm in luck!"``
    After:  one ``turn`` chunk, speaker ``ROPER``, text ``"[_To FARNCOMBE._] Hul-lo! I'm in luck!"``

    Only in a text laid out as a play (:func:`play_speakers`); the name's full stop is the
    label's punctuation, shown as the label's colon.

    >>> from .chunks import split_chunks
    >>> lines = []
    >>> for i in range(6):
    ...     lines += ["ROPER.", "", f"Line {i}.", "", "LILY.", "", f"Reply {i}.", ""]
    >>> out = mark_speakers(split_chunks(tuple(lines)), Evidence("x")).chunks
    >>> [(c.kind, c.speaker, c.text) for c in out[:2]]
    [('turn', 'ROPER', 'Line 0.'), ('turn', 'LILY', 'Reply 0.')]
    """
    speakers = play_speakers(chunks)
    if not speakers:
        return PassResult(chunks)
    out: list[Chunk] = []
    counts: Counter[str] = Counter()
    pending: Chunk | None = None
    for c in chunks:
        label = speaker_label(c.text) if c.kind == "para" else ""
        if label in speakers and pending is None:
            pending = c
            continue
        if pending is not None and c.kind == "para":
            c = replace(c, kind="turn", speaker=speaker_label(pending.text), line=pending.line)
            counts["speaker_labels_alone"] += 1
        elif pending is not None:  # no speech follows: the name stays as printed
            out.append(pending)
        out.append(c)
        pending = None
    if pending is not None:
        out.append(pending)
    return PassResult(tuple(out), counts)


def mark_stage_directions(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a paragraph that is wholly a stage direction into a stage-direction block.

    Before: ``"[_LORD FARNCOMBE, his gloves in his hand, is seated…_"`` (in a play)
    After:  kind ``stage``, text unchanged (its italics are read with the text's emphasis)

    Only in a text whose speeches are turns (a play or a dialogue): anywhere else a bracketed
    paragraph is an editor's note or a quotation and stays a paragraph.

    >>> play = [Chunk("x", 1, kind="turn", speaker="A")] * 5 + [Chunk("[_Exit._]", 9)]
    >>> mark_stage_directions(tuple(play), Evidence("x")).chunks[-1].kind
    'stage'
    """
    if sum(1 for c in chunks if c.kind == "turn") < MIN_LABELS // 2:
        return PassResult(chunks)
    out, counts = list(chunks), Counter()
    for i, c in enumerate(out):
        text = c.text.strip()
        if c.kind == "para" and (_BRACKETED.match(text) or wholly_underscored(text)):
            out[i] = replace(c, kind="stage")
            counts["stage_directions"] += 1
    return PassResult(tuple(out), counts)
