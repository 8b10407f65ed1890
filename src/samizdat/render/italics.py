"""What a run of italics is: the title of a work (``<i epub:type="se:name.publication…">``), a
phrase in another language (``<i xml:lang="fr">``) or emphasis (``<em>``), as Standard Ebooks
marks them. Conservative: only where the words around it make a title evident, or lingua is
confident of the language; anything else stays emphasis.

>>> italic_tags("Iskra", "the newspaper ", " has", "en")
('<i epub:type="se:name.publication.newspaper">', '</i>')
>>> italic_tags("agents provocateurs", "spies and ", ", or", "en")
('<i lang="fr" xml:lang="fr">', '</i>')
>>> italic_tags("all", "it should direct ", " aspects", "en")
('<em>', '</em>')
"""

from __future__ import annotations

import re

from ..language import phrase_language

#: The noun before a title that says what kind of work it names (SE's se:name.publication.*).
PUBLICATION_NOUNS = {
    "newspaper": "newspaper",
    "paper": "newspaper",
    "daily": "newspaper",
    "weekly": "newspaper",
    "organ": "newspaper",
    "journal": "journal",
    "magazine": "magazine",
    "review": "magazine",
    "book": "book",
    "novel": "book",
    "pamphlet": "pamphlet",
    "play": "play",
    "poem": "poem",
    "essay": "essay",
    "article": "essay",
}
#: ``the newspaper *Iskra*``, ``his pamphlet, *What Is to Be Done?*``, ``the columns of *X*``.
_NOUN_BEFORE = re.compile(
    r"\b(" + "|".join(PUBLICATION_NOUNS) + r"|columns of(?: the)?|pages of(?: the)?)"
    r",? $",
    re.IGNORECASE,
)
#: A short word after which a capitalised italic run mid-sentence names a work: ``of *Iskra*``,
#: ``in *Vorwärts*``, ``by *Iskra* and *Zarya*`` (never ``the``: ``the *Weltanschauung*``).
_LINK_BEFORE = re.compile(r"(?<![\w’'])(?:in|of|by|to|from|and) $")
#: What follows a title in a citation: ``*Collected Works*, Vol. 5``, ``*Iskra*, No. 53``,
#: ``*Works* (1902)``, ``*Essays*, 1902``.
_CITATION_AFTER = re.compile(
    r"^(?:,\s*(?:vols?\.|pp?\.|nos?\.|ch\.)\s*\d|,\s*\d{4}\b|\s*\(\d{4})", re.I
)
#: Words a title leaves in lowercase.
_MINOR = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "nor",
        "but",
        "of",
        "in",
        "on",
        "at",
        "to",
        "by",
        "for",
        "from",
        "with",
        "as",
        "is",
        "are",
        "be",
        "into",
        "upon",
    ]
)
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def italic_tags(phrase: str, before: str, after: str, language: str) -> tuple[str, str]:
    """The opening and closing tags for an italic ``phrase`` between ``before`` and ``after``
    (the text of its paragraph around it) in a text in ``language`` ("" when unknown)."""
    kind = publication_kind(phrase, before, after)
    lang = phrase_language(phrase, language) if language else ""
    attrs = f' epub:type="{kind}"' if kind else ""
    attrs += f' lang="{lang}" xml:lang="{lang}"' if lang else ""
    return (f"<i{attrs}>", "</i>") if attrs else ("<em>", "</em>")


def publication_kind(phrase: str, before: str, after: str) -> str:
    """``se:name.publication`` (with its kind where a noun says it) when the italic ``phrase``
    evidently names a work: a capitalised run after a publication noun, mid-sentence after
    ``in``/``of``/``by``…, before a citation's volume or page, or a multi-word run in title
    case mid-sentence; else "".

    >>> publication_kind("What Is To Be Done?", "the reader compares ", " and", )
    'se:name.publication'
    >>> publication_kind("Collected Works", "Lenin, ", ", Vol. 5, p. 12")
    'se:name.publication'
    >>> publication_kind("new", "will reveal its ", " views"), publication_kind("Iskra", "", " was")
    ('', '')
    """
    words = _WORDS.findall(phrase)
    if not words or not words[0][:1].isupper() or not any(len(w) > 2 for w in words):
        return ""
    before = re.sub(r"\s+", " ", before[-60:])
    # after a lowercase word or a comma (not after capitals: a title page's lines)
    last = before.split()[-1] if before.strip() and before[-1:].isspace() else ""
    ended = last.rstrip(")]’”\"'")[-1:] in {".", "!", "?", ":"}  # a sentence ended before
    mid_sentence = not ended and (last[:1].islower() or last[-1:] in {",", ";", "–", "—"})
    if noun := _NOUN_BEFORE.search(before):
        kind = PUBLICATION_NOUNS.get(noun.group(1).lower(), "newspaper")
        return f"se:name.publication.{kind}"
    if _CITATION_AFTER.match(after):
        return "se:name.publication"
    if mid_sentence and _LINK_BEFORE.search(before) and _title_case(words):
        return "se:name.publication"
    if mid_sentence and len(words) > 1 and _title_case(words):
        return "se:name.publication"
    return ""


def _title_case(words: list[str]) -> bool:
    """Every word capitalised but the minor ones (``What Is to Be Done``, ``Iskra``)."""
    return all(w[:1].isupper() or w.lower() in _MINOR for w in words) and sum(
        w[:1].isupper() for w in words
    ) >= min(2, len(words))


def mark_titles(html: str, titles: dict[str, str]) -> str:
    """Every ``<em>`` (or foreign ``<i>``) of a text whose content is a work the text evidently
    names elsewhere takes that work's tags.

    >>> mark_titles("the <em>Iskra</em>, <em>new</em>", {"Iskra": '<i epub:type="x">'})
    'the <i epub:type="x">Iskra</i>, <em>new</em>'
    """
    if not titles:
        return html
    return _ITALIC.sub(lambda m: f"{titles[m[2]]}{m[2]}</i>" if m[2] in titles else m[0], html)


#: An italic run of no other markup: ``<em>…</em>`` or a foreign phrase's ``<i lang…>…</i>``.
_ITALIC = re.compile(r'<(em|i lang="[\w-]+" xml:lang="[\w-]+")>([^<]*)</(?:em|i)>')
