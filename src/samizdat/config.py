"""Typed, frozen configuration. Every default lives here; unknown keys and wrong types are errors.

A book is a folder of ``.txt`` texts with an optional ``book.toml``::

    title = "Readings on the Party"
    language = "en"
    [[texts]]
    file = "000_essay.txt"
    title = "In Defense of the Leninist Party"
    author = "Taimur Rahman"

Without ``book.toml`` every ``.txt`` in the folder becomes a text, in name order.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError, InputError

#: Paper presets for the print PDF: (width, height) in millimetres.
PAPER_SIZES: dict[str, tuple[float, float]] = {
    "a5": (148, 210),
    "a4": (210, 297),
    "letter": (215.9, 279.4),
    "6x9": (152.4, 228.6),
}
DEFAULT_PAPER = "a5"
#: Reproducible builds: the fallback timestamp when neither SOURCE_DATE_EPOCH nor book.toml date is set.
DEFAULT_DATE = "2026-01-01"


@dataclass(frozen=True)
class TextConfig:
    file: str
    id: str = ""
    title: str = ""
    author: str = ""
    source: str = ""
    date: str = ""
    language: str = ""  # BCP 47 ("de", "en-GB"); overrides the declared or detected language
    short_title: str = ""  # the print running head (default: the title up to its first colon)


@dataclass(frozen=True)
class AccessibilityConfig:
    """``[accessibility]``: an evaluation someone made of the EPUB (EPUB Accessibility 1.1,
    WCAG 2.1 AA). Only with it does the EPUB claim conformance (``dcterms:conformsTo``)."""

    certified_by: str
    evaluated: str  # W3CDTF date: 2026, 2026-11 or 2026-11-22
    credential: str = ""


@dataclass(frozen=True)
class BookConfig:
    #: Empty: the text's own title in a book of one text (:func:`book_title`), else
    #: :data:`DEFAULT_TITLE`.
    title: str = ""
    subtitle: str = ""
    editor: str = ""
    publisher: str = "samizdat"
    language: str = ""  # BCP 47; empty: the language most texts are in (else "en")
    identifier: str = ""
    date: str = ""
    rights: str = ""
    slug: str = ""
    #: Print hyphenation exceptions, TeX style: "bu-reau-cra-cy Trotsky" (no break in Trotsky).
    hyphenation: str = ""
    #: The house style of a dash between words (``typography.DASH_STYLES``): "em" (closed em
    #: dashes, the default), "spaced-em" or "spaced-en"; English texts only.
    dashes: str = "em"
    texts: tuple[TextConfig, ...] = ()
    accessibility: AccessibilityConfig | None = None


@dataclass(frozen=True)
class BuildOptions:
    """What the command line chose; defaults are the CLI's defaults."""

    paper: str = DEFAULT_PAPER
    strict: bool = False
    para_numbers: bool = False
    #: A wide outer margin for readers' handwritten notes.
    notes_margin: bool = False
    #: 3 mm bleed and crop marks for a print shop.
    bleed: bool = False
    #: A tagged PDF (WeasyPrint's PDF/UA-1 variant).
    tagged: bool = False
    #: Also write ``<slug>-booklet.pdf``: A5 pages two-up on A4, folded in signatures.
    booklet: bool = False
    #: Sheets in each signature of the booklet (0: one signature, saddle-stitched).
    signature_sheets: int = 4
    #: Creep in millimetres per sheet: a signature's inner pages move towards the fold.
    creep: float = 0.0
    #: Texts (file names or ids) to print and publish; empty means all.
    only: tuple[str, ...] = ()
    #: Leave out sources that cannot be read as text, with a warning, instead of failing.
    skip_bad: bool = False
    #: Processes that lay out PDF parts (None: one per core).
    workers: int | None = None
    #: Reuse work from ``<out>/.cache`` (and skip a build whose inputs did not change).
    cache: bool = True


