"""Line structure: chunks whose lines are the text's own keep them; transcripts' labelled lines
become paragraphs. Both passes run before :func:`~.lines.unwrap_lines` joins lines.

The decision is read from the text's shape, never from one word: a hard-wrapped line ends
because the next word would not fit (its length plus the next line's first word passes the
text's wrap width); a line of verse, an address or a contents entry ends early, and the next
line starts with a capital. A chunk whose breaks are early keeps its lines, as ``"\\n"`` in its
text (assembly turns them into :class:`~samizdat.model.LineBreak`); its kind says how it is
set: ``verse`` (songs, poems: relative indentation kept as no-break spaces), ``lines``
(contents and cast lists, addresses), ``signature`` (a letter's close) and ``address`` (an
address and date heading a letter).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace

from ..model import Emph, Inline, LineBreak, Strong, Text, plain_text
from .chunks import FUNCTION_WORDS, NUMBERED_HEADING, Chunk, Evidence, PassResult, last_word

#: Kinds of chunks whose text holds line breaks ("\n").
LINE_KINDS = frozenset({"verse", "lines", "signature", "address"})
#: A break is early when the line and the next line's first word fit in this share of the width.
EARLY = 0.9
#: A block whose every line is indented this far is set apart (centred or set right).
SET_APART = 8
#: The widest a text's prose can be wrapped at; a text with no narrower measure has its
#: paragraphs on one line each, and a line this long (with the next word) is not short.
MAX_WRAP, UNWRAPPED = 120, 110
#: Lines a text needs (inner lines of paragraphs) before its wrap width is measured.
MIN_MEASURED = 10
#: No-break spaces per source column of indentation beyond a block's least, and the most kept.
INDENT_UNIT, MAX_INDENT = "\u00a0\u00a0", 20
#: Project Gutenberg's markers around the book: the header ends, the licence begins.
_PG_START = re.compile(r"^\W*\*{3}\s*START\s+OF\b|^\W*\*?END\W{0,3}THE SMALL PRINT", re.I)
_PG_END = re.compile(
    r"^\W*\*{3}\s*END\s+OF\b|^\W*end\s+of\s+(?:the\s+|this\s+)?project\s+gutenberg", re.I
)
_BYLINE = re.compile(r"^\W*(?:by|BY|By)\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,4}\W*$")
_SALUTATION = re.compile(r"^\W*(?:(?:my\s+)?dear\w*|sir|madam|gentlemen|ladies)\b", re.I)
WORD_HYPHEN = re.compile(r"[^\W\d_]-$")
#: A quotation's first line cut at its start, its omission marked: ``......che ne le reggie``.
_CUT_OPENING = re.compile(r"^(?:\.{3,}|…)\s*[^\W\d_]")
_PUNCT = "\"'“”‘’«»()[]{}.,;:!?¡¿—–-_*"
_LABEL = re.compile(r"^\s*(?:[QA]\.|[A-Z][\w.'’ -]{0,30}:)\s+\S")
#: A heading line: a keyword with its number ("CHAPTER I", "Article 16", "Section 3").
_HEADING = re.compile(
    r"^\s*(?:chapter|part|book|letter|act|scene|lecture|section|article|canto|stave|kapitel|"
    r"chapitre)\s+(?:[\dIVXLC]+|the|one|two|three|first|second)\b|^\s*s\s?e\s?c\s?t\s?i\s?o\s?n\s+\d",
    re.I,
)
#: A list line: a bullet, or a number or letter with its dot or bracket ("1.", "(a)", "- x").
_LIST = re.compile(r"^\s*(?:[-*•–·]\s|\(?(?:\d{1,3}|[a-z])[.)](?:\s|$))")
VALEDICTION = re.compile(
    r"^\s*(?:yours|your|ever|faithfully|sincerely|truly|affectionately|respectfully|cordially|"
    r"lovingly|gratefully|thine|believe me|with (?:love|best|kind)|best wishes|good ?night|"
    r"good-?bye|farewell|adieu|i (?:remain|am|have the hono(?:u?r))|"
    r"ihr|ihre|dein|deine|mit (?:freundlichen|herzlichen)|"
    r"hochachtungsvoll|votre|bien à vous|je vous prie)\b",
    re.I,
)
#: What an address holds and verse does not: a long number, a mail address, a link.
_POSTAL = re.compile(r"\d{3,}|@|https?://|www\.")
#: A name signing a letter: "Judy", "J. A.", "(Miss) Jerusha Abbott".
_NAME = re.compile(r"^(?:\(\w+\.?\)\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3},?$")
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day(?:\s+(?:morning|afternoon|evening|night))?"
_DATE_LINE = re.compile(
    rf"^(?:[A-Z][\w'’. -]{{1,30}},\s+)?(?:{_DAY},?\s*)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+\d{{1,2}}"
    rf"(?:st|nd|rd|th)?|{_MONTH}|{_DAY})(?:,?\s+\d{{4}})?[.,]?$",
    re.I,
)


def wrap_width(chunks: tuple[Chunk, ...]) -> int:
    """The width the text's prose is wrapped at: the 90th percentile of the lengths of inner
    lines of its wrapped paragraphs (paragraphs whose lines mostly start in lowercase, as
    wrapped prose does; verse is left out). A text whose paragraphs are not wrapped (each a
    line of its own), or too short to tell, gets :data:`UNWRAPPED`: any shorter line is short.

    >>> prose = ("the quick brown fox", "jumps over the lazy", "dog and then some", "end")
    >>> wrap_width(tuple(Chunk("", 1, lines=prose) for _ in range(4)))
    19
    """
    inner = sorted(
        len(line.rstrip())
        for c in chunks
        if len(c.lines) >= 3 and sum(map(capital_start, c.lines[1:])) < 0.5 * (len(c.lines) - 1)
        for line in c.lines[:-1]
    )
    width = inner[int(0.9 * (len(inner) - 1))] if len(inner) >= MIN_MEASURED else 0
    return width if 0 < width <= MAX_WRAP else UNWRAPPED


def _indent(line: str) -> int:
    line = line.expandtabs(8)
    return len(line) - len(line.lstrip(" "))


def capital_start(line: str) -> bool:
    """The line starts (after quotes, brackets, marks) with a capital or a digit."""
    m = re.search(r"[^\W_]", line)
    return bool(m and (m.group(0).isupper() or m.group(0).isdigit()))


def proper_names(chunks: tuple[Chunk, ...]) -> frozenset[str]:
    """Words the text capitalises inside its sentences and never sets in lowercase: its names.

    >>> lines = ("que tuvo don Quijote en", "y don Quijote dijo")
    >>> names = proper_names((Chunk("", 1, lines=lines),))
    >>> sorted(names)
    ['Quijote']
    """
    capitalised: Counter[str] = Counter()
    lowercase: set[str] = set()
    for c in chunks:
        for line in c.lines if c.kind == "para" else ():
            words = [w.strip(_PUNCT) for w in line.split()]
            lowercase.update(w for w in words if w.islower())
            for a, b in itertools.pairwise(words):
                if a[-1:].islower() and len(b) > 1 and b[0].isupper() and b[1:].islower():
                    capitalised[b] += 1
    return frozenset(w for w, n in capitalised.items() if n >= 2 and w.lower() not in lowercase)


def _opens(prev: str, line: str, names: frozenset[str]) -> bool:
    """Does ``line`` open with a capital of its own: not a name the line before ran on into
    ("…que tuvo don" / "Quijote en armarse caballero", a wrapped title, not two verse lines)?"""
    words = prev.split()
    last = words[-1] if words else ""
    ran_on = last[-1:].isalpha() and last.islower() and line.split()[0].strip(_PUNCT) in names
    return capital_start(line) and not ran_on


def _early(line: str, nxt: str, width: int) -> bool:
    """Would the next line's first word have fitted on ``line``? Then the line ended early."""
    words = nxt.split()
    return bool(words) and len(line.rstrip().expandtabs(8)) + 1 + len(words[0]) <= EARLY * width


