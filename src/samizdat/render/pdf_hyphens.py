"""Hyphenation of the print edition: which patterns, which words, where a word may break.

WeasyPrint breaks a word when the next word does not fit and the line would otherwise keep
more than ``hyphenate-limit-zone`` of blank (``print.css``), at the break points pyphen gives.
:func:`install` puts :class:`Hyphenator` in pyphen's place inside WeasyPrint's line breaker:

- American patterns for English unless the text says ``en-GB`` (pyphen's ``en`` is British:
  ``bur-eau-cracy``, ``comprom-ises``);
- the book's exceptions (``hyphenation`` in book.toml, TeX style: ``bu-reau-cra-cy`` gives the
  only break points of that word, ``Trotsky`` none), carried in each print document's
  ``<meta name="samizdat-hyphenation">`` so that a worker process reads them from the document
  it lays out, and a cache key (the document) holds them;
- no break in a capitalised word (a name, a sentence's first word) or one in capitals.

The print HTML (:func:`keep_last_words`) also keeps each paragraph's last word whole, so that
no paragraph ends in a fragment alone (``regard-`` / ``ing.``).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pyphen

#: The meta element that carries a document's hyphenation exceptions.
META_NAME = "samizdat-hyphenation"
_META = re.compile(rf'<meta name="{META_NAME}" content="([^"]*)"')

_exceptions: dict[str, tuple[int, ...]] = {}


def patterns_for(lang: str | None) -> str | None:
    """The pyphen dictionary for a BCP 47 tag: English is American unless British.

    >>> patterns_for("en"), patterns_for("en-GB"), patterns_for("en-US"), patterns_for("de-AT")
    ('en_US', 'en_GB', 'en_US', 'de_AT')
    """
    if not lang:
        return None
    tag = lang.replace("_", "-")
    primary, _, region = tag.partition("-")
    if primary.lower() == "en":
        return "en_GB" if region.upper() == "GB" else "en_US"
    return pyphen.language_fallback(tag.replace("-", "_"))


def parse_exceptions(spec: str) -> dict[str, tuple[int, ...]]:
    """TeX-style exceptions → word (case-folded) → its break points (offsets in the word).

    >>> parse_exceptions("bu-reau-cra-cy Trotsky")
    {'bureaucracy': (2, 6, 9), 'trotsky': ()}
    """
    out: dict[str, tuple[int, ...]] = {}
    for item in spec.split():
        parts = item.split("-")
        points, at = [], 0
        for part in parts[:-1]:
            at += len(part)
            points.append(at)
        out["".join(parts).casefold()] = tuple(points)
    return out


def exceptions_meta(spec: str) -> str:
    """The meta element a print document carries its exceptions in ("" for none)."""
    words = " ".join(spec.split())
    return f'<meta name="{META_NAME}" content="{html.escape(words)}">' if words else ""


def read_exceptions(source: str) -> None:
    """Take the exceptions of the print document ``source`` (before laying it out)."""
    m = _META.search(source, 0, 4096)
    _exceptions.clear()
    if m:
        _exceptions.update(parse_exceptions(html.unescape(m.group(1))))


def breakable(word: str) -> bool:
    """Whether a word may break at all: not capitalised, not in capitals.

    >>> breakable("organisation"), breakable("Trotsky"), breakable("USSR"), breakable("x")
    (True, False, False, True)
    """
    letters = [c for c in word if c.isalpha()]
    return not letters or not letters[0].isupper()


class Hyphenator:
    """pyphen's :class:`~pyphen.Pyphen` as WeasyPrint calls it (``iterate``), with the book's
    exceptions and rules."""

    def __init__(self, lang: str, left: int = 2, right: int = 2, **_: object) -> None:
        self.left, self.right = left, right
        self.dictionary = pyphen.Pyphen(lang=lang, left=left, right=right)

    def positions(self, word: str) -> list[int]:
        if not breakable(word):
            return []
        points = _exceptions.get(word.casefold())
        if points is None:
            return [int(p) for p in self.dictionary.positions(word)]
        return [p for p in points if self.left <= p <= len(word) - self.right]

    def iterate(self, word: str) -> Iterator[tuple[str, str]]:
        """Each way to break ``word`` as (start, end), the longest start first."""
        for p in reversed(self.positions(word)):
            yield word[:p], word[p:]


class _Pyphen:
    """Stands for the pyphen module in WeasyPrint's line breaker."""

    LANGUAGES = pyphen.LANGUAGES

    @staticmethod
    def language_fallback(lang: str) -> str | None:
        return patterns_for(lang)

    Pyphen = Hyphenator


def install(line_break_module: object) -> None:
    """Put :class:`Hyphenator` in pyphen's place in WeasyPrint's line breaker."""
    line_break_module.pyphen = _Pyphen  # type: ignore[attr-defined]


# ---------------------------------------------------------------- the print HTML

_TAGS = re.compile(r"(<[^>]*>)")
_WORD = re.compile(r"[^\W\d_]{5,}")
_ANY_WORD = re.compile(r"[^\W\d_]")


def _wrap_last(tokens: list[str], end: int) -> None:
    """Wrap the last word of letters before token ``end`` (a ``</p>``), back to its ``<p>``."""
    for i in range(end - 1, -1, -1):
        token = tokens[i]
        if token.startswith("<"):
            if token.startswith("<p"):
                return
            continue
        if not _ANY_WORD.search(token):
            continue
        words = list(_WORD.finditer(token))
        last = words[-1] if words else None
        if (
            last is None
            or _ANY_WORD.search(token, last.end())
            or token[last.start() - 1 : last.start()] in ("&", "#")
        ):
            return
        tokens[i] = (
            f'{token[: last.start()]}<span class="whole">{last.group()}</span>{token[last.end() :]}'
        )
        return


def keep_last_words(body: str) -> str:
    """Wrap each paragraph's last word of five letters or more in ``<span class="whole">``
    (set unhyphenated); note calls, punctuation and tags after it are stepped over.

    >>> keep_last_words('<p>the end of organisation.<a href="#fn3" id="fnref3">3</a></p>')
    '<p>the end of <span class="whole">organisation</span>.<a href="#fn3" id="fnref3">3</a></p>'
    """
    tokens = _TAGS.split(body)
    for i, token in enumerate(tokens):
        if token == "</p>":
            _wrap_last(tokens, i)
    return "".join(tokens)
