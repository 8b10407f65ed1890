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
#: A speaker's name opening the speech, closed by a full stop: ``Nora. Hide the Tree…``,
#: ``LADY BRACKNELL.  Good afternoon``, ``Mrs. Alving. Yes…`` (every word of it capitalised).
_INLINE_LABEL = re.compile(
    r"^((?:(?:Mr|Mrs|Ms|Dr|St|MR|MRS|MS|DR|ST)\. )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3})"
    r"\.\s+(?=[\[(\"“‘'_A-Z])"
)
#: A debate's record names who speaks by a title and the name in capitals, opening the speech:
#: ``Mr. D'AMATO. Mr. President, …``, ``The PRESIDING OFFICER. The Senator…``,
#: ``Mrs. SMITH of Texas. I yield…``, ``The SPEAKER pro tempore. The question is…``.
_RECORD_LABEL = re.compile(
    r"^((?:(?:Mr|Mrs|Ms|Miss|Dr)\. |The )[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){0,3}"
    r"(?: of [A-Z][a-z]+(?: [A-Z][a-z]+)?| pro tempore)?)\.\s+(?=[\[(\"“‘'`_A-Z])"
)
#: A play's name in italics opening the speech, as Gutenberg's underscores set it:
#: ``_Goedsm._ Ta ta ta``, ``_Clara_. Och niets``, ``_Mrs. Page._ Why``, ``_Judoc._----Zich``.
_ITALIC_LABEL = re.compile(
    r"^_((?:(?:Mr|Mrs|Ms|Dr|St)\. )?[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,2})(?:\._\.?|_[.:])"
    r"(?:\s+(?=\S)|(?=[-—–]{2}))"
)
#: A title closes no name: ``Dear Mr. President`` is a salutation, not a label ``Dear Mr``.
_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "St", "MR", "MRS", "MS", "DR", "ST"})
#: Words that open a sentence with a full stop and are nobody's name.
_INTERJECTIONS = frozenset(
    {"Yes", "No", "Oh", "Ah", "Well", "So", "Then", "Now", "Here", "There", "Good", "Indeed",
     "Certainly", "Exactly", "Thanks", "Quite", "Very", "Nothing", "Never", "Always", "Perhaps"}
)  # fmt: skip
#: A text is a play when at least this share of its paragraphs are speaker names…
MIN_LABEL_SHARE = 0.1
#: …at least this many in all…
MIN_LABELS = 10
#: A debate's record (:data:`_RECORD_LABEL`) needs only this many labels, of two speakers.
MIN_RECORD_LABELS = 4
#: …and one speaker follows another (running heads repeat one line; speakers alternate).
MIN_ALTERNATION = 0.7
#: A stage direction in brackets: ``[_Aside._]``, ``[_She goes out._`` (the bracket left open,
#: as printed), ``[Exit.]``, ``(A room by the sea.)`` — one direction, nothing after it; a
#: bracket that opens with a label and a colon (``[Transcriber's Note:``) is no direction.
_BRACKETED = re.compile(r"^\[_?[A-Z][^\]:]*\]?$|^\(_?[A-Z][^()]*\)$")


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


def inline_label(text: str) -> str:
    """The speaker's name opening ``text`` (``Nora. Hide the Tree…``), else ``""``.

    >>> inline_label("Mrs. Alving. Yes, he is."), inline_label("Yes. I will."), inline_label("A.")
    ('Mrs. Alving', '', '')
    >>> inline_label("Mr. SMITH of Texas. I yield."), inline_label("Dear Mr. President: I")
    ('Mr. SMITH of Texas', '')
    >>> inline_label("_Goedsm._ Ta ta ta, kinderen"), speech_after("_Goedsm._ Ta ta", "Goedsm")
    ('Goedsm', 'Ta ta')
    """
    m = _RECORD_LABEL.match(text) or _INLINE_LABEL.match(text) or _ITALIC_LABEL.match(text)
    if not m or m.group(1) in _INTERJECTIONS or not re.search(r"[^\W\d_]{3}", m.group(1)):
        return ""
    if m.group(1).rsplit(" ", 1)[-1] in _TITLES:
        return ""
    words = m.group(1).upper().replace(".", " ").split()
    return "" if any(w in _NOT_SPEAKER for w in words) else m.group(1)


def speech_after(text: str, label: str) -> str:
    """The speech of a paragraph that opens with the speaker's ``label`` (its stop and any
    italics marks left out)."""
    m = _ITALIC_LABEL.match(text)
    return text[m.end() :] if m and m.group(1) == label else text[len(label) + 1 :].lstrip()


