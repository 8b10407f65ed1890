"""Bytes → text: refuse what is not text, find the encoding, say so when it was not UTF-8.

The order of the checks is the order of certainty::

    b"%PDF-1.7 ..."             → InputError "a PDF document, not plain text"
    b"\\xef\\xbb\\xbfcaf\\xc3\\xa9"     → "café" (utf-8-sig)
    b"c\\x00a\\x00f\\x00\\xe9\\x00"     → "café" (UTF-16 LE without a BOM, with a warning)
    b"caf\\xc3\\xa9 \\x93q\\x94"       → "café “q”" (UTF-8 with two stray Windows-1252 bytes, warned)
    b"caf\\xe9 \\x93q\\x94"           → "café “q”" (Windows-1252, detected and warned)

A mostly-UTF-8 file with a few stray 8-bit bytes (a web copy pasted into a UTF-8 file) keeps its
UTF-8 and reads only the stray bytes as Windows-1252; decoding the whole file as an 8-bit encoding
would turn every "é" into "Ã©".
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from ..errors import InputError

#: File signatures of formats people rename to .txt, with what to say about them.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document, not plain text (extract its text first, e.g. with pdftotext)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image, not plain text"),
    (b"\xff\xd8\xff", "a JPEG image, not plain text"),
    (b"GIF87a", "a GIF image, not plain text"),
    (b"GIF89a", "a GIF image, not plain text"),
    (b"PK\x03\x04", "a ZIP archive (or .docx/.odt/.epub), not plain text"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a Microsoft Office document, not plain text"),
    (b"{\\rtf", "an RTF document, not plain text (save it as plain text first)"),
    (b"%!PS", "a PostScript document, not plain text"),
    (b"\x1f\x8b", "a gzip archive, not plain text"),
    (b"\x7fELF", "an executable, not plain text"),
)
#: Byte-order marks, longest first: a UTF-32 LE BOM begins with the UTF-16 LE one.
BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 LE"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 BE"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 BE"),
)
#: UTF-16 without a BOM: at least this share of the high (or low) bytes are NUL — true of any
#: text written mostly in a Latin script, false of binary data, which has NULs everywhere.
UTF16_NUL_SHARE = 0.5
#: Bytes that are not UTF-8 decode (with surrogateescape) to U+DC80..U+DCFF.
_ESCAPED = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f\udc80-\udcff]")
#: Letters of the Western European languages Windows-1252 was made for.
LATIN_LETTERS = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
)
#: In those languages most letters are plain ASCII (French, German, Spanish: over 90 %).
WESTERN_ACCENTED_SHARE = 0.3
_NOT_LATIN_LETTER = re.compile(f"[^{LATIN_LETTERS}]+")
_ASCII_LETTERS = re.compile("[A-Za-z]+")
#: Punctuation that does sit between letters: quotes and apostrophes ("café’s"), dashes
#: ("señor—déjà"), ellipsis, Catalan's middle dot, bullet, no-break space, soft hyphen.
IN_WORD_PUNCTUATION = (
    "\u2018\u2019\u201a\u201c\u201d\u201e\u2013\u2014\u2026\u00b7\u2022\u00a0\u00ad"
)
#: cp1252's other non-letters (³ ¹ ¿ ¥ £ ¯ …): inside a word they are the letters of another
#: 8-bit encoding ("Za¿ó³æ" is Polish "Zażółć" read as cp1252).
_CP1252_SYMBOLS = "".join(
    ch
    for ch in bytes(range(0x80, 0x100)).decode("cp1252", "ignore")
    if not re.match(f"[{LATIN_LETTERS}]", ch) and ch not in IN_WORD_PUNCTUATION
)
_SYMBOL_IN_WORD = re.compile(f"[{LATIN_LETTERS}][{re.escape(_CP1252_SYMBOLS)}]+[{LATIN_LETTERS}]")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def count(pattern: re.Pattern[str], text: str) -> int:
    """Matches of ``pattern`` in ``text``, without a list of them (a text may be megabytes)."""
    return sum(1 for _ in pattern.finditer(text))


def byte_as_cp1252(byte: int) -> str:
    """One byte read as Windows-1252; its five unassigned bytes become C1 controls (as Latin-1)."""
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)


def refuse_non_text(data: bytes, name: str) -> None:
    """Raise :class:`InputError` for an empty file or a known binary format."""
    if not data:
        raise InputError(f"{name}: the file is empty")
    if not data.strip():
        raise InputError(f"{name}: the file is empty (only whitespace)")
    for magic, what in SIGNATURES:
        if data.startswith(magic):
            raise InputError(f"{name}: {what}")


def _from_bom(data: bytes, name: str) -> Decoded | None:
    for bom, codec, label in BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(codec), label)
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: invalid {label} text at byte {exc.start}") from None
    return None


def _utf16_without_bom(data: bytes, name: str) -> Decoded | None:
    if len(data) < 4 or len(data) % 2:
        return None
    low, high = data[0::2], data[1::2]
    for codec, label, zeros, other in (
        ("utf-16-le", "UTF-16 LE", high, low),
        ("utf-16-be", "UTF-16 BE", low, high),
    ):
        if zeros.count(0) >= UTF16_NUL_SHARE * len(zeros) and other.count(0) < zeros.count(0) / 8:
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                return None
            return Decoded(text, label, (f"{name}: no byte-order mark; decoded as {label}",))
    return None


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _mixed_utf8(text: str, name: str, stray: int) -> Decoded:
    first = _ESCAPED.search(text)
    line = _line_of(text, first.start()) if first else 0
    fixed = _ESCAPED.sub(lambda m: byte_as_cp1252(ord(m.group()) - 0xDC00), text)
    return Decoded(
        fixed,
        "utf-8",
        (
            f"{name}: {stray} byte(s) are not UTF-8 (first on line {line}); "
            "read them as Windows-1252 (cp1252)",
        ),
    )


def looks_western(text: str) -> bool:
    """Is this plausibly a Western European text (as Windows-1252 would decode it)?

    Two tells of the wrong 8-bit encoding: most letters outside ASCII (Cyrillic, Greek, Hebrew
    read as cp1252: "Ïðîëåòàðèè"), or a symbol inside a word (Polish read as cp1252: "Za¿ó³æ").
    """
    letters = _NOT_LATIN_LETTER.sub("", text)
    accented = len(_ASCII_LETTERS.sub("", letters))
    if accented > WESTERN_ACCENTED_SHARE * len(letters):
        return False
    return _SYMBOL_IN_WORD.search(text) is None


def guess_8bit_encoding(data: bytes) -> str:
    """Windows-1252 when it reads as a Western text, else what charset-normalizer finds.

    Windows-1252 is by far the most common 8-bit encoding of the texts we receive, and a
    detector cannot tell it from cp1250 or cp1257 in a short text: it then names the first
    ("naïve" read as cp1250 is "naďve", as cp1257 "naļve").
    """
    try:
        if looks_western(data.decode("cp1252")):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        return "cp1252"
    least = min(m.chaos for m in matches)
    calm = [m for m in matches if m.chaos == least]
    if any("cp1252" in m.could_be_from_charset for m in calm):
        return "cp1252"
    best = calm[0].encoding
    return "cp1252" if best in {"ascii", "utf_8"} else best


def _eight_bit(data: bytes, name: str) -> Decoded:
    encoding = guess_8bit_encoding(data)
    try:
        text = data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        text, encoding = data.decode("latin-1"), "latin-1"
    label = "Windows-1252 (cp1252)" if encoding == "cp1252" else encoding
    return Decoded(text, encoding, (f"{name}: not UTF-8; decoded as {label}",))


def decode(data: bytes, name: str) -> Decoded:
    """Decode a source's bytes. Raises :class:`InputError` for what is not text.

    >>> decode(b"caf\\xc3\\xa9", "a.txt")
    Decoded(text='café', encoding='utf-8', warnings=())
    >>> decode(b"caf\\xe9 \\x93q\\x94", "b.txt").text
    'café “q”'
    >>> decode(b"%PDF-1.7", "c.txt")
    Traceback (most recent call last):
    samizdat.errors.InputError: c.txt: a PDF document, not plain text (extract its text first, e.g. with pdftotext)
    """
    refuse_non_text(data, name)
    found = _from_bom(data, name) or _utf16_without_bom(data, name)
    if found is not None:
        return found
    if b"\x00" in data:
        raise InputError(f"{name}: binary data (NUL bytes), not a text file")
    text = data.decode("utf-8", "surrogateescape")
    stray = count(_ESCAPED, text)
    if not stray:
        return Decoded(text, "utf-8")
    if count(_NON_ASCII, text) > stray:
        return _mixed_utf8(text, name, stray)
    return _eight_bit(data, name)
