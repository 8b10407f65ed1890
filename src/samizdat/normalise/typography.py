"""Typography on text nodes (never on markup): quotes, dashes, ellipses, spacing, no-break spaces.

Each function is idempotent: typesetting typeset text changes nothing.
"""

from __future__ import annotations

import re
from collections import Counter

NBSP = "\u00a0"
THIN_NBSP = "\u202f"
EM_DASH = "—"
EN_DASH = "–"
ELLIPSIS = "…"
LSQUO, RSQUO, LDQUO, RDQUO = "‘", "’", "“", "”"

_OPEN_CONTEXT = set(" \t\n([{<=—–-/„«‚" + NBSP + LSQUO + LDQUO)  # "=": src="x" opens a quote
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S)[ " + NBSP + r"]+([,.;:!?)\]])(?=\s|$|[,.;:!?’”)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[]) +")
_ABBREV_NUMBER = re.compile(
    r"\b(pp?\.|Vol\.|vol\.|No\.|no\.|Nos\.|ch\.|Ch\.|art\.|Art\.|§) (?=[A-Z]?\d)"
)
_INITIALS = re.compile(r"\b([A-Z]\.) (?=[A-Z]\.|[A-Z][a-z])")


#: Double quotation marks (opening, closing) by language (BCP 47 primary tag); English's are
#: the default. Single quotes stay English in every language: after a letter a straight one
#: is far more often an apostrophe ("geht's", "Mach'") than a closing quotation mark.
DOUBLE_QUOTES = {
    "de": ("„", "“"),
    "cs": ("„", "“"),
    "sk": ("„", "“"),
    "pl": ("„", "”"),
    "hu": ("„", "”"),
    "nl": ("„", "”"),
    "ro": ("„", "”"),
    "sv": ("”", "”"),
    "fi": ("”", "”"),
    "fr": ("«", "»"),
    "ru": ("«", "»"),
}


def quote_marks(language: str) -> tuple[str, str]:
    """The double quotation marks a language's text is set with.

    >>> quote_marks("de-AT"), quote_marks("en")
    (('„', '“'), ('“', '”'))
    """
    return DOUBLE_QUOTES.get(language.split("-")[0].lower(), (LDQUO, RDQUO))


def smarten_quotes(text: str, before: str = " ", language: str = "en") -> str:
    """Turns straight quotes into curly ones, reading the character before each; double quotes
    are the language's own.

    >>> smarten_quotes('"It\\'s the \\'line\\'," he said.')
    '“It’s the ‘line’,” he said.'
    >>> smarten_quotes('Er rief: "Mach\\' zu!"', language="de")
    'Er rief: „Mach’ zu!“'
    """
    out: list[str] = []
    prev = before or " "
    opening, closing = quote_marks(language)
    for ch in text:
        if ch == '"':
            ch = opening if prev in _OPEN_CONTEXT else closing
        elif ch == "'":
            ch = LSQUO if prev in _OPEN_CONTEXT else RSQUO
        out.append(ch)
        prev = ch
    return "".join(out)


def fix_dashes_and_ellipses(text: str) -> str:
    """``"a -- b - c..."`` → ``"a — b – c…"``.

    >>> fix_dashes_and_ellipses("a -- b - c...")
    'a — b – c…'
    """
    text = re.sub(r"(?<=\S) ?--- ?(?=\S)", EM_DASH, text)
    text = re.sub(r" -- ", f" {EM_DASH} ", text)
    text = re.sub(r"(?<=\w)--(?=\w)", EM_DASH, text)
    text = re.sub(r"(?<=\S) - (?=\S)", f" {EN_DASH} ", text)
    return re.sub(r"(?<!\.)\.\.\.(?!\.)", ELLIPSIS, text)


def fix_spacing(text: str) -> str:
    """Removes space before punctuation and after opening brackets; collapses runs of spaces.

    >>> fix_spacing("problems : op. cit. , p. 5 ( sic )")
    'problems: op. cit., p. 5 (sic)'
    """
    text = re.sub(r" {2,}", " ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return _SPACE_AFTER_OPEN.sub(r"\1", text)


def add_nbsp(text: str) -> str:
    """Puts no-break spaces where a reader expects words to stay together.

    >>> add_nbsp("V. I. Lenin, Vol. 33, p. 48") == "V.\\u00a0I.\\u00a0Lenin, Vol.\\u00a033, p.\\u00a048"
    True
    """
    text = _ABBREV_NUMBER.sub(lambda m: m.group(1) + NBSP, text)
    return _INITIALS.sub(lambda m: m.group(1) + NBSP, text)


def typeset(
    text: str, before: str = " ", counts: Counter[str] | None = None, language: str = "en"
) -> str:
    """All typography rules on one text node, counting what changed; quotation marks are the
    text's language's."""
    steps = (
        ("quotes_smartened", lambda t: smarten_quotes(t, before, language)),
        ("dashes_and_ellipses", fix_dashes_and_ellipses),
        ("spacing_fixed", fix_spacing),
        ("no_break_spaces", add_nbsp),
    )
    for name, step in steps:
        new = step(text)
        if counts is not None and new != text:
            counts[name] += 1
        text = new
    return text
