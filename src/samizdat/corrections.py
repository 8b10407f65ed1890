"""Editorial corrections from the book folder's ``corrections.toml``, applied after normalisation.

::

    [[correction]]
    text = "003_19137c8411423be6.txt"   # the text's file name or id
    find = "Vor wirts"
    replace = "Vorwärts"
    reason = "OCR split the word"

An entry must match exactly one place (inside one run of text); otherwise the build stops with an
error naming the entry.
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
    unknown = set(data) - {"correction"}
    if unknown:
        raise ConfigError(f"{path}: unknown key '{sorted(unknown)[0]}' (use [[correction]])")
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
