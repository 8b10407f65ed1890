"""Bytes → text → numbered lines: encodings, BOMs, line ends, form feeds and control characters.

Every decision is counted so the build report can show it; nothing is dropped silently.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

#: A form feed is a page break in pdftotext output; we turn it into this many blank lines,
#: which is how page breaks look in the PDF extracts we receive.
FORM_FEED_BLANK_LINES = 3
#: Characters that are whitespace in disguise.
SPACE_LIKE = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " "}
#: Invisible characters removed from text (zero-width, soft hyphen, BOM inside text, bidi marks).
INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f"}
#: A file whose text has more than this share of replacement or control characters is not text.
MAX_JUNK_SHARE = 0.01


@dataclass(frozen=True)
class SourceText:
    """A decoded source: its name (as given in book.toml), lines and what ingest did."""

    name: str
    lines: tuple[str, ...]
    encoding: str
    counts: Counter[str] = field(default_factory=Counter)
    warnings: tuple[str, ...] = ()


def decode(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """Decode bytes, returning (text, encoding, warnings). Raises :class:`InputError`."""
    if not data.strip():
        raise InputError(f"{name}: the file is empty")
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, []
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {enc} text at byte {exc.start}") from None
    if b"\x00" in data:
        raise InputError(f"{name}: binary data (NUL bytes), not a text file")
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in {"ascii", "utf_8"}:  # charset-normalizer's guess cannot be right here
        encoding = "cp1252"
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text, encoding = data.decode("latin-1"), "latin-1"
    return text, encoding, [f"{name}: not UTF-8; decoded as {encoding}"]


def clean_characters(text: str, counts: Counter[str]) -> str:
    """Normalise line ends and invisible characters, counting each change.

    >>> clean_characters("a\\r\\nb\\x0cc\\u200bd", Counter())
    'a\\nb\\n\\n\\n\\ncd'
    """
    if "\r" in text:
        counts["crlf_or_cr_line_ends"] += text.count("\r")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        counts["form_feed_page_breaks"] += text.count("\f")
        text = text.replace("\f", "\n" * (FORM_FEED_BLANK_LINES + 1))
    out: list[str] = []
    for ch in text:
        if ch in SPACE_LIKE:
            counts["space_like_characters"] += 1
            out.append(SPACE_LIKE[ch])
        elif ch in INVISIBLE:
            counts["invisible_characters_removed"] += 1
        elif ch != "\n" and unicodedata.category(ch) in {"Cc", "Cs", "Co"}:
            counts["control_characters_removed"] += 1
        else:
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def read_source(path: Path, name: str | None = None) -> SourceText:
    """Read one source file into numbered lines."""
    name = name or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror}") from None
    text, encoding, warnings = decode(data, name)
    junk = sum(1 for ch in text if ch == "\ufffd" or (ord(ch) < 32 and ch not in "\n\r\t\f"))
    if junk > max(3, MAX_JUNK_SHARE * len(text)):
        raise InputError(f"{name}: looks like binary data, not text ({junk} control characters)")
    counts: Counter[str] = Counter()
    text = clean_characters(text, counts)
    if not text.strip():
        raise InputError(f"{name}: the file has no visible text")
    return SourceText(name, tuple(text.split("\n")), encoding, counts, tuple(warnings))