def _check_table(table: dict[str, Any], cls: type, where: str) -> dict[str, Any]:
    allowed = {f.name: f for f in fields(cls)}
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in allowed:
            raise ConfigError(f"{where}: unknown key '{key}' (allowed: {', '.join(allowed)})")
        if key in ("texts", "accessibility"):
            continue
        if not isinstance(value, str):
            raise ConfigError(f"{where}: key '{key}' must be a string, not {type(value).__name__}")
        out[key] = value
    return out


def slugify(text: str, whole_words: bool = False) -> str:
    """``"A Letter, to a Comrade!"`` → ``"a-letter-to-a-comrade"``, at most 60 characters
    (``whole_words``: cut after a whole word, not inside one)."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    cut = slug[:60].strip("-")
    if whole_words and len(slug) > len(cut) and slug[len(cut)] != "-" and "-" in cut:
        cut = cut.rsplit("-", 1)[0]
    return cut or "book"


#: Largest config file read (a book.toml of a thousand texts is well under 1 MiB).
MAX_CONFIG_BYTES = 1 << 20


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's table; a folder, FIFO, device, huge or invalid file is a ConfigError."""
    from .ingest.reader import read_bytes

    try:
        data = read_bytes(path, str(path), kind="config file", limit=MAX_CONFIG_BYTES)
        return tomllib.loads(data.decode("utf-8"))
    except InputError as exc:
        raise ConfigError(str(exc)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def load_book_config(path: Path | None) -> BookConfig:
    """Read ``book.toml``; a missing file gives the defaults."""
    if path is None or not (path.exists() or path.is_symlink()):
        return BookConfig()
    data = read_toml(path)
    top = _check_table(data, BookConfig, str(path))
    raw_texts = data.get("texts", [])
    if not isinstance(raw_texts, list) or not all(isinstance(t, dict) for t in raw_texts):
        raise ConfigError(f"{path}: 'texts' must be an array of tables ([[texts]])")
    texts = []
    for i, raw in enumerate(raw_texts, 1):
        entry = _check_table(raw, TextConfig, f"{path}: texts[{i}]")
        if "file" not in entry:
            raise ConfigError(f"{path}: texts[{i}] needs a 'file' key")
        _check_language(entry, f"{path}: texts[{i}]")
        texts.append(TextConfig(**entry))
    _check_unique(path, texts)
    _check_language(top, str(path))
    _check_dashes(top, path)
    return BookConfig(**top, texts=tuple(texts), accessibility=_accessibility(path, data))


#: A BCP 47 language tag: a primary language subtag, then optional subtags ("de", "en-GB").
LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def _check_language(entry: dict[str, Any], where: str) -> None:
    value = entry.get("language", "")
    if value and not LANGUAGE_TAG.fullmatch(value):
        raise ConfigError(
            f'{where}: \'language\' must be a BCP 47 tag like "de" or "en-GB", not {value!r}'
        )


def _check_dashes(entry: dict[str, Any], path: Path) -> None:
    from .normalise.typography import DASH_STYLES

    value = entry.get("dashes", "em")
    if value not in DASH_STYLES:
        raise ConfigError(
            f"{path}:{_key_line(path, 'dashes')}: 'dashes' must be one of "
            f"{', '.join(DASH_STYLES)}, not {value!r}"
        )


def _key_line(path: Path, key: str) -> int:
    """The line of ``path`` where a top-level ``key`` is set (1 when it cannot be found)."""
    text = path.read_bytes().decode("utf-8", "replace")
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return 1


def _accessibility(path: Path, data: dict[str, Any]) -> AccessibilityConfig | None:
    raw = data.get("accessibility")
    if raw is None:
        return None
    where = f"{path}: [accessibility]"
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} must be a table")
    entry = _check_table(raw, AccessibilityConfig, where)
    for key in ("certified_by", "evaluated"):
        if not entry.get(key, "").strip():
            raise ConfigError(f"{where} needs '{key}' (who evaluated the book, and when)")
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", entry["evaluated"]):
        raise ConfigError(f"{where}: 'evaluated' must be a date like 2026-11-22")
    return AccessibilityConfig(**entry)


