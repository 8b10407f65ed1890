"""The edition's own matter around a text, read from its markers: a Project Gutenberg header and
licence (:mod:`.gutenberg`), a Markdown copy's YAML front matter, a scan's boilerplate.

None of it is the work's text: it goes to the text's source note (shown in the colophon), and
the front matter's title and authors become the text's title and byline. Every word is kept.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace

from .chunks import Chunk, Evidence, PassResult
from .gutenberg import OPENING_LINES, is_gutenberg, licence_start, read_header

#: How many lines a YAML front matter block may have.
YAML_LINES = 200
_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:(?:\s+(.*)|)$")
_ITEM = re.compile(r"^\s*-\s+(.*)$")
TITLE_KEYS = ("title",)
AUTHOR_KEYS = ("author", "authors", "creator", "creators", "by")
LANGUAGE_KEYS = ("lang", "language")
#: A scan's boilerplate at its start: "Digitized by the Internet Archive in 2015 with funding
#: from …", the scan's address.
_SCANNER = re.compile(
    r"^(?:digiti[sz]ed\s+(?:by|for)\b|with\s+funding\s+from\b|"
    r"(?:https?://)?(?:www\.)?archive\.org/(?:details|stream)/\S+$)",
    re.I,
)
#: A producer's credit just after a Project Gutenberg header.
_CREDIT = re.compile(
    r"^(?:(?:e-?text\s+|e-?book\s+|html\s+)?(?:produced|prepared|transcribed|scanned|proofread|"
    r"digiti[sz]ed)(?:\s+and\s+\w+)?\s+by\b|this\s+e-?(?:text|book)\s+was\s+(?:prepared|produced|"
    r"created|made|transcribed)\b|etext\s+(?:prepared|scanned)\s+by\b)",
    re.I,
)
_TRANSCRIBER = re.compile(r"^\[?\s*transcriber['’]?s?\s+note", re.I)
#: How many paragraphs after a header can hold producers' credits and a transcriber's note.
CREDIT_CHUNKS = 4


@dataclass(frozen=True)
class Field:
    """One field of a YAML front matter block: its value as typed (quotes off, a list's items
    joined by ", ") and its source lines (1-based)."""

    key: str
    value: str
    first: int
    last: int


def read_yaml(lines: tuple[str, ...]) -> tuple[int, tuple[Field, ...]]:
    """A YAML front matter block at the text's start: its closing line and its fields
    (``(0, ())`` when there is none).

    >>> end, fields = read_yaml(("---", 'title: "On Maps"', "authors:", " - ann", " - bo", "---"))
    >>> end, [(f.key, f.value) for f in fields]
    (6, [('title', 'On Maps'), ('authors', 'ann, bo')])
    """
    if not lines or lines[0].strip() != "---":
        return 0, ()
    end = next((n for n in range(2, min(len(lines), YAML_LINES) + 1) if _closes(lines[n - 1])), 0)
    if not end:
        return 0, ()
    found: list[list[object]] = []
    for n in range(2, end):
        line = lines[n - 1]
        m = _KEY.match(line)
        if m:
            found.append([m.group(1).lower(), [m.group(2) or ""], n, n])
        elif found and (not line.strip() or line[:1].isspace() or _ITEM.match(line)):
            found[-1][1].append(line)  # type: ignore[union-attr]
            found[-1][3] = n
        elif line.strip():
            return 0, ()  # not a YAML block
    return end, tuple(Field(str(k), _value(v), int(a), int(b)) for k, v, a, b in found)  # type: ignore[arg-type]


def _closes(line: str) -> bool:
    return line.rstrip() in ("---", "...")


def _value(parts: list[str]) -> str:
    head, rest = parts[0].strip(), [p for p in parts[1:] if p.strip()]
    items = [m.group(1).strip() for p in rest if (m := _ITEM.match(p))]
    if items and len(items) == len(rest) and head in ("", "|", ">"):
        return ", ".join(_unquote(i) for i in items)
    text = " ".join([head.lstrip("|>").strip(), *(p.strip() for p in rest)]).strip()
    return _unquote(text)


def _unquote(text: str) -> str:
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        return text[1:-1]
    return text


def yaml_value(fields: tuple[Field, ...], keys: tuple[str, ...]) -> str:
    """The value of the first field named by one of ``keys``."""
    return next((f.value for f in fields if f.key in keys and f.value), "")


def mark_edition_matter(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a Project Gutenberg header and licence, YAML front matter and a scan's boilerplate
    into the text's furniture; the front matter's title and authors into title and byline.

    Before: ``"--- title: On Maps authors: - ann ---"``, ``"*** START OF THIS PROJECT…"`` …
    After:  a ``title`` chunk "On Maps", a ``byline`` "ann", ``furniture`` for the rest
    """
    counts: Counter[str] = Counter()
    out = _yaml_chunks(chunks, ev, counts)
    if ev.lines and is_gutenberg(ev.lines):
        out = _gutenberg_chunks(out, ev, counts)
    elif ev.lines:
        end = licence_start(ev.lines)
        if end:
            out = [_furniture(c, counts) if c.line >= end else c for c in out]
    out = _scanner_chunks(out, counts)
    out = _web_chunks(out, ev.lines, counts)
    return PassResult(tuple(out), counts)


