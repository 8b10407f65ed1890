"""The language of each text: as book.toml, a Project Gutenberg header or YAML front matter
declares it, else detected from a sample of the text with ``lingua-language-detector``.

The detector is built once per process, for the languages of :data:`DETECTED` only, in lingua's
low-accuracy mode (trigrams): its models load in about 0.13 s and a 3,000-character sample is
read in a few milliseconds, so the seeds still normalise in well under a second.

>>> language_code("German"), language_code("en-GB"), language_code("Klingon")
('de', 'en-GB', '')
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass

from .normalise.frontmatter import LANGUAGE_KEYS, read_yaml, yaml_value
from .normalise.gutenberg import licence_start, read_header
from .normalise.passages import DETECTED, detector

#: How much of a text is read, in windows spread over its body.
SAMPLE_CHARS = 3000
WINDOWS = 3
#: Below this many letters a text is too short to say.
MIN_LETTERS = 40
_TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")


@dataclass(frozen=True)
class TextLanguage:
    """A text's language (BCP 47 primary tag, or a full tag as declared) and where it came
    from: ``config``, ``gutenberg-header``, ``front-matter``, ``detected`` or ``unknown``."""

    code: str
    evidence: str


def language_code(value: str) -> str:
    """A BCP 47 tag for a declared language: a tag as given, a language's English name
    ("German") as its ISO 639-1 code; "" when it is neither."""
    value = value.strip()
    if _TAG.match(value) and (len(value) <= 3 or "-" in value):
        return value
    name = value.split(",")[0].split(";")[0].strip().upper()
    from lingua import Language

    lang = next((x for x in Language.all() if x.name == name), None)
    return lang.iso_code_639_1.name.lower() if lang is not None else ""


def declared_language(lines: tuple[str, ...]) -> TextLanguage | None:
    """The language a Project Gutenberg header or YAML front matter declares, if any."""
    header = read_header(lines)
    if header and header.language and (code := language_code(header.language)):
        return TextLanguage(code, "gutenberg-header")
    _, fields = read_yaml(lines)
    value = yaml_value(fields, LANGUAGE_KEYS)
    if value and (code := language_code(value)):
        return TextLanguage(code, "front-matter")
    return None


def text_language(lines: tuple[str, ...], configured: str = "") -> TextLanguage:
    """The text's language: book.toml's, then the declared one, then the detected one."""
    if configured:
        return TextLanguage(configured, "config")
    declared = declared_language(lines)
    if declared is not None:
        return declared
    code = detect(sample(lines))
    return TextLanguage(code, "detected" if code else "unknown")


def sample(lines: tuple[str, ...]) -> str:
    """About :data:`SAMPLE_CHARS` characters of the text's body, in :data:`WINDOWS` windows
    spread over it (a Project Gutenberg header and licence left out)."""
    header = read_header(lines)
    first = header.end if header else 0
    last = (licence_start(lines) or len(lines) + 1) - 1
    body = lines[first:last] or lines
    size = sum(len(x) + 1 for x in body)
    if size <= SAMPLE_CHARS:
        return "\n".join(body)
    step = max(1, len(body) // (WINDOWS + 1))
    parts = []
    for w in range(1, WINDOWS + 1):
        got, n = [], w * step
        while n < len(body) and sum(map(len, got)) < SAMPLE_CHARS // WINDOWS:
            got.append(body[n])
            n += 1
        parts.append("\n".join(got))
    return "\n".join(parts)


def detect(text: str) -> str:
    """The language of ``text`` as a BCP 47 primary tag, or "" when it is too short or unclear."""
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return ""
    found = _detector().detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found is not None else ""


def _detector():  # type: ignore[no-untyped-def]
    return detector()


def book_language(codes: list[str], configured: str = "") -> str:
    """The book's language: book.toml's, else the one most of its texts are in, else English."""
    if configured:
        return configured
    counted = Counter(c for c in codes if c)
    return counted.most_common(1)[0][0] if counted else "en"


#: A phrase is marked as another language's only when lingua (high-accuracy mode, which reads
#: short texts far better than the low-accuracy one) gives that language at least this
#: confidence and the text's own language less than :data:`PHRASE_MAX_OWN`.
PHRASE_CONFIDENCE = 0.6
PHRASE_MAX_OWN = 0.2
#: A phrase of fewer letters is too short to say.
PHRASE_MIN_LETTERS = 5
#: A phrase whose every word is at least this common in the text's language (wordfreq's Zipf
#: scale) is read as that language, whatever lingua says (``entrepreneurs``, ``regime``).
PHRASE_COMMON_ZIPF = 3.3
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def phrase_language(phrase: str, language: str) -> str:
    """The language of a short phrase (an italic one) when it is not the text's ``language``
    and lingua is confident of it; else "". Conservative: short phrases are hard to tell.

    >>> phrase_language("agents provocateurs", "en"), phrase_language("Vorwärts", "en")
    ('fr', 'de')
    >>> phrase_language("precise formulation", "en"), phrase_language("To STIDULPH.", "en")
    ('', '')
    """
    own = language.split("-")[0].lower()
    # a name in capitals (a play's ``To STIDULPH.``) says nothing of the phrase's language
    words = [w for w in _WORD.findall(phrase) if not (w.isupper() and len(w) > 1)]
    phrase = " ".join(words)
    if not own or sum(map(len, words)) < PHRASE_MIN_LETTERS or _all_common(words, own):
        return ""
    values = _phrase_detector().compute_language_confidence_values(phrase)
    if not values:
        return ""
    best = values[0]
    code = best.language.iso_code_639_1.name.lower()
    own_value = next((v.value for v in values if _code(v.language) == own), 0.0)
    if code == own or best.value < PHRASE_CONFIDENCE or own_value >= PHRASE_MAX_OWN:
        return ""
    return code


def _code(language) -> str:  # type: ignore[no-untyped-def]
    return str(language.iso_code_639_1.name.lower())


def _all_common(words: list[str], language: str) -> bool:
    from wordfreq import available_languages, zipf_frequency

    if language not in available_languages():
        return False
    return all(zipf_frequency(w.lower(), language) >= PHRASE_COMMON_ZIPF for w in words)


@functools.cache
def _phrase_detector():  # type: ignore[no-untyped-def]
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in DETECTED]
    return LanguageDetectorBuilder.from_languages(*languages).build()