def _wrapped_break(line: str, nxt: str, width: int) -> bool:
    """Does the break after ``line`` look like a wrap: the next word would not have fitted, or
    the line ends on a word no sentence ends on ("Formatted by" / "RedLibrary.info.")?"""
    open_end = last_word(line) in FUNCTION_WORDS and line.rstrip()[-1:] not in ",;:.!?"
    return open_end or not _early(line, nxt, width)


def _keeps_lines(
    lines: tuple[str, ...],
    width: int,
    letter: bool,
    apart: int = SET_APART,
    names: frozenset[str] = frozenset(),
) -> bool:
    """Are these a chunk's own lines (verse, an address, a list), not a wrapped paragraph?
    ``letter``: the block is a letter's close or heading (:func:`_role`); ``apart``: the
    indent that sets a block apart from the text's paragraphs (not a stage direction's, set
    in a play's flush text in its brackets); ``names``: :func:`proper_names`."""
    n = len(lines)
    if n < 2 or any(WORD_HYPHEN.search(x.rstrip()) for x in lines[:-1]):
        return False
    if sum(1 for x in lines if _LABEL.match(x)) >= max(2, n / 2):
        return False  # labelled lines: turns of a dialogue, or a header of fields
    if any(_HEADING.match(x) or _LIST.match(x) or NUMBERED_HEADING.match(x.strip()) for x in lines):
        return False  # headings over their text, list items: the headings' and lists' business
    first = lines[0].strip()
    if any(_BYLINE.match(x) for x in lines):
        return False  # a title page's lines: the front matter's business
    opening = sum(1 for a, b in itertools.pairwise(lines) if _opens(a, b, names))
    capitals = opening >= 0.75 * (n - 1)
    # a verse quotation may open mid-line: cut (``......che``), or its first half-line set
    # far right where the prose's sentence leaves off (``                nè udir le preci``)
    dropped = _indent(lines[0]) >= _indent(lines[1]) + SET_APART
    opens = capital_start(first) or bool(_CUT_OPENING.match(first)) or dropped
    if not opens or not (capitals or verse_shape(lines, width)):
        return False  # a paragraph's continuation; wrapped prose (its lines start anywhere)
    left = min(_indent(x) for x in lines)
    if left >= SET_APART or (left >= apart and first[:1] not in "[(") or letter:
        return True  # set apart by its indentation (centred, set right), or a letter's part
    if n <= 3 and (all(x.strip().isupper() for x in lines) or first.isupper()):
        return False  # a title or heading in capitals, over its subtitle or first line
    late = sum(1 for a, b in itertools.pairwise(lines) if _wrapped_break(a, b, width))
    longest = max(len(x.rstrip().expandtabs(8)) for x in lines)
    short = n > 3 or longest <= EARLY * width
    return short and _early(lines[0], lines[1], width) and late <= (n - 1) // 3


