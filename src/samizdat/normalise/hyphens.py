"""Which reading of a line-end hyphen the evidence supports: the word joined, or a compound.

The evidence, strongest first:

1. the text's own vocabulary (the whole corpus of the book): a word seen unbroken elsewhere,
   joined (``organization``) or hyphenated (``non-proletarian``), or a first part the text
   hyphenates in other words (``counter-revolution``, so ``counter-`` ``revolutionaries``);
2. a frequency list of the text's language (``wordfreq``, dozens of languages): the joined word
   is a word people write (``socialism``, zipf 3.9; ``thorough``, not ``tho-rough``);
3. only when both are silent, a list of prefixes that make compounds (``non``, ``anti``…).

A capital after the hyphen (``anti-Semitic``, ``Marx-Engels``) keeps it.

>>> ev = Evidence("x", vocabulary=frozenset({"non-proletarian"}))
>>> hyphen_decision("non", "proletarian", ev), hyphen_decision("so", "cialism", ev)
('kept', 'joined')
>>> hyphen_decision("ex", "ample", ev), hyphen_decision("tho", "rough", ev)
('joined', 'joined')
>>> ev = Evidence("x", vocabulary=frozenset({"counter-revolution"}))
>>> hyphen_decision("counter", "revolutionaries", ev), hyphen_decision("well", "known", ev)
('kept', 'kept')
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from .chunks import Evidence

#: Prefixes that make real compounds: consulted only when vocabulary and frequencies are silent.
COMPOUND_PREFIXES = frozenset(
    [
        "non",
        "self",
        "pan",
        "half",
        "anti",
        "counter",
        "semi",
        "quasi",
        "co",
        "neo",
        "post",
        "pre",
        "ex",
        "well",
        "multi",
        "inter",
        "ultra",
        "cross",
        "all",
        "vice",
        "mid",
    ]
)
#: A joined word at least this frequent (zipf scale: 3 is once per million words) is a word.
MIN_ZIPF = 2.0


@functools.cache
def _zipf() -> Callable[[str, str], float] | None:
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - a dependency
        return None
    return zipf_frequency


@functools.lru_cache(maxsize=4)
def hyphen_heads(vocabulary: frozenset[str]) -> frozenset[str]:
    """First parts the text writes hyphenated, unbroken by a line end (``counter`` of
    ``counter-revolution``)."""
    return frozenset(w.split("-", 1)[0] for w in vocabulary if "-" in w)


@functools.cache
def frequency(word: str, language: str) -> float:
    """The word's zipf frequency in the language (0 when the language has no list)."""
    zipf = _zipf()
    if zipf is None:
        return 0.0
    try:
        return zipf(word, language)
    except (LookupError, ValueError):
        return 0.0


def _is_word(word: str, ev: Evidence) -> bool:
    """Is ``word`` a word of the text, of the dictionary or of the language's frequency list?"""
    return (
        word in ev.vocabulary or word in ev.dictionary or frequency(word, ev.language) >= MIN_ZIPF
    )


def hyphen_decision(head: str, tail: str, ev: Evidence) -> str:
    """``joined``, ``kept``, ``doubtful-kept`` (two words, no evidence) or ``doubtful``; a
    capital after the hyphen keeps it (``anti-Semitic``), except in a line of capitals.

    >>> from .chunks import Evidence
    >>> ev = Evidence("x", dictionary=frozenset({"function"}))
    >>> hyphen_decision("FUNC", "TION", ev), hyphen_decision("anti", "Semitic", ev)
    ('joined', 'kept')
    """
    joined, hyphenated = (head + tail).lower(), f"{head}-{tail}".lower()
    vocab, lang = ev.vocabulary, ev.language
    capitals = head.isupper() and tail.isupper()  # a line in capitals: case is no evidence
    if (tail[:1].isupper() and not capitals) or hyphenated in vocab:
        return "kept"
    if joined in vocab:
        return "joined"
    if head.lower() in hyphen_heads(vocab) and _is_word(tail.lower(), ev):
        # the text writes counter-revolution, so counter- + revolutionaries keeps its hyphen
        # too; but to- + gether is "together" in a text that writes "to-morrow"
        return "kept"
    # (a list's figure for the hyphenated form is no evidence: it is made from its halves,
    # and "tho-rough" scores above "thorough" because "tho" is a spelling of "though")
    if lang.startswith("en") and joined in ev.dictionary:
        return "joined"  # (before the frequency list, which is slower to load: same answer)
    if frequency(joined, lang) >= MIN_ZIPF:
        return "joined"
    if head.lower() in COMPOUND_PREFIXES:
        return "kept"
    if (
        len(head) > 2
        and len(tail) > 2
        and all(
            w in vocab or w in ev.dictionary or frequency(w, lang) >= MIN_ZIPF
            for w in (head.lower(), tail.lower())
        )
    ):
        return "doubtful-kept"
    return "doubtful"
