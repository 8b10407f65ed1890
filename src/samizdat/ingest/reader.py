"""Bytes → text → numbered lines: encodings, BOMs, line ends, form feeds and control characters.

Every decision is counted so the build report can show it; nothing is dropped silently.
Decoding lives in :mod:`.encoding`; this module reads the file and cleans the characters.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .encoding import byte_as_cp1252, count, decode

__all__ = ["SourceText", "clean_characters", "decode", "read_source"]

#: A form feed is a page break in pdftotext output; we turn it into this many blank lines,
#: which is how page breaks look in the PDF extracts we receive.
FORM_FEED_BLANK_LINES = 3
#: Characters that are whitespace in disguise.
SPACE_LIKE = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " "}
#: Hyphens in disguise: the Unicode hyphen and non-breaking hyphen PDF extracts carry (poppler
#: writes U+2010 for a typesetter's hyphen), read as the hyphen every later step knows.
HYPHEN_LIKE = "\u2010\u2011"
#: Invisible characters removed from text: zero-width, soft hyphen (but see below), BOM inside
#: text, bidi marks, and bidi embeddings, overrides and isolates — an unclosed override (U+202E)
#: would show the rest of a paragraph backwards in the book while the words stay in their
#: logical order.
INVISIBLE = {
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u200f",
    "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
}  # fmt: skip
#: A soft hyphen ending a line is where the typesetter broke a word: it stays, so the
#: dehyphenator joins the word's halves (``technolo\xad`` + ``gically``); elsewhere it is invisible.
_INNER_SOFT_HYPHEN = re.compile("\u00ad(?![ \t]*(?:\n|$))")
#: Line breaks other than LF: vertical tab (Word's manual line break in text exports), line
#: separator. Removing them would glue the words on either side together.
LINE_BREAKS = "\x0b\u2028"
#: A paragraph separator ends a paragraph: a blank line.
PARAGRAPH_BREAK = "\u2029"
#: C1 controls in decoded text are Windows-1252 punctuation that went through Latin-1 on its
#: way here (U+0093 U+0094 were “ ”); reading them as cp1252 restores the quotes and dashes.
#: (Its five unassigned bytes, U+0081 U+008D U+008F U+0090 U+009D, stay controls: removed.)
C1 = re.compile("[\x80\x82-\x8c\x8e\x91-\x9c\x9e\x9f]")
#: Bullets of symbol fonts that a PDF extract leaves in the private-use area (Symbol's U+F0B7,
#: Wingdings' square U+F0A7): they are bullets, not noise, and become the bullets they show.
PRIVATE_BULLETS = {"\uf0b7": "•", "\uf0a7": "▪"}
#: Control, surrogate and private-use characters left after the above: removed and counted.
CONTROL = re.compile("[\x00-\x08\x0c-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]")
#: A file whose text has more than this share of replacement or control characters is not text.
MAX_JUNK_SHARE = 0.01
_JUNK = re.compile("[\ufffd\x00-\x08\x0e-\x1f]")
#: Bigger than any book: 64 MiB of text is some 10 million words. Refusing it up front keeps a
#: wrongly named disk image or log from using gigabytes of memory.
MAX_SOURCE_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    """A decoded source: its name (as given in book.toml), lines and what ingest did."""

    name: str
    lines: tuple[str, ...]
    encoding: str
    counts: Counter[str] = field(default_factory=Counter)
    warnings: tuple[str, ...] = ()
    page_starts: tuple[int, ...] = ()  # 0-based first line of each page after a form feed


def _sub(
    pattern: str | re.Pattern[str], repl: str, text: str, counts: Counter[str], key: str
) -> str:
    text, n = re.subn(pattern, repl, text)
    if n:
        counts[key] += n
    return text


def page_starts(text: str) -> tuple[int, ...]:
    """The 0-based line on which each page after a form feed starts, once each form feed has
    become :data:`FORM_FEED_BLANK_LINES` + 1 line ends (``text`` has LF line ends).

    >>> page_starts("a\\fb\\n\\fc")
    (4, 9)
    """
    out, lines, pos = [], 0, 0
    for k, m in enumerate(re.finditer("\f", text)):
        lines += text.count("\n", pos, m.start())
        pos = m.end()
        out.append(lines + (FORM_FEED_BLANK_LINES + 1) * (k + 1))
    return tuple(out)


#: Signs of mojibake: UTF-8 bytes read as Latin-1/Windows-1252 leave these pairs behind.
MOJIBAKE = re.compile(
    "[ÂÃâ][\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u20ac\u2122\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u02c6\u02dc]"
)


def repair_mojibake(text: str, counts: Counter[str]) -> str:
    """Text that went through a wrong decoding on its way here (``â€™`` for ``’``) repaired by
    ftfy, which only undoes encoding mistakes it can prove; the characters changed are counted."""
    if not MOJIBAKE.search(text):
        return text
    import ftfy

    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        counts["mojibake_characters_repaired"] += len(text) - len(fixed) or 1
    return fixed


def clean_characters(text: str, counts: Counter[str], pages: list[int] | None = None) -> str:
    """Normalise line ends and invisible characters, counting each change.

    >>> clean_characters("a\\r\\nb\\x0cc\\u200bd", Counter())
    'a\\nb\\n\\n\\n\\ncd'
    >>> clean_characters("don\\x92t\\x0bgo\\x01", Counter())
    'don’t\\ngo'
    >>> clean_characters("itâ€™s a cafÃ©", Counter())  # UTF-8 read as Windows-1252 once
    'it’s a café'
    """
    text = _sub("\r\n?", "\n", text, counts, "crlf_or_cr_line_ends")
    text = repair_mojibake(text, counts)
    text = _sub(f"[{LINE_BREAKS}]", "\n", text, counts, "line_separators")
    text = _sub(PARAGRAPH_BREAK, "\n\n", text, counts, "paragraph_separators")
    if pages is not None:
        pages.extend(page_starts(text))
    text = _sub("\f", "\n" * (FORM_FEED_BLANK_LINES + 1), text, counts, "form_feed_page_breaks")
    text = _sub(f"[{''.join(SPACE_LIKE)}]", " ", text, counts, "space_like_characters")
    text = _sub(f"[{HYPHEN_LIKE}]", "-", text, counts, "hyphen_like_characters")
    invisible = "".join(sorted(INVISIBLE - {"\u00ad"}))
    text = _sub(f"[{invisible}]", "", text, counts, "invisible_characters_removed")
    text = _sub(_INNER_SOFT_HYPHEN, "", text, counts, "invisible_characters_removed")
    if "\u00ad" in text:
        counts["line_end_soft_hyphens_kept"] += text.count("\u00ad")
    text, n = C1.subn(lambda m: byte_as_cp1252(ord(m.group())), text)
    if n:
        counts["c1_controls_read_as_cp1252"] += n
    if bullets := sum(text.count(ch) for ch in PRIVATE_BULLETS):
        text = text.translate(str.maketrans(PRIVATE_BULLETS))
        counts["symbol_font_bullets"] += bullets
    text = _sub(CONTROL, "", text, counts, "control_characters_removed")
    if not unicodedata.is_normalized("NFC", text):
        composed = unicodedata.normalize("NFC", text)
        counts["characters_composed_nfc"] += max(1, len(text) - len(composed))
        text = composed
    return text


def read_bytes(path: Path, name: str, *, kind: str = "text", limit: int | None = None) -> bytes:
    """The file's bytes; anything but a readable regular file of sane size is an InputError.

    Usable for any file samizdat reads (``kind="config file"``): a folder, a FIFO (which would
    block), a device such as /dev/zero (which never ends) or a huge file is refused by name.
    """
    limit = MAX_SOURCE_BYTES if limit is None else limit
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
            raise InputError(f"{name}: {what}, not a {kind} file")
        if info.st_size > limit:
            raise InputError(
                f"{name}: {_mib(info.st_size)} is too large for a {kind} (limit {_mib(limit)})"
            )
        with path.open("rb") as f:
            data = f.read(limit + 1)
    except OSError as exc:
        reason = exc.strerror or os.strerror(exc.errno or 0) or type(exc).__name__
        raise InputError(f"{name}: cannot read: {reason}") from None
    if len(data) > limit:  # it grew while we read it
        raise InputError(f"{name}: too large for a {kind} (limit {_mib(limit)})")
    return data


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


def readable_name(name: str) -> str:
    """A file name as it can be printed: bytes that are not UTF-8 shown as ``\\xe9``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def read_source(path: Path, name: str | None = None) -> SourceText:
    """Read one source file into numbered lines."""
    name = name or path.name
    if readable_name(name) != name:  # the name cannot be written to the manuscript or report
        raise InputError(f"{readable_name(name)}: the file name is not UTF-8; rename the file")
    decoded = decode(read_bytes(path, name), name)
    text = decoded.text
    junk = count(_JUNK, text)
    if junk > max(3, MAX_JUNK_SHARE * len(text)):
        raise InputError(f"{name}: looks like binary data, not text ({junk} control characters)")
    counts: Counter[str] = Counter()
    pages: list[int] = []
    text = clean_characters(text, counts, pages)
    if not text.strip():
        if not decoded.text.strip():
            raise InputError(f"{name}: the file is empty (only whitespace)")
        raise InputError(f"{name}: the file has no visible text (only invisible characters)")
    lines = tuple(text.split("\n"))
    return SourceText(name, lines, decoded.encoding, counts, decoded.warnings, tuple(pages))