def _furniture(c: Chunk, counts: Counter[str], why: str = "gutenberg_furniture") -> Chunk:
    if c.kind in ("plain", "furniture"):
        return c  # a plain reading stays as the source has it
    counts[why] += 1
    text = " ".join(c.text.split()) if "\n" in c.text else c.text  # kept lines: one paragraph
    return replace(c, kind="furniture", text=text)


def _gutenberg_chunks(chunks: list[Chunk], ev: Evidence, counts: Counter[str]) -> list[Chunk]:
    header = read_header(ev.lines)
    assert header is not None
    head_end = header.end or OPENING_LINES
    tail = licence_start(ev.lines) or len(ev.lines) + 1
    out = [_furniture(c, counts) if c.line <= head_end or c.line >= tail else c for c in chunks]
    # producers' credits and a transcriber's note about the edition, just after the header
    first = next((i for i, c in enumerate(out) if c.line > head_end and c.kind == "para"), None)
    i = len(out) if first is None else first
    while i < len(out) and i < first + CREDIT_CHUNKS and out[i].kind == "para":  # type: ignore[operator]
        if _TRANSCRIBER.match(out[i].text):
            last = _note_end(out, i)
            for k in range(i, last + 1):
                out[k] = _furniture(out[k], counts, "transcriber_note_to_source_note")
            i = last + 1
        elif _CREDIT.match(out[i].text):
            out[i] = _furniture(out[i], counts, "credits_to_source_note")
            i += 1
        else:
            break
    return out


#: How many paragraphs a bracketed transcriber's note may run to…
NOTE_CHUNKS = 12
#: …and one a rule closes.
RULED_NOTE_CHUNKS = 4


def _note_end(chunks: list[Chunk], i: int) -> int:
    """The last paragraph of the transcriber's note opening at ``i``: the one that closes its
    bracket ("[Transcriber's Note: … ]"); unbracketed, the last before a rule that closes it
    within a few paragraphs ("Transcribers Note: …" / "Throughout this text…" / ``-----``);
    or ``i`` itself.

    >>> ps = [Chunk("Transcribers Note: errors corrected.", 1), Chunk("Italics are _so_.", 3),
    ...       Chunk("", 5, kind="break"), Chunk("CHAPTER I", 7)]
    >>> _note_end(ps, 0)
    1
    """
    if not chunks[i].text.lstrip().startswith("["):
        for k in range(i + 1, min(len(chunks), i + RULED_NOTE_CHUNKS + 1)):
            if chunks[k].kind == "break":
                return k - 1
            if chunks[k].kind != "para":
                break
        return i
    for k in range(i, min(len(chunks), i + NOTE_CHUNKS)):
        if chunks[k].kind != "para":
            break
        if chunks[k].text.rstrip().endswith("]"):
            return k
    return i


def _scanner_chunks(chunks: list[Chunk], counts: Counter[str]) -> list[Chunk]:
    """A scan's boilerplate among the text's first paragraphs: furniture. The stamp set as a
    picture comes out of OCR in pieces ("Digitized 1" / "by the Internet Archive" / "i" /
    "n 2015"): a run of short paragraphs that reads as the stamp is furniture too."""
    out = list(chunks)
    seen = 0
    for i, c in enumerate(out):
        if c.kind == "furniture":
            continue
        if c.kind != "para" or seen >= SCAN_CHUNKS:
            break
        seen += 1
        end = _stamp_end(out, i)
        if end > i:  # the stamp's pieces read as one line in the source note
            lines = tuple(x for c in out[i : end + 1] for x in c.lines)
            text = " ".join(" ".join(c.text.split()) for c in out[i : end + 1])
            out[i : end + 1] = [replace(out[i], text=text, lines=lines)]
        if end >= i:
            out[i] = _furniture(out[i], counts, "scanner_boilerplate_to_source_note")
    return out


#: A web page's interface, copied with its text: notices, buttons, menus of ``|``-parted items.
_WEB_UI = re.compile(
    r"\b(?:desktop notifications?|notifications? (?:are )?(?:on|off)\b|turn (?:on|off)\b|"
    r"breaking news alerts?|sign (?:in|up)\b|log ?in\b|log out\b|subscribe\b|newsletters?\b|"
    r"accept (?:all )?cookies|cookie (?:settings|policy|preferences)|advertisement\b|"
    r"skip to (?:main )?content|share (?:this|on)\b|open in app\b)",
    re.I,
)
_MENU = re.compile(r"^[^|]{1,30}(?:\s\|\s[^|]{1,30}){1,8}$")
#: A web interface line is short; a sentence about subscribing is text.
WEB_UI_CHARS = 80
#: How many paragraphs at a web copy's start can be its page's interface.
WEB_CHUNKS = 3


