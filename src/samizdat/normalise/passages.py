"""Passages in another language than their text's: a French reader's English preface and
notes, an English book's paragraph quoted in French. Their typography is their own language's
(“…” in English, «…» with thin spaces in French), not the text's.

Read with ``lingua-language-detector`` in its low-accuracy mode, only in a text that is not in
English (where such passages are the rule: readers, bilingual editions), only for paragraphs
long enough to say, only when lingua is sure, and only when ``wordfreq`` agrees (the words are
more common in that language than in the text's).
"""

from __future__ import annotations

import functools
import re

#: The languages the detector tells apart (lingua's names): those public texts are most often in.
DETECTED = (
    "ENGLISH",
    "GERMAN",
    "FRENCH",
    "SPANISH",
    "ITALIAN",
    "PORTUGUESE",
    "DUTCH",
    "LATIN",
    "RUSSIAN",
    "POLISH",
    "SWEDISH",
    "DANISH",
)
#: A paragraph of fewer letters keeps its text's language (too short to say).
MIN_PASSAGE_LETTERS = 80
#: lingua's confidence in the passage's language, at least.
MIN_CONFIDENCE = 0.95


@functools.cache
def detector():  # type: ignore[no-untyped-def]
    """lingua's detector for :data:`DETECTED`, low-accuracy mode (trigrams), built once."""
    from lingua import Language, LanguageDetectorBuilder

    languages = [getattr(Language, name) for name in DETECTED]
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


@functools.lru_cache(maxsize=4096)
def passage_language(text: str, own: str) -> str:
    """The language of a paragraph of a text in ``own``: another one only when the text is not
    English, the paragraph long enough and lingua sure of it; else ``own``.

    >>> passage_language("This is one of the most popular of the Bohemian folk stories. It "
    ...                  "has been translated into many languages.", "fr")
    'en'
    >>> passage_language("Il y avait une fois un, deux, trois ours: un grand ours, un ours "
    ...                  "de grandeur moyenne, et un petit ours.", "fr")
    'fr'
    >>> passage_language("It has been translated into many languages, as the notes tell.", "fr")
    'fr'
    >>> passage_language("Gonfia di sangue la corrente e impura Portò l’umil Sebeto, e de la "
    ...                  "cruda Novella Tebe flagellò le mura.", "it")
    'it'
    """
    base = own.split("-")[0].lower()
    if base in {"", "en"} or sum(ch.isalpha() for ch in text) < MIN_PASSAGE_LETTERS:
        return own
    values = detector().compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return own
    code = str(values[0].language.iso_code_639_1.name.lower())
    if code == base or not _reads_better(text, code, base):
        return own
    return code


#: A passage's words are this much more common (wordfreq's Zipf scale, on average) in the
#: language lingua names than in its text's, or it is its text's (a terzina lingua's trigrams
#: read as Portuguese is Italian).
MIN_ZIPF_GAIN = 0.5
_WORD = re.compile(r"[^\W\d_]+")


def _reads_better(text: str, code: str, own: str) -> bool:
    """Are the passage's words more common in ``code`` than in ``own`` (wordfreq)?"""
    from wordfreq import available_languages, zipf_frequency

    known = available_languages()
    if code not in known or own not in known:
        return True  # no second opinion to be had: lingua's stands
    words = _WORD.findall(text.casefold())
    mean = lambda lang: sum(zipf_frequency(w, lang) for w in words) / len(words)  # noqa: E731
    return bool(words) and mean(code) >= mean(own) + MIN_ZIPF_GAIN