#: Verse whose lines open in lowercase has at least this many lines.
MIN_VERSE_LINES = 4


def verse_shape(lines: tuple[str, ...], width: int) -> bool:
    """Lines of verse that do not open with capitals (a Spanish sonnet's ``que tuve, ausente
    y desdeñado sobre``): no line reaches the text's measure, and half the lines or more end
    on a stop or a comma — which lines of prose wrapped to a narrower measure, a title set
    over several lines or short lines of notes do not.

    >>> sonnet = ("Tú, que imitaste la llorosa vida", "que tuve, ausente y desdeñado sobre",
    ...           "el gran ribazo de la Peña Pobre,", "de alegre a penitencia reducida;")
    >>> verse_shape(sonnet, 72), verse_shape(("a b c " * 9,) * 4, 72)
    (True, False)
    """
    n = len(lines)
    if n < MIN_VERSE_LINES or not all(_early(a, b, width) for a, b in itertools.pairwise(lines)):
        return False
    stops = sum(1 for x in lines if x.rstrip()[-1:] in ",;:.!?")
    return stops >= n / 2


def _role(lines: tuple[str, ...], nxt: str) -> str:
    """How a block of kept lines is set: ``signature``, ``address``, ``verse`` or ``lines``.
    ``nxt`` is the text of the paragraph after it (a salutation follows a letter's address)."""
    stripped = [x.strip() for x in lines]
    if len(lines) > 6:
        return _list_role(stripped)
    if VALEDICTION.match(stripped[0]) or (
        _NAME.match(stripped[-1]) and _indent(lines[-1]) >= _indent(lines[0]) + SET_APART
    ):
        return "signature"  # a letter's close, or a name set right under its last words
    if len(lines) <= 4 and _DATE_LINE.match(stripped[-1]):
        apart = min(_indent(x) for x in lines) >= SET_APART
        return "address" if apart or _SALUTATION.match(nxt) else "signature"
    return _list_role(stripped)