def _web_chunks(chunks: list[Chunk], lines: tuple[str, ...], counts: Counter[str]) -> list[Chunk]:
    """A web copy's interface at its start ("Desktop notifications are on | Turn off", "Sign
    in", "Skip to main content"): furniture, when every source line of the paragraph is one.

    >>> src = ("Skip to main content", "Sign in | Subscribe", "", "The Title", "", "Text.")
    >>> ps = [Chunk("Skip to main content Sign in | Subscribe", 1), Chunk("The Title", 4)]
    >>> [c.kind for c in _web_chunks(ps, src, Counter())]
    ['furniture', 'para']
    """
    out = list(chunks)
    for i, c in enumerate(out[:WEB_CHUNKS]):
        if c.kind == "furniture":
            continue
        end = out[i + 1].line - 1 if i + 1 < len(out) else len(lines)
        own = [x.strip() for x in lines[c.line - 1 : end] if x.strip()]
        if c.kind != "para" or not own or not all(_web_ui(x) for x in own):
            break
        out[i] = _furniture(c, counts, "web_interface_to_source_note")
    return out


def _web_ui(line: str) -> bool:
    """``"Turn on desktop notifications?"``, ``"Home | News | Sport"``; not a sentence.

    >>> _web_ui("Turn on desktop notifications?"), _web_ui("Home | News | Sport")
    (True, True)
    >>> _web_ui("Readers were asked to subscribe at once."), _web_ui("Sign up for our newsletter.")
    (False, True)
    """
    line = " ".join(line.split())
    if len(line) > WEB_UI_CHARS or (line.endswith((".", "!")) and len(line.split()) >= 6):
        return False  # a sentence, not a button
    return bool(_WEB_UI.search(line) or _MENU.match(line))


#: How many paragraphs at a scan's start can hold its boilerplate (mottos, specks before it).
SCAN_CHUNKS = 8
#: The stamp's words as a run of OCR pieces: a speck may stand between them, the year is split.
_STAMP = re.compile(
    r"^digiti[sz]ed(?: \S{1,2})? by the internet archive(?: in| i n)?(?: \d{4})?", re.I
)
_PIECE = 40


def _stamp_end(out: list[Chunk], i: int) -> int:
    """The last paragraph of a scan's stamp opening at ``i``; ``i - 1`` when none opens here.

    >>> ps = [Chunk(t, n) for n, t in enumerate(["Digitized 1", "by the Internet Archive",
    ...       "i", "n 2015", "THE TITLE"], 1)]
    >>> _stamp_end(ps, 0), _stamp_end(ps, 4), _stamp_end([Chunk("Digitized by X", 1)], 0)
    (3, 3, 0)
    >>> _stamp_end([Chunk("Digitized by the Internet Archive", 1), Chunk("in 2016", 3)], 0)
    1
    """
    scanner = bool(_SCANNER.match(out[i].text))
    if scanner and not re.match(r"digiti[sz]ed\b", out[i].text, re.I):
        return i
    if not re.match(r"digiti[sz]ed\b", out[i].text, re.I):
        return i - 1
    text, best = "", i if scanner else i - 1  # its year may stand apart: "in 2016"
    for k in range(i, min(len(out), i + 6)):
        if out[k].kind != "para" or len(out[k].text) > _PIECE:
            break
        text = f"{text} {' '.join(out[k].text.split())}".strip()
        m = _STAMP.match(text)
        if m and m.end() == len(text):
            best = k
    return best


def _yaml_chunks(chunks: tuple[Chunk, ...], ev: Evidence, counts: Counter[str]) -> list[Chunk]:
    """YAML front matter: its title and authors lifted, its other fields furniture (the
    delimiters are punctuation, no word)."""
    end, fields = read_yaml(ev.lines)
    if not end or any(c.kind == "plain" and c.line <= end for c in chunks):
        return list(chunks)
    made: list[Chunk] = []
    gap = chunks[0].gap if chunks else 0
    lifted = {"title": False, "byline": False}
    for f in fields:
        raw = " ".join(line.strip() for line in ev.lines[f.first - 1 : f.last]).strip()
        if f.value:  # "tags: a, b" rather than the block's "tags: - a - b" (the same words)
            raw = f"{ev.lines[f.first - 1].split(':', 1)[0].strip()}: {f.value}"
        kind = "furniture"
        if f.key in TITLE_KEYS and f.value and not lifted["title"]:
            kind, raw = "title", f.value
        elif f.key in AUTHOR_KEYS and f.value and not lifted["byline"]:
            kind, raw = "byline", f.value
        if kind != "furniture":
            lifted[kind] = True
            counts[f"front_matter_{kind}"] += 1
        else:
            counts["front_matter_fields_to_source_note"] += 1
        made.append(Chunk(raw, f.first, gap, kind=kind, lines=(raw,)))
        gap = 0
    kept = [c for c in chunks if c.line > end]
    # body lines right under the closing delimiter, in the same source paragraph
    last, stop = end, kept[0].line if kept else len(ev.lines) + 1
    while last < len(ev.lines) and last + 1 < stop and ev.lines[last].strip():
        last += 1
    if last > end:
        text = " ".join(line.strip() for line in ev.lines[end:last])
        kept.insert(0, Chunk(text, end + 1, 0, lines=(text,)))
    return [*made, *kept]
