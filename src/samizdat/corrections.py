"""Editorial corrections from the book folder's ``corrections.toml``, applied after normalisation.

::

    [[correction]]
    text = "003_19137c8411423be6.txt"   # the text's file name or id
    find = "Vor wirts"
    replace = "Vorwärts"
    reason = "OCR split the word"

An entry must match exactly one place (inside one run of text); otherwise the build stops with an
error naming the entry.

Structural corrections overrule the normaliser's decisions (applied by
:mod:`samizdat.normalise.overrides`, after the passes)::

    [[structure]]
    text = "003_19137c8411423be6.txt"   # the text's file name or id
    at = "the committee instructs"      # the start of exactly one source line
    as = "join"                         # heading | not-heading | paragraph | join | verse | …
    level = 2                           # for a heading (2–6; 1 is the text's title)

An entry that cannot be read or placed stops the build naming its line: ``corrections.toml:14: …``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from .config import read_toml
from .errors import ConfigError
from .model import (
    Block,
    BlockQuote,
    BookText,
    Emph,
    Heading,
    Inline,
    Link,
    Note,
    NoteRef,
    OrderedList,
    Para,
    Strong,
    Table,
    Text,
)
from .normalise.overrides import KINDS, LEVELS, StructureFix

_KEYS = {"text", "find", "replace", "reason"}


@dataclass(frozen=True)
class Correction:
    text: str
    find: str
    replace: str
    reason: str = ""
    entry: int = 0

    def describe(self) -> str:
        """The correction as the colophon lists it, in plain text: ``find``, ``replace`` and
        ``reason`` exactly as typed (the manuscript escapes it as all metadata is escaped).

        >>> Correction("t", "5*6*7", "5*6*8", "*typo*").describe()
        't: “5*6*7” → “5*6*8” (*typo*)'
        """
        why = f" ({self.reason})" if self.reason else ""
        return f"{self.text}: “{self.find}” → “{self.replace}”{why}"


def load_corrections(path: Path) -> tuple[Correction, ...]:
    if not (path.exists() or path.is_symlink()):
        return ()
    data = read_toml(path)
    unknown = set(data) - {"correction", "structure"}
    if unknown:
        raise ConfigError(
            f"{path}: unknown key '{sorted(unknown)[0]}' (use [[correction]] or [[structure]])"
        )
    out = []
    for n, raw in enumerate(data.get("correction", []), 1):
        if not isinstance(raw, dict):
            raise ConfigError(f"{path}: correction {n} must be a table")
        bad = set(raw) - _KEYS
        if bad:
            raise ConfigError(f"{path}: correction {n}: unknown key '{sorted(bad)[0]}'")
        for key in ("text", "find", "replace"):
            if not isinstance(raw.get(key), str) or (key != "replace" and not raw[key]):
                raise ConfigError(f"{path}: correction {n}: '{key}' must be a non-empty string")
        if not isinstance(raw.get("reason", ""), str):
            raise ConfigError(f"{path}: correction {n}: 'reason' must be a string")
        out.append(Correction(raw["text"], raw["find"], raw["replace"], raw.get("reason", ""), n))
    return tuple(out)


def _count(blocks: tuple[Block, ...] | tuple[Inline, ...], find: str) -> int:
    total = 0
    for node in blocks:
        if isinstance(node, Text):
            total += node.text.count(find)
        elif isinstance(node, Para | Heading):
            total += _count(node.inlines, find)
        elif isinstance(node, Emph | Strong | Link):
            total += _count(node.children, find)
        elif isinstance(node, Table):
            total += sum(_count(cell, find) for row in (*node.head, *node.rows) for cell in row)
        elif isinstance(node, NoteRef):
            total += _count(node.note.blocks, find)
        elif isinstance(node, BlockQuote):
            total += _count(node.blocks, find)
        elif isinstance(node, OrderedList):
            total += sum(_count(item, find) for item in node.items)
    return total


def _apply(node, c: Correction):  # type: ignore[no-untyped-def]
    if isinstance(node, Text):
        return Text(node.text.replace(c.find, c.replace))
    if isinstance(node, Para | Heading):
        return replace(node, inlines=tuple(_apply(i, c) for i in node.inlines))
    if isinstance(node, Emph | Strong | Link):
        return replace(node, children=tuple(_apply(i, c) for i in node.children))
    if isinstance(node, Table):
        rows = [tuple(tuple(_apply(i, c) for i in cell) for cell in r) for r in node.rows]
        head = [tuple(tuple(_apply(i, c) for i in cell) for cell in r) for r in node.head]
        return replace(node, head=tuple(head), rows=tuple(rows))
    if isinstance(node, NoteRef):
        blocks = tuple(_apply(b, c) for b in node.note.blocks)
        return NoteRef(Note(blocks, node.note.loc, node.note.missing, node.note.source_number))
    if isinstance(node, BlockQuote):
        return replace(node, blocks=tuple(_apply(b, c) for b in node.blocks))
    if isinstance(node, OrderedList):
        return replace(node, items=tuple(tuple(_apply(b, c) for b in it) for it in node.items))
    return node


def apply_corrections(
    texts: tuple[BookText, ...],
    corrections: tuple[Correction, ...],
    where: str = "corrections.toml",
) -> tuple[BookText, ...]:
    """Apply each correction to the one place it matches; zero or several matches is an error."""
    out = list(texts)
    for c in corrections:
        idx = [i for i, t in enumerate(out) if c.text in (t.meta.file, t.meta.ident)]
        if not idx:
            raise ConfigError(f"{where}: correction {c.entry}: no text '{c.text}' in the book")
        t = out[idx[0]]
        n = _count(t.blocks, c.find)
        if n != 1:
            where_n = "nowhere" if n == 0 else f"in {n} places"
            raise ConfigError(
                f"{where}: correction {c.entry} (“{c.find}”) matches {where_n} in {c.text}; "
                "it must match exactly one place"
            )
        out[idx[0]] = replace(t, blocks=tuple(_apply(b, c) for b in t.blocks))
    return tuple(out)


_STRUCTURE_KEYS = ("text", "at", "as", "level", "reason")


@dataclass(frozen=True)
class StructureEntry:
    """A ``[[structure]]`` entry as written; ``where`` names its line for messages."""

    text: str
    at: str
    kind: str
    level: int
    reason: str
    where: str  # "corrections.toml:14": the line of its 'at'
    where_text: str = ""  # the line of its 'text'


def _entry_lines(source: str) -> list[tuple[int, dict[str, int]]]:
    """Per ``[[structure]]`` header, in order: its line and the line of each key under it."""
    out: list[tuple[int, dict[str, int]]] = []
    inside = False
    for n, raw in enumerate(source.splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            inside = line.replace(" ", "").startswith("[[structure]]")
            if inside:
                out.append((n, {}))
        elif inside and "=" in line:
            key = line.split("=", 1)[0].strip().strip("\"'")
            out[-1][1].setdefault(key, n)
    return out


def load_structure(path: Path) -> tuple[StructureEntry, ...]:
    """The ``[[structure]]`` entries of ``corrections.toml``, checked key by key."""
    if not (path.exists() or path.is_symlink()):
        return ()
    entries = read_toml(path).get("structure", [])
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: 'structure' must be written [[structure]]")
    lines = _entry_lines(path.read_text(encoding="utf-8", errors="replace"))
    return tuple(
        _structure_entry(raw, path, n, lines[n - 1] if n <= len(lines) else (0, {}))
        for n, raw in enumerate(entries, 1)
    )


def _structure_entry(
    raw: object, path: Path, n: int, lines: tuple[int, dict[str, int]]
) -> StructureEntry:
    head, keys = lines

    def fail(key: str, message: str) -> ConfigError:
        line = keys.get(key, head)
        where = f"{path}:{line}" if line else str(path)
        return ConfigError(f"{where}: structure entry {n}: {message}")

    if not isinstance(raw, dict):
        raise fail("", "must be a table")
    bad = sorted(set(raw) - set(_STRUCTURE_KEYS))
    if bad:
        raise fail(bad[0], f"unknown key '{bad[0]}' (keys: {', '.join(_STRUCTURE_KEYS)})")
    for key in ("text", "at", "as"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise fail(key, f"'{key}' must be a non-empty string")
    if raw["as"] not in KINDS:
        raise fail("as", f"unknown 'as' '{raw['as']}' (one of: {', '.join(KINDS)})")
    level = raw.get("level", 2)
    if "level" in raw and raw["as"] != "heading":
        raise fail("level", "'level' is for 'as = \"heading\"' only")
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise fail(
            "level",
            f"'level' must be a whole number {LEVELS[0]}–{LEVELS[-1]} (1 is the text's title)",
        )
    if not isinstance(raw.get("reason", ""), str):
        raise fail("reason", "'reason' must be a string")

    def line(key: str) -> str:
        return f"{path}:{keys.get(key, head)}" if head else str(path)

    return StructureEntry(
        raw["text"], raw["at"], raw["as"], level, raw.get("reason", ""), line("at"), line("text")
    )


#: Entries that cannot both stand on one line: the same decision twice, or its opposite.
_CLASH = {
    "heading": {"heading", "not-heading"},
    "not-heading": {"heading", "not-heading"},
    "quotation": {"quotation", "not-quotation"},
    "not-quotation": {"quotation", "not-quotation"},
    "paragraph": {"paragraph", "join"},
    "join": {"paragraph", "join"},
    "verse": {"verse"},
}


def _lines_starting(lines: tuple[str, ...], at: str) -> list[int]:
    """The 1-based numbers of the lines that start with ``at``, leading spaces ignored. An
    ``at`` of several lines (to tell identical lines apart) is those whole lines, then the
    start of the next.

    >>> _lines_starting(("  The end", "Then", "x", "The end", "y"), "The")
    [1, 2, 4]
    >>> _lines_starting(("  The end", "Then", "x", "The end", "y"), "The end\\ny")
    [4]
    """
    first, *more = [x.strip() for x in at.strip().split("\n")]
    if not more:
        return [n for n, line in enumerate(lines, 1) if line.lstrip().startswith(first)]
    *whole, last = [first, *more]
    found = []
    for n in range(1, len(lines) - len(whole) + 1):
        here = [x.strip() for x in lines[n - 1 : n - 1 + len(whole)]]
        if here == whole and lines[n - 1 + len(whole)].lstrip().startswith(last):
            found.append(n)
    return found


def resolve_structure(
    entries: tuple[StructureEntry, ...], names: dict[str, str], lines: dict[str, tuple[str, ...]]
) -> dict[str, tuple[StructureFix, ...]]:
    """Each entry placed on the one source line its ``at`` starts (leading spaces ignored), per
    text file; ``names`` maps a text's file name and id to its file name."""
    out: dict[str, list[StructureFix]] = {}
    for e in entries:
        file = names.get(e.text)
        if file is None:
            raise ConfigError(
                f"{e.where_text}: structure '{e.kind}': no text '{e.text}' in the book "
                "(give its file name, or the id book.toml gives it)"
            )
        found = _lines_starting(lines[file], e.at)
        if len(found) != 1:
            at = e.at.replace("\n", "\\n")  # on one line
            shown = ", ".join(map(str, found[:5])) + ("…" if len(found) > 5 else "")
            raise ConfigError(
                f"{e.where}: structure '{e.kind}': 'at' “{at}” starts "
                + (f"no line of {file}" if not found else f"{len(found)} lines of {file} ({shown})")
                + "; it must start exactly one (leading spaces ignored)"
            )
        fix = StructureFix(found[0], e.kind, e.at, e.level, e.where, e.reason)
        for other in out.get(file, []):
            if other.line == fix.line and other.kind in _CLASH[fix.kind]:
                clash = "repeats" if other.kind == fix.kind else "contradicts"
                raise ConfigError(
                    f"{e.where}: structure '{e.kind}' at line {fix.line} of {file} {clash} "
                    f"'{other.kind}' ({other.where})"
                )
        out.setdefault(file, []).append(fix)
    return {k: tuple(v) for k, v in out.items()}