def _list_role(stripped: list[str]) -> str:
    """``verse`` when the lines read as sentences (three words a line or more, lowercase),
    else ``lines``: also when a third of them hold numbers (an address's, a prescription's
    doses, a contents list's pages), a mail address or a link.

    >>> _list_role(["Home, home, over the foam,", "Back to the harbour light,"])
    'verse'
    >>> _list_role(["Prescription No. 3.", "R Gum Arabic mixture, 5iss,", "Water, 3iiiss."])
    'lines'
    """
    n = len(stripped)
    words = sum(len(x.split()) for x in stripped)
    prose = sum(1 for x in stripped if re.search(r"[a-z]", x))
    postal = sum(1 for x in stripped if _POSTAL.search(x) or re.search(r"\d", x))
    return "verse" if words >= 3 * n and prose >= 0.75 * n and postal < n / 3 else "lines"


def kept_text(lines: tuple[str, ...], indent: bool) -> str:
    """The lines as one text with ``"\\n"`` between them; with ``indent``, each line's
    indentation beyond the block's least as leading no-break spaces.

    >>> kept_text(("  Awake! for Morning", "    And Lo! the Hunter"), True)
    'Awake! for Morning\\n\\xa0\\xa0\\xa0\\xa0And Lo! the Hunter'
    """
    least = min(_indent(x) for x in lines)
    out = []
    for line in lines:
        extra = min(_indent(line) - least, MAX_INDENT) if indent else 0
        out.append(INDENT_UNIT * extra + re.sub(r"[ \t]+", " ", line.strip(" \t")))
    return "\n".join(out)


def book_span(chunks: tuple[Chunk, ...]) -> range:
    """The chunks of the work itself: not a Project Gutenberg header before its start marker
    nor the licence after its end marker."""
    start = next((i + 1 for i, c in enumerate(chunks) if _PG_START.match(c.text)), 0)
    end = next((i for i, c in enumerate(chunks) if i >= start and _PG_END.match(c.text)), None)
    return range(start, len(chunks) if end is None else end)


#: In a text whose paragraphs are all flush, a block set in this far is set apart.
FLUSH_SET_APART = 2
#: Paragraphs of this many lines tell how the text sets its prose.
PROSE_LINES = 3
#: The share of them at the margin that makes a text's prose flush.
FLUSH_SHARE = 0.8


