"""Inline passes: a text's own emphasis markup, backtick quotes, note calls, then typography.

Each decision is made per text from evidence: a text with ``*Iskra*`` throughout uses asterisks
for italics; a text where a lone asterisk appears does not.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..model import Emph, Inline, Loc, Note, NoteRef, Strong, Text
from .chunks import SUPERSCRIPT_VALUE, SUPERSCRIPTS, Chunk, Finding
from .typography import LDQUO, LSQUO, RDQUO, typeset

#: A span may run over a kept line end (verse, an address): ``**To the Committee\nand to Y.:**``.
_EMPH = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])")
_STRONG = re.compile(r"(?<![\w*])\*\*(?=[^\s*])((?s:.+?))(?<=[^\s*])\*\*(?![\w*])")
#: Project Gutenberg's italics: ``_Iskra_``, ``[_Aside._]`` (never inside a word: ``snake_case``);
#: roman words inside italics are italics again: ``[_She is a _petite_ girl._]``.
_UNDERSCORE = re.compile(
    r"(?<![\w_])_(?=[^\s_])"
    r"((?:[^_]|(?<=[\s(\[])_[^\s_][^_]*?(?<=[^\s_])_(?=[\s,.;:!?)\]'’”-]))+?)"
    r"(?<=[^\s_])_(?![\w_])"
)
_SUPER_CALL = re.compile(f"[{SUPERSCRIPTS}]+")
#: A note number glued to a word or sitting after punctuation: "known.1", "” 2Given", "society10".
_GLUED_CALL = re.compile(
    # after punctuation or glued to a word ("known.1", "society10", "” 2Given", "decision”, 28"),
    # never before a lowercase letter: a price or a size ("cover, 1s 6d", "4to")
    r"(?:(?<=[.,;:!?”’\")\]])|(?<=[.,;:!?”’\")\]]\s))(?<![\d,.]\d)(\d{1,3})(?!\d|[,.]\d|\)|[a-zß-ÿ])"
    # glued to a word, but not inside a token: no letter after it ("society10", not "Zz4aq")
    r"|(?<=[^\W\d_])(?<![\d,.]\d)(\d{1,3})(?!\d|[,.]\d|\)|[^\W\d_])"
    # after a word and a space, only before punctuation, a dash or a capital ("history 13 –")
    r"|(?<=[^\W\d_]\s)(\d{1,3})(?=\s*$|\s*[,;:–—(]|\s+[A-Z“‘])"
)
#: At least this many emphasis spans before asterisks are read as emphasis.
MIN_EMPHASIS_SPANS = 3
#: Underscores are read as italics only when at least this share of them pair up into spans.
MIN_PAIRED_UNDERSCORES = 0.8
#: An underscore that can open or close a span: not inside a word (``file_name``), not in a
#: run (``Mr. ____``, ``__bold__``).
_MARKUP_UNDERSCORE = re.compile(r"(?<!_)(?<!\w(?=_\w))_(?!_)")
#: At least this many calls numbered 1, 2, 3… before bare digits are read as note calls.
MIN_CALL_SEQUENCE = 5
#: A number after one of these is a volume, page or issue number, never a note call.
_NOT_A_CALL_AFTER = re.compile(
    r"\b(?:vol|vols|no|nos|p|pp|works|number|art|ch|chap|part|"
    r"section|page|cw)\.?\s*$",
    re.I,
)


@dataclass(frozen=True)
class Call:
    start: int
    end: int
    number: int


@dataclass
class InlineEvidence:
    emphasis: bool = False
    underscores: bool = False  # ``_italic_`` is the text's emphasis convention
    backticks: bool = False
    doubled: bool = False  # two apostrophes for a double quote (:func:`uses_doubled_apostrophes`)
    calls: dict[int, list[Call]] = field(default_factory=dict)  # chunk index → calls
    language: str = "en"  # BCP 47: the text's quotation marks (typography.py)
    dashes: str = "em"  # the book's dash style (typography.DASH_STYLES; book.toml's dashes)


def uses_emphasis_markup(texts: list[str]) -> bool:
    """Several ``*…*``/``**…**`` spans, counted in each paragraph (a span never crosses one).

    >>> uses_emphasis_markup(["*a", "b* *c", "d*"]), uses_emphasis_markup(["*a*, *b*", "**c\\nd**"])
    (False, True)
    """
    spans = sum(len(_EMPH.findall(t)) + len(_STRONG.findall(t)) for t in texts)
    return spans >= MIN_EMPHASIS_SPANS


def uses_underscore_emphasis(texts: list[str]) -> bool:
    """Does the text mark italics with underscores, as Project Gutenberg texts do? Several
    balanced spans, and nearly every underscore belongs to one (identifiers do not count).

    >>> uses_underscore_emphasis(["_Iskra_ and _Zarya_", "[_Aside._] the _new_ board"])
    True
    >>> uses_underscore_emphasis(["file_name and _init_", "a_b_c", "x_y", "_one_"])
    False
    """
    joined = "\n".join(texts)
    spans = [m.group(0) for m in _UNDERSCORE.finditer(joined)]
    paired = sum(len(_MARKUP_UNDERSCORE.findall(span)) for span in spans)
    markup = len(_MARKUP_UNDERSCORE.findall(joined))
    return len(spans) >= MIN_EMPHASIS_SPANS and paired >= MIN_PAIRED_UNDERSCORES * markup


def wholly_underscored(text: str) -> bool:
    """Is ``text`` one ``_italic_`` span from its first character to its last?

    >>> wholly_underscored("_The scene is a _petite_ room._"), wholly_underscored("_a_ and _b_")
    (True, False)
    """
    return _UNDERSCORE.fullmatch(text) is not None


#: The typewriter's and TeX's double quotes: two backticks open, two apostrophes close
#: (``\`\`Override the Securities Bill Veto.''``, as the Government Printing Office sets them).
_DOUBLE_TICKS = re.compile(r"``([^`]{0,2000}?)''")


def uses_backtick_quotes(texts: list[str]) -> bool:
    """Backticks open quotes closed by ’ (``"`insecurity, fear and despair’"``), or two
    backticks open quotes closed by two apostrophes (``"``reform'' measure"``).

    >>> uses_backtick_quotes(["a ``reform'' measure and ``equal justice''", "``to sustain.''"])
    True
    """
    joined = "\n".join(texts)
    ticks = joined.count("`")
    single = len(re.findall(r"`[^`’]{1,2000}’", joined))
    double = len(_DOUBLE_TICKS.findall(joined))
    return ticks >= 2 and single + 2 * double >= ticks * 0.6


def read_backtick_quotes(text: str, counts: Counter[str]) -> str:
    """``"`mass repressions’"`` → ``"‘mass repressions’"``, ``"``reform''"`` → ``"“reform”"``
    (only in texts that use them); two backticks left open (a quotation running on into the
    next paragraph) open a double quote.

    >>> read_backtick_quotes("a ``reform'' and `terror’ and ``so on", Counter())
    'a “reform” and ‘terror’ and “so on'
    """
    counts["backtick_quotes"] += text.count("`")
    text = _DOUBLE_TICKS.sub(f"{LDQUO}\\1{RDQUO}", text).replace("``", LDQUO)
    return text.replace("`", LSQUO)


def uses_doubled_apostrophes(texts: list[str]) -> bool:
    """Does the text write its double quotes as two apostrophes (``''Yo, señora…''``, an old
    Gutenberg edition's ASCII): it has them, and no straight double quote nor backtick?

    >>> uses_doubled_apostrophes(["dijo: ''Yo, señora,", "a su talante''?"])
    True
    """
    joined = "\n".join(texts)
    return joined.count("''") >= 2 and '"' not in joined and "`" not in joined


def read_doubled_apostrophes(text: str, counts: Counter[str]) -> str:
    """``''Yo''`` → ``"Yo"`` (the quotes then typeset as any straight quote is)."""
    counts["doubled_apostrophe_quotes"] += text.count("''")
    return text.replace("''", '"')


def find_note_calls(chunks: tuple[Chunk, ...], findings: list[Finding]) -> dict[int, list[Call]]:
    """Superscript calls everywhere; bare-digit calls only where they count up 1, 2, 3…"""
    calls: dict[int, list[Call]] = {}
    superscript = False
    for i, c in enumerate(chunks):
        if c.kind == "plain":
            continue
        for m in _SUPER_CALL.finditer(c.text):
            n = int("".join(SUPERSCRIPT_VALUE[ch] for ch in m.group(0)))
            calls.setdefault(i, []).append(Call(m.start(), m.end(), n))
            superscript = True
    if superscript:
        return calls
    expected, found, gaps = 1, {}, []
    for i, c in enumerate(chunks):
        if c.kind not in {"para", "quote", "turn", "item"}:
            continue
        for m in _GLUED_CALL.finditer(c.text):
            g = next(k for k in (1, 2, 3) if m.group(k))
            n = int(m.group(g))
            if _NOT_A_CALL_AFTER.search(c.text[max(0, m.start(g) - 12) : m.start(g)]):
                continue
            if n in (expected, expected + 1):
                if n == expected + 1:
                    gaps.append(Finding(c.line, "note-call-gap", f"no call numbered {expected}"))
                found.setdefault(i, []).append(Call(m.start(g), m.end(g), n))
                expected = n + 1
    if expected - 1 < MIN_CALL_SEQUENCE:
        return {}
    findings.extend(gaps)
    return found


def _named(pattern: re.Pattern[str], name: str) -> str:
    """The pattern's source with its first capturing group named ``name``."""
    m = re.search(r"(?<!\\)\((?!\?)", pattern.pattern)
    assert m is not None
    return f"{pattern.pattern[: m.end()]}?P<{name}>{pattern.pattern[m.end() :]}"


_PIECES = {
    n: _named(p, n) for n, p in (("strong", _STRONG), ("emph", _EMPH), ("under", _UNDERSCORE))
}


@functools.cache
def _emphasis_pattern(asterisks: bool, underscores: bool) -> re.Pattern[str]:
    names = (["strong", "emph"] if asterisks else []) + (["under"] if underscores else [])
    return re.compile("|".join(_PIECES[n] for n in names))


def parse_emphasis(text: str, underscores: bool = False, asterisks: bool = True) -> list[Inline]:
    """``"the *new* views"`` → ``[Text("the "), Emph((Text("new"),)), Text(" views")]``; with
    ``underscores``, ``"_new_"`` is emphasis too (``asterisks=False``: only that).

    >>> parse_emphasis("[_Aside._] *no*", underscores=True, asterisks=False)
    [Text(text='['), Emph(children=(Text(text='Aside.'),)), Text(text='] *no*')]
    """
    if not (asterisks or underscores):
        return [Text(text)] if text else []
    out: list[Inline] = []
    pos = 0
    for m in _emphasis_pattern(asterisks, underscores).finditer(text):
        if m.start() > pos:
            out.append(Text(text[pos : m.start()]))
        found = m.groupdict()
        if found.get("under") is not None:
            out.extend(_toggled(parse_emphasis(found["under"], True, asterisks)))
        elif found.get("strong") is not None:
            out.append(Strong(tuple(parse_emphasis(found["strong"], underscores, asterisks))))
        else:
            out.append(Emph((Text(found["emph"]),)))
        pos = m.end()
    if pos < len(text):
        out.append(Text(text[pos:]))
    return out


_EDGE_IN = re.compile(r"^[\s,.;:]+")
_EDGE_OUT = re.compile(r"\s+$")


def _toggled(children: list[Inline]) -> list[Inline]:
    """An italic span's children as italic runs, with the words it marks again (italics
    inside italics) set in roman between them; the spaces and punctuation at the edges of a
    roman word stay roman, so every run opens and closes cleanly in Markdown.

    >>> _toggled([Text("a "), Emph((Text("petite"),)), Text(", girl")])
    [Emph(children=(Text(text='a'),)), Text(text=' petite, '), Emph(children=(Text(text='girl'),))]
    """
    if not any(isinstance(c, Emph) for c in children):
        return [Emph(tuple(children))]
    out: list[Inline] = []
    run: list[Inline] = []

    def close() -> None:
        if run and isinstance(run[-1], Text) and (m := _EDGE_OUT.search(run[-1].text)):
            out.append(Emph((*run[:-1], Text(run[-1].text[: m.start()]))))
            out.append(Text(m.group(0)))
        elif run:
            out.append(Emph(tuple(run)))
        run.clear()

    for child in children:
        if isinstance(child, Emph):
            close()
            out.extend(child.children)
        elif out and not run and isinstance(child, Text) and (m := _EDGE_IN.match(child.text)):
            out.append(Text(m.group(0)))
            if child.text[m.end() :]:
                run.append(Text(child.text[m.end() :]))
        else:
            run.append(child)
    close()
    return _merge(out)


def _split_calls(text: str, calls: list[Call], notes: dict[Call, Note]) -> list[str | NoteRef]:
    """Cut the note calls out of the text, leaving the text around them well spaced (a call
    of no width, an editorial note's, is put in without cutting anything)."""
    pieces: list[str | NoteRef] = []
    pos = 0
    for call in calls:
        left = text[pos : call.start]
        pieces.append(left.rstrip(" ") if call.end > call.start else left)
        pieces.append(NoteRef(notes[call]))
        if call.end > call.start and call.end < len(text) and text[call.end].isalnum():
            pieces.append(" ")
        pos = call.end
    pieces.append(text[pos:])
    return pieces


def build_inlines(
    text: str,
    calls: list[Call],
    notes: dict[Call, Note],
    loc: Loc,
    ev: InlineEvidence,
    counts: Counter[str],
) -> tuple[Inline, ...]:
    """Raw paragraph text → typeset inline nodes with note references."""
    pieces = _split_calls(text, calls, notes)
    marked = ev.emphasis or ev.underscores
    refs = [p for p in pieces if isinstance(p, NoteRef)]
    joined = "".join(_CALL_MARK if isinstance(p, NoteRef) else p for p in pieces)
    nodes: list[Inline] = []
    if marked and refs and joined.count(_CALL_MARK) == len(refs):
        # emphasis read over the whole paragraph: a call may sit inside an italic span's close
        # (``_…avail himself of it.[1]_``); the call is then set after the span
        nodes = _lift_calls(parse_emphasis(joined, ev.underscores, ev.emphasis), iter(refs))
    else:
        for piece in pieces:
            if isinstance(piece, NoteRef):
                nodes.append(piece)
            elif piece:
                nodes.extend(
                    parse_emphasis(piece, ev.underscores, ev.emphasis) if marked else [Text(piece)]
                )
    if ev.emphasis or ev.underscores:
        counts["emphasis_spans"] += sum(1 for n in nodes if isinstance(n, Emph | Strong))
    return tuple(_typeset_nodes(_merge(nodes), [" "], counts, ev.language, ev.dashes))


#: Where a note call stands while emphasis is read around it (a private-use character).
_CALL_MARK = "\ue000"


def _lift_calls(nodes: list[Inline], refs: Iterator[NoteRef]) -> list[Inline]:
    """The nodes with each call mark replaced by its note reference, lifted out of the
    emphasis around it: ``Emph("it.☐")`` → ``Emph("it.")``, the reference.

    >>> ref = NoteRef(Note((), Loc("t.txt", 1)))
    >>> _lift_calls([Emph((Text("so" + _CALL_MARK),)), Text(" then")], iter([ref])) == [
    ...     Emph((Text("so"),)), ref, Text(" then")]
    True
    """
    out: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text):
            parts = node.text.split(_CALL_MARK)
            for k, part in enumerate(parts):
                if k:
                    out.append(next(refs))
                if part:
                    out.append(Text(part))
        elif isinstance(node, Emph | Strong):
            run: list[Inline] = []
            for child in _lift_calls(list(node.children), refs):
                if isinstance(child, NoteRef):
                    if run:
                        out.append(type(node)(tuple(run)))
                    out.append(child)
                    run = []
                else:
                    run.append(child)
            if run:
                out.append(type(node)(tuple(run)))
        else:
            out.append(node)
    return out


def _merge(nodes: list[Inline]) -> list[Inline]:
    out: list[Inline] = []
    for n in nodes:
        if isinstance(n, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + n.text)
        else:
            out.append(n)
    return out


def _typeset_nodes(
    nodes: list[Inline] | tuple[Inline, ...],
    last: list[str],
    counts: Counter[str],
    language: str = "en",
    dashes: str = "em",
) -> list[Inline]:
    out: list[Inline] = []
    for n in nodes:
        if isinstance(n, Text):
            text = typeset(n.text, last[0], counts, language, dashes)
            if text:
                last[0] = text[-1]
                out.append(Text(text))
        elif isinstance(n, Emph):
            out.append(Emph(tuple(_typeset_nodes(n.children, last, counts, language, dashes))))
        elif isinstance(n, Strong):
            out.append(Strong(tuple(_typeset_nodes(n.children, last, counts, language, dashes))))
        else:
            out.append(n)
    return out
