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


#: How many paragraphs a bracketed transcriber's note may run to.
NOTE_CHUNKS = 12


def _note_end(chunks: list[Chunk], i: int) -> int:
    """The last paragraph of the transcriber's note opening at ``i``: the one that closes its
    bracket ("[Transcriber's Note: … ]"), or ``i`` itself."""
    if not chunks[i].text.lstrip().startswith("["):
        return i
    for k in range(i, min(len(chunks), i + NOTE_CHUNKS)):
        if chunks[k].kind != "para":
            break
        if chunks[k].text.rstrip().endswith("]"):
            return k
    return i


def _scanner_chunks(chunks: list[Chunk], counts: Counter[str]) -> list[Chunk]:
    """A scan's boilerplate among the text's first paragraphs: furniture."""
    out = list(chunks)
    seen = 0
    for i, c in enumerate(out):
        if c.kind == "furniture":
            continue
        if c.kind != "para" or seen >= 3:
            break
        seen += 1
        if _SCANNER.match(c.text):
            out[i] = _furniture(c, counts, "scanner_boilerplate_to_source_note")
    return out


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