def flush_paragraphs(chunks: tuple[Chunk, ...], width: int) -> bool:
    """Does the text set its prose flush, every line at the margin (a Project Gutenberg
    text)? Then a block indented by even two columns is set apart (quoted verse); in a text
    that indents first lines or sets its prose in, it takes :data:`SET_APART`. Prose is a
    paragraph of three lines or more that mostly reach the measure.

    >>> run = "Some prose that runs on to the measure of the text and"
    >>> prose = Chunk("", 1, lines=(run, run, "to the end."))
    >>> verse = Chunk("", 5, lines=("    Thou dost restrain", "    Thou dost chill,"))
    >>> flush_paragraphs((prose,) * 9 + (verse,), 60), flush_paragraphs((verse,) * 3, 60)
    (True, False)
    """
    prose = [
        c
        for c in chunks
        if c.kind == "para"
        and len(c.lines) >= PROSE_LINES
        and sum(len(x.rstrip()) >= 0.75 * width for x in c.lines[:-1]) * 2 >= len(c.lines) - 1
    ]
    flush = sum(1 for c in prose if all(not x[:1].isspace() for x in c.lines if x.strip()))
    return len(prose) >= 5 and flush >= FLUSH_SHARE * len(prose)


def mark_verse(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns chunks whose lines end early (verse, songs, addresses, signatures, datelines,
    contents and cast lists) into chunks that keep their lines.

    Before: ``["Awake! for Morning in the Bowl of Night", "  And Lo! the Hunter…"]`` in a text
    wrapped at 70 columns
    After:  kind ``verse``, text ``"Awake! for Morning in the Bowl of Night\\n\\xa0\\xa0And Lo!…"``
    """
    width = wrap_width(chunks)
    apart = FLUSH_SET_APART if flush_paragraphs(chunks, width) else SET_APART
    counts: Counter[str] = Counter()
    out: list[Chunk] = []
    book = book_span(chunks)
    turns, dense = turn_labels(chunks)
    names = proper_names(chunks)
    for i, c in enumerate(chunks):
        kept = None
        if dense and _label(c.lines[0]) in turns:
            pass  # a transcript's turn is a speech: its lines end where the reporter's did
        elif i in book and c.kind == "para" and len(c.lines) > 1:
            nxt = chunks[i + 1].text if i + 1 < len(chunks) else ""
            kept = _kept(c, nxt, width, apart, names)
        elif i in book and c.kind == "para" and _set_right_date(c.lines):
            kept = replace(c, kind="address", text=c.text.strip())
        # the work's first paragraph is its title (a letter may open with its address, set
        # right; a title's lines with its date are centred: "Version 3, 29 June 2007")
        if (
            kept is not None
            and i == book.start
            and (kept.kind != "address" or all(_centred_on(x, width) for x in c.lines))
        ):
            kept = None
        if kept is not None:
            counts[f"{kept.kind}_blocks_kept"] += 1
            counts["lines_kept"] += len(c.lines)
        out.append(c if kept is None else kept)
    return PassResult(tuple(out), counts)


def _centred_on(line: str, width: int) -> bool:
    """Is ``line`` centred on the text's measure (its margins about equal, set well in)?"""
    indent, text = _indent(line), line.strip()
    right = width - indent - len(text)
    return indent >= SET_APART and abs(indent - right) <= max(6, width * 0.12)


def _set_right_date(lines: tuple[str, ...]) -> bool:
    """A date alone, set apart by its indentation: a letter's dateline ("      1st October")."""
    return (
        len(lines) == 1
        and _indent(lines[0]) >= SET_APART
        and bool(_DATE_LINE.match(lines[0].strip()))
    )


def _kept(
    c: Chunk, nxt: str, width: int, apart: int = SET_APART, names: frozenset[str] = frozenset()
) -> Chunk | None:
    """The chunk keeping its lines, in the kind that sets them, or None."""
    role = _role(c.lines, nxt)
    if not _keeps_lines(c.lines, width, role in {"signature", "address"}, apart, names):
        return None
    return replace(c, kind=role, text=kept_text(c.lines, role in {"verse", "lines"}))


#: A transcript's labelled line: "Q. Did you…", "A: Yes.", "Q   Where…" (spaced), "THE COURT: …",
#: "MR. SMITH: …".
_TURN_LINE = re.compile(
    r"^\s*(?:([QA])(?:[.:]|(?=\s{2}))|([A-Z][A-Z.'’-]*(?:\s+[A-Z][A-Z.'’-]*){0,3}):)\s+\S"
)
#: A recorded conversation's label, its speaker and the time: "Maria Lopez (00:00:04):",
#: "[00:01:23] Speaker 1:", "0:04 Tom:" (the speech on the same line or the next), as
#: transcription services export them.
#: A recording's clock time: "1:04", "00:13:51".
CLOCK = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
_SPEAKER = r"[A-Z][\w.'’-]*(?: [A-Z0-9][\w.'’-]*){0,3}"
TIMED_LABEL = rf"(?:{_SPEAKER} \({CLOCK}\)|\[{CLOCK}\] {_SPEAKER}|{CLOCK} {_SPEAKER})"
_TIMED_LINE = re.compile(rf"^\s*({TIMED_LABEL}):(?:\s|$)")
#: The time of a timed label, before or after its speaker ("[00:01:23] ", " (00:04)").
TIME_AFTER = re.compile(rf" \({CLOCK}\)$|^\[{CLOCK}\] |^{CLOCK} ")
#: A label must open this many lines before lines are cut at it.
MIN_LABELLED = 3
#: A text whose labelled lines are this share of its lines is made of turns.
DENSE_TURNS = 0.05


def _label(line: str) -> str:
    if t := _TIMED_LINE.match(line):
        return TIME_AFTER.sub("", t.group(1))
    m = _TURN_LINE.match(line)
    return (m.group(1) or m.group(2)) if m else ""


def split_turn_lines(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns the labelled lines of a transcript run together in one paragraph (``Q.``/``A.``,
    ``THE COURT:``) into paragraphs of their own, in a text that opens lines with such a label
    at least three times (questions and answers: both labels).

    Before: ``["Q. Where were you?", "A. At home, with my", "sister."]``
    After:  ``["Q. Where were you?"]``, ``["A. At home, with my", "sister."]``
    """
    used, dense = turn_labels(chunks)
    counts: Counter[str] = Counter()
    if not used:
        return PassResult(chunks)
    out: list[Chunk] = []
    for c in chunks:
        cuts = _turn_cuts(c.lines, used, dense) if c.kind == "para" else []
        if not cuts:
            out.append(c)
            continue
        for a, b in zip([0, *cuts], [*cuts, len(c.lines)], strict=True):
            part = c.lines[a:b]
            text = " ".join(x.strip() for x in part)
            gap = c.gap if a == 0 else 0
            out.append(replace(c, text=text, line=c.line + a, gap=gap, lines=part))
        counts["turn_lines_split"] += len(cuts)
    return PassResult(tuple(_labels_over_speeches(tuple(out), used)), counts)


def _labels_over_speeches(chunks: tuple[Chunk, ...], used: set[str]) -> list[Chunk]:
    """A label alone on its line (``[00:11:08] Harold Spikes:``) and the speech set in under
    it, which the indent rule cut apart, as one paragraph again.

    >>> cs = (Chunk("[00:11:08] Ann Lee:", 1, lines=("[00:11:08] Ann Lee:",)),
    ...       Chunk("Okay.", 2, gap=0, lines=("    Okay.",)))
    >>> [c.lines for c in _labels_over_speeches(cs, {"Ann Lee"})]
    [('[00:11:08] Ann Lee:', '    Okay.')]
    """
    out: list[Chunk] = []
    for c in chunks:
        prev = out[-1] if out else None
        alone = prev is not None and len(prev.lines) == 1 and prev.kind == c.kind == "para"
        if (
            alone
            and c.gap == 0
            and _label(prev.lines[0]) in used
            and prev.lines[0].rstrip().endswith(":")
        ):
            lines = (*prev.lines, *c.lines)
            out[-1] = replace(prev, text=" ".join(x.strip() for x in lines), lines=lines)
            continue
        out.append(c)
    return out


#: A transcript's line of its own: a direction in brackets ("(Jury present)"), or a line in
#: capitals without a label's text ("CROSS-EXAMINATION", "BY MR. FOLLY:", "JANE ROE,").
_DIRECTION_LINE = re.compile(r"^\s*[(\[][^()\[\]]*[)\]]\s*$")
_CAPITALS_LINE = re.compile(r"^\s*(?=[^a-z]*[A-Z]{2})[^a-z]+$")


def _turn_cuts(lines: tuple[str, ...], used: set[str], dense: bool) -> list[int]:
    """Where a chunk of a text of turns is cut: before each labelled line; in a text made of
    turns (``dense``), also before and after a line of its own (a capitalised line that ends
    in a comma goes on in the next line).

    >>> lines = ("A. Yes.", "(Recess)", "THE COURT: Sit.", "CROSS", "BY MR. X:", "Q. So?")
    >>> _turn_cuts(lines, {"A", "Q", "THE COURT"}, True), _turn_cuts(lines, {"Q"}, False)
    ([1, 2, 3, 4, 5], [5])
    """
    cuts: set[int] = set()
    for k, x in enumerate(lines):
        alone = dense and bool(_DIRECTION_LINE.match(x) or _CAPITALS_LINE.match(x))
        if _label(x) in used or alone:
            cuts.add(k)
        if alone and not x.rstrip().endswith(","):
            cuts.add(k + 1)
    return sorted(cuts - {0, len(lines)})


def turn_labels(chunks: tuple[Chunk, ...]) -> tuple[set[str], bool]:
    """The labels that open a transcript's turns in this text (``Q``, ``A``, ``THE COURT``),
    each at least :data:`MIN_LABELLED` times (``Q`` and ``A`` only together), and whether
    the text is made of turns: its labelled lines are :data:`DENSE_TURNS` of its lines or
    more (a transcript or a dialogue, not letters that open "SIR:")."""
    lines = [x for c in chunks if c.kind == "para" for x in c.lines]
    labels = Counter(_label(x) for x in lines)
    used = {k for k, n in labels.items() if k and n >= MIN_LABELLED}
    used = used if {"Q", "A"} <= used else used - {"Q", "A"}
    timed = Counter(_label(x) for x in lines if _TIMED_LINE.match(x))
    if timed.total() >= 2 * MIN_LABELLED:  # a recording's labels: each speaker's, however few
        used |= set(timed)
    return used, sum(labels[k] for k in used) >= DENSE_TURNS * max(1, len(lines))


def break_lines(nodes: tuple[Inline, ...] | list[Inline]) -> tuple[Inline, ...]:
    """Turns the ``"\\n"`` of kept lines in text nodes into line breaks, at the top level (an
    emphasis over a line end becomes one emphasis per line).

    >>> break_lines((Text("Awake!\\nAnd "), Emph((Text("Lo!\\nthe"),))))
    (Text(text='Awake!'), LineBreak(), Text(text='And '), Emph(children=(Text(text='Lo!'),)), \
LineBreak(), Emph(children=(Text(text='the'),)))
    """
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and "\n" in node.text:
            for k, piece in enumerate(node.text.split("\n")):
                if k:
                    out.append(LineBreak())
                if piece:
                    out.append(Text(piece))
        elif isinstance(node, Emph | Strong) and "\n" in plain_text(node.children):
            for k, part in enumerate(_lines_of(break_lines(node.children))):
                if k:
                    out.append(LineBreak())
                if part:
                    out.append(type(node)(part))
        else:
            out.append(node)
    return tuple(out)


def _lines_of(nodes: tuple[Inline, ...]) -> list[tuple[Inline, ...]]:
    """Nodes cut at their (top-level) line breaks."""
    parts: list[list[Inline]] = [[]]
    for node in nodes:
        if isinstance(node, LineBreak):
            parts.append([])
        else:
            parts[-1].append(node)
    return [tuple(p) for p in parts]
