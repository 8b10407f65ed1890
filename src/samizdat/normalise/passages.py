"""Passages in another language than their text's: a French reader's English preface and
notes, an English book's paragraph quoted in French. Their typography is their own language's
(“…” in English, «…» with thin spaces in French), not the text's.

Read with ``lingua-language-detector`` in its low-accuracy mode, only in a text that is not in
English (where such passages are the rule: readers, bilingual editions), only for paragraphs
long enough to say, and only when lingua is sure.
"""

from __future__ import annotations

import functools

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
    """
    base = own.split("-")[0].lower()
    if base in {"", "en"} or sum(ch.isalpha() for ch in text) < MIN_PASSAGE_LETTERS:
        return own
    values = detector().compute_language_confidence_values(text)
    if not values or values[0].value < MIN_CONFIDENCE:
        return own
    code = str(values[0].language.iso_code_639_1.name.lower())
    return own if code == base else code