def _labels(chunks: tuple[Chunk, ...]) -> list[tuple[str, bool]]:
    """The label of each paragraph that is one (a name alone above a paragraph: ``True``) or
    opens with one (``False``), in order; the speech under a name alone is no label."""
    out: list[tuple[str, bool]] = []
    after_alone = False
    for i, c in enumerate(chunks):
        if c.kind != "para":
            after_alone = False
            continue
        nxt = chunks[i + 1] if i + 1 < len(chunks) else None
        alone = speaker_label(c.text) if nxt is not None and nxt.kind == "para" else ""
        inline = "" if alone or after_alone else inline_label(c.text)
        if alone or inline:
            out.append((alone or inline, bool(alone)))
        after_alone = bool(alone)
    return out


def play_speakers(chunks: tuple[Chunk, ...]) -> frozenset[str]:
    """The names the text uses as speaker labels, or none when it is not laid out as a play.
    Where names stand alone above the speeches, a name opening a paragraph counts only when
    it is one of them."""
    found = _labels(chunks)
    record = Counter(label for label, _ in found if _RECORD_LABEL.match(label + ". A"))
    if record.total() >= MIN_RECORD_LABELS and len(record) >= 2:
        return frozenset(record)  # a debate's record: its labels are unmistakable
    italic = Counter(
        m.group(1)
        for c in chunks
        if c.kind == "para" and (m := _ITALIC_LABEL.match(c.text)) and inline_label(c.text)
    )
    if italic.total() >= MIN_LABELS and len(italic) >= 2:
        return frozenset(italic)  # names in italics opening speeches: each, however rare
    alone = {label for label, is_alone in found if is_alone}
    if 2 * len(alone) >= len({label for label, _ in found}):
        found = [(label, a) for label, a in found if label in alone]
    uses = Counter(label for label, _ in found)
    labels = [label for label, _ in found if uses[label] >= 2]
    if len(labels) < MIN_LABELS or len(labels) < MIN_LABEL_SHARE * len(chunks):
        return frozenset()
    turns = sum(1 for a, b in itertools.pairwise(labels) if a != b)
    if turns < MIN_ALTERNATION * (len(labels) - 1) or len(uses) < 2:
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
        inline = inline_label(c.text) if c.kind == "para" and pending is None else ""
        if inline in speakers:
            speech = speech_after(c.text, inline)
            out.append(replace(c, kind="turn", speaker=inline, text=speech))
            counts["speaker_labels_inline"] += 1
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


#: A speech that opens with a direction in this many turns shows the text's brackets for them.
MIN_DIRECTIONS_IN_SPEECHES = 2


def direction_brackets(chunks: tuple[Chunk, ...]) -> str:
    """The brackets the text's speeches open with, as its stage directions do: ``[`` or ``(``
    when at least :data:`MIN_DIRECTIONS_IN_SPEECHES` turns open with one (``[_Aside._] Go.``)."""
    opening = Counter(c.text.lstrip()[:1] for c in chunks if c.kind == "turn")
    return "".join(b for b in "[(" if opening[b] >= MIN_DIRECTIONS_IN_SPEECHES)


def _play_start(chunks: tuple[Chunk, ...]) -> int:
    """Where the play proper begins: the heading over its first speech (an act, a scene), or
    the first speech. Before it, italics are a title page's or a cast list's, no directions."""
    first = next((i for i, c in enumerate(chunks) if c.kind == "turn"), len(chunks))
    return next((i for i in range(first - 1, -1, -1) if chunks[i].kind == "heading"), first)


def mark_stage_directions(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a paragraph that is wholly a stage direction into a stage-direction block.

    Before: ``"[_LORD FARNCOMBE, his gloves in his hand, is seated…_"`` (in a play)
    After:  kind ``stage``, text unchanged (its italics are read with the text's emphasis)

    Only in a text of turns (a play, a dialogue), from the heading over its first speech on: a
    paragraph wholly in italics, or wholly in the brackets the speeches open their directions
    with (:func:`direction_brackets`); in an interview, a bracketed paragraph is a citation or
    an editor's note and stays a paragraph.

    >>> play = [Chunk("[_Aside._] x", 1, kind="turn", speaker="A")] * 5 + [Chunk("[_Exit._]", 9)]
    >>> mark_stage_directions(tuple(play), Evidence("x")).chunks[-1].kind
    'stage'
    """
    if sum(1 for c in chunks if c.kind == "turn") < MIN_LABELS // 2:
        return PassResult(chunks)
    brackets = direction_brackets(chunks)
    out, counts = list(chunks), Counter()
    for i, c in enumerate(out[_play_start(chunks) :], _play_start(chunks)):
        text = c.text.strip()
        bracketed = text[:1] in brackets and _BRACKETED.match(text)
        if c.kind == "para" and (bracketed or wholly_underscored(text)):
            out[i] = replace(c, kind="stage")
            counts["stage_directions"] += 1
    return PassResult(tuple(out), counts)