def _check_unique(path: Path, texts: list[TextConfig]) -> None:
    seen_files: set[str] = set()
    seen_ids: set[str] = set()
    for t in texts:
        if t.file in seen_files:
            raise ConfigError(f"{path}: file '{t.file}' is listed twice in [[texts]]")
        seen_files.add(t.file)
        if t.id:
            if t.id in seen_ids:
                raise ConfigError(f"{path}: id '{t.id}' is used twice in [[texts]]")
            if not re.fullmatch(r"[a-z][a-z0-9-]*", t.id):
                raise ConfigError(f"{path}: id '{t.id}' must be lowercase letters, digits, '-'")
            seen_ids.add(t.id)


#: The files a book folder's texts are found in when book.toml lists none: plain texts and
#: subtitle files (SubRip, WebVTT: read as what was said, see :mod:`.subtitles`).
TEXT_SUFFIXES = (".txt", ".srt", ".vtt")


def resolve_texts(config: BookConfig, folder: Path) -> BookConfig:
    """Fill in the text list (every ``.txt``, ``.srt`` or ``.vtt`` by name when none is given)
    and keep it in the folder.

    Whether each file exists and is a regular file is :func:`check_text_file`'s question, asked
    per text so that ``--skip-bad`` can leave one out.
    """
    texts = config.texts or tuple(
        TextConfig(file=p.name)
        for p in sorted(folder.iterdir())
        if p.suffix.lower() in TEXT_SUFFIXES and p.is_file()
    )
    if not texts:
        raise ConfigError(
            f"{folder}: no .txt, .srt or .vtt texts found and no [[texts]] in book.toml"
        )
    root = folder.resolve()
    for t in texts:
        try:
            target = (folder / t.file).resolve()
        except (OSError, RuntimeError, ValueError) as exc:  # symlink loop, NUL, name too long
            raise ConfigError(f"book.toml: file {t.file!r} cannot be used: {exc}") from None
        if root not in target.parents:
            raise ConfigError(f"book.toml: file '{t.file}' is outside the book folder {folder}")
    ident = (
        config.identifier
        or "urn:samizdat:"
        + hashlib.sha256(
            "\n".join(t.file for t in texts).encode("utf-8", "surrogateescape")
        ).hexdigest()[:16]
    )
    slug = config.slug or (slugify(config.title) if config.title else "")
    return replace(config, texts=texts, identifier=ident, slug=slug)


#: The title of a book of several texts that book.toml does not name.
DEFAULT_TITLE = "Untitled Reader"


def book_title(config: BookConfig, titles: list[tuple[str, bool]]) -> str:
    """book.toml's title; else, in a book of one text, that text's title if the source gives it
    (``titles``: each text's title and whether it is the editor's); else :data:`DEFAULT_TITLE`.

    >>> book_title(BookConfig(), [("Don Quijote", False)])
    'Don Quijote'
    >>> book_title(BookConfig(), [("Don Quijote", False), ("Nature", False)])
    'Untitled Reader'
    >>> book_title(BookConfig(title="A Reader"), [("Nature", False)])
    'A Reader'
    """
    if config.title:
        return config.title
    if len(titles) == 1 and titles[0][0] and not titles[0][1]:
        return titles[0][0]
    return DEFAULT_TITLE


def book_slug(config: BookConfig, title: str) -> str:
    """The output files' name: book.toml's slug, else the book title's (:func:`book_title`),
    cut after a whole word.

    >>> book_slug(BookConfig(), "A Practical Treatise on the Prevention and Cure of the Disease")
    'a-practical-treatise-on-the-prevention-and-cure-of-the'
    """
    return config.slug or slugify(title, whole_words=True)  # not "…-venere"


def check_text_file(folder: Path, name: str) -> Path:
    """The text's path, if it is a regular file; else :class:`InputError` naming it."""
    path = folder / name
    try:
        if path.is_file():
            return path
        what = "is not a regular file" if path.exists() else "not found"
    except OSError as exc:
        what = f"cannot be read ({exc.strerror})"
    raise InputError(f"{name}: {what} in {folder} (listed in book.toml)")
