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
#: Two em dashes stand for letters or a name left out (``G——S``): U+2E3A, the two-em dash,
#: is missing from the book's italic faces.
TWO_EM_DASH = "\u2014\u2014"

_OPEN_CONTEXT = set(" \t\n([{<=—–-/„«‚" + NBSP + LSQUO + LDQUO)  # "=": src="x" opens a quote
#: Dashes, and what can follow a quote that closes a speech broken off at one.
DASHES, _SHUT = frozenset("—–-"), frozenset(" \t\n,.;:!?)]" + NBSP)
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\S)[ " + NBSP + r"]+([,.;:!?)\]])(?=\s|$|[,.;:!?’”)\]])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[]) +")
#: (in French, only before the points and brackets that take no space)
_SPACE_BEFORE_POINT = re.compile(r"(?<=\S) +([,.)\]])(?=\s|$|[,.;:!?’”)\]])")
#: French spaces: before ``; : ! ? »`` (after a word), and after ``«``.
#: French marks the source set close: ``«Sur ma foi`` , ``la mer»``, ``vraiment?``, ``dit-il:``.
_FRENCH_OPEN = re.compile(r"«(?=[^\s\u00a0\u202f])")
_FRENCH_CLOSE = re.compile(r"(?<=[^\s\u00a0\u202f«])»")
_FRENCH_TIGHT = re.compile(r"(?<=[^\W_]|[»)\]…’”])([;!?]+)")
_FRENCH_COLON = re.compile(r"(?<=[^\W\d_]|[»)\]’”]):(?=\s|$)")
NNBSP = "\u202f"
_FRENCH_SPACE = re.compile(r"(?<=[\w.…)\]»’”!?;:]) ([;:!?»])|« ")
_ABBREV_NUMBER = re.compile(
    r"\b(pp?\.|Vol\.|vol\.|No\.|no\.|Nos\.|ch\.|Ch\.|art\.|Art\.|§) (?=[A-Z]?\d)"
)
_INITIALS = re.compile(r"\b([A-Z]\.) (?=[A-Z]\.|[A-Z][a-z])")
#: Words that open sentences far more often than they follow initials as names: after an
#: initialism, ``C.C. If`` ends a sentence (no no-break space), ``V. I. Lenin`` does not.
SENTENCE_OPENERS = frozenset(
    [
        "A",
        "An",
        "And",
        "As",
        "At",
        "But",
        "By",
        "For",
        "From",
        "He",
        "Her",
        "His",
        "How",
        "If",
        "In",
        "It",
        "Its",
        "Now",
        "Of",
        "On",
        "Or",
        "She",
        "So",
        "That",
        "The",
        "Their",
        "Then",
        "There",
        "These",
        "They",
        "This",
        "Those",
        "Thus",
        "To",
        "We",
        "What",
        "When",
        "Where",
        "Which",
        "While",
        "Who",
        "Why",
        "With",
        "Yet",
        "You",
    ]
)
#: How a book sets a dash between words: its house style (``book.toml``'s ``dashes``).
DASH_STYLES = {"em": EM_DASH, "spaced-em": f" {EM_DASH} ", "spaced-en": f" {EN_DASH} "}
#: A dash between words as the source sets it: an em dash, spaced or not, or a spaced en dash
#: (:func:`fix_dashes_and_ellipses` has made ``--`` and a spaced hyphen into these).
_DASH = re.compile(
    r"(?<=\S)(?: ?(?<!"
    + EM_DASH
    + ")"
    + EM_DASH
    + "(?!"
    + EM_DASH
    + r") ?| "
    + EN_DASH
    + r" )(?=\S)"
)  # (two em dashes together stand for a name left out: set as they are)
#: A dash opening a paragraph before a name (an attribution: ``- Progress Publishers``); before
#: a lowercase word it may be a list's mark the source means literally, and is left alone.
_OPENING_DASH = re.compile(r"[-–—] (?=[A-Z])")
#: A range of numbers: ``1905-07``, ``pp. 382-395``; not a date, code or phone number (a chain
#: of three numbers or more), not a decimal, never after a letter (``RR-01``).
_RANGE = re.compile(r"(?<![\w.,/–-])(\d{1,4})[-–](\d{1,4})(?![\w/–-]|[.,]\d)")
#: A run of full stops and ellipses that is no plain one: an ellipsis with stops, two ellipses,
#: four or five stops (six or more are a leader or a blank to fill in, left alone).
_DOTS = re.compile(r"[.…]*…[.…]*|(?<!\.)\.{4,5}(?!\.)")


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


#: A word whose first letters were left out, after a quote that opens it: an apostrophe
#: (’tis, ’twas, ’em, ’gainst, ’gan, ’mid, ’Sdeath, ’vantage, God ’ield you, ’pon, rock ’n’
#: roll, a dropped h: ’ome, ’er, ’e; Dutch ’t, ’s, ’k; Italian e ’l; the ’80s), never an
#: opening quotation mark. One lowercase letter alone is such a word in every language that
#: elides (English’s one-letter words are "a", "I", "O").
_ELIDED = re.compile(
    r"(?:(?i:tis|twas|twere|twill|twould|twixt|tween|em|gainst|neath|sdeath|sblood|cause|til|bout"
    r"|er|im|ome|ave|ad|ow|ere|ead|eard|alf|igh|gan|mid|midst|mongst|scape|prentice|fore"
    r"|vantage|ield|pon|bove|fraid|nough)"
    r"|[tsknmrel]|\d\d(?:s|th)?)(?![^\W_])"
)


#: What sets a list's columns apart (:func:`.contents._columns`), or a line's start or end.
_COLUMN = {"\u2003", "\n"}


def smarten_quotes(text: str, before: str = " ", language: str = "en") -> str:
    """Turns straight quotes into curly ones, reading the character before each; double quotes
    are the language's own.

    >>> smarten_quotes('"It\\'s the \\'line\\'," he said.')
    '“It’s the ‘line’,” he said.'
    >>> smarten_quotes("'Tis the season; 'Sdeath! op 't achterdek, in the '80s, 'a word'")
    '’Tis the season; ’Sdeath! op ’t achterdek, in the ’80s, ‘a word’'
    >>> smarten_quotes("God 'ield you; the 'vantage; e 'l sangue; 'little one'")
    'God ’ield you; the ’vantage; e ’l sangue; ‘little one’'
    >>> smarten_quotes('"Miss Parradell--"! and--"Go"')
    '“Miss Parradell--”! and--“Go”'
    >>> smarten_quotes('Er rief: "Mach\\' zu!"', language="de")
    'Er rief: „Mach’ zu!“'
    """
    out: list[str] = []
    prev = before or " "
    opening, closing = quote_marks(language)
    for k, ch in enumerate(text):
        after = text[k + 1 : k + 2]
        # after a dash a quote opens ("said—“Go”"), unless nothing of a word follows it
        # ("Miss Parradell—”!"): the speech broke off
        opens = prev in _OPEN_CONTEXT and not (prev in DASHES and (not after or after in _SHUT))
        if ch == '"' and prev in _COLUMN and (not after or after in _COLUMN):
            ch = RDQUO  # a ditto mark alone in a column of a list ("3.  "   "  Nov. 20")
        elif ch == '"':
            ch = opening if opens else closing
        elif ch == "'":
            ch = LSQUO if opens and not _ELIDED.match(text, k + 1) else RSQUO
        out.append(ch)
        prev = ch
    return "".join(out)


def fix_dashes_and_ellipses(text: str) -> str:
    """``"a -- b - c..."`` → ``"a — b – c…"``.

    >>> fix_dashes_and_ellipses("a -- b - c..."), fix_dashes_and_ellipses("--Vous partez?")
    ('a — b – c…', '—Vous partez?')
    >>> fix_dashes_and_ellipses("THE G----S. and Herr ---- (for"), fix_dashes_and_ellipses("----")
    ('THE G——S. and Herr —— (for', '----')
    >>> fix_dashes_and_ellipses("both senses;--in its common, says,--he; ACT--VETO; of.'--")
    "both senses;—in its common, says,—he; ACT—VETO; of.'—"
    >>> fix_dashes_and_ellipses("in London-- at LILY'S")
    "in London— at LILY'S"
    >>> fix_dashes_and_ellipses("the deep--\\nThere is")
    'the deep—\\nThere is'
    """
    if text.strip("- "):  # "THE G----S.": a name left out (a line of hyphens is a rule)
        text = re.sub(r"-{4,}", TWO_EM_DASH, text)
    text = re.sub(r"(?<=\S) ?--- ?(?=\S)", EM_DASH, text)
    text = re.sub(r" -- ", f" {EM_DASH} ", text)
    # a typewriter's: "senses;--in", "the deep--" at the end of a verse line (kept lines)
    text = re.sub(r"(?<=[^\s-])--(?=[^\s-]|$)", EM_DASH, text, flags=re.M)
    # spaced after only, a play's "in London-- at LILY'S": the dash closes on its word
    text = re.sub(r"(?<=[^\W\d_])-- (?=[^\W\d_]|[\"'“‘\[(_*])", EM_DASH + " ", text)
    text = re.sub(r"(?:^|(?<=\s))--(?=[^\W\d_]|[\"'“‘«„])", EM_DASH, text)  # "--Vous", '--"Can
    text = re.sub(r"(?<=\S) - (?=\S)", f" {EN_DASH} ", text)
    return re.sub(r"(?<!\.)\.\.\.(?!\.)", ELLIPSIS, text)


def fix_spacing(text: str, language: str = "en") -> str:
    """Removes space before punctuation and after opening brackets; collapses runs of spaces.
    French sets a space before ``; : ! ?`` and inside guillemets: there it stays, no-break;
    where the source set the marks close, a thin no-break space goes in (before ``:`` a
    no-break space), never in a time or an address (``10:30``, ``http://``).

    >>> fix_spacing("problems : op. cit. , p. 5 ( sic )")
    'problems: op. cit., p. 5 (sic)'
    >>> fix_spacing("cent fois : « la mer ! »", "fr") == "cent fois\u00a0: «\u00a0la mer\u00a0!\u00a0»"
    True
    >>> fix_spacing("«Sur ma foi?» dit-il: à 10:30, http://x.fr", "fr").replace(NNBSP, "_")
    '«_Sur ma foi_?_» dit-il\xa0: à 10:30, http://x.fr'

    """
    text = re.sub(r" {2,}", " ", text)
    if language.split("-")[0].lower() == "fr":
        text = _FRENCH_SPACE.sub(lambda m: NBSP + m.group(1) if m.group(1) else "«" + NBSP, text)
        text = _SPACE_BEFORE_POINT.sub(r"\1", text)
        # where the source set them close, the thin no-break spaces a French edition sets
        text = _FRENCH_OPEN.sub("«" + NNBSP, _FRENCH_CLOSE.sub(NNBSP + "»", text))
        text = _FRENCH_COLON.sub(NBSP + ":", _FRENCH_TIGHT.sub(NNBSP + r"\1", text))
    else:
        text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return _SPACE_AFTER_OPEN.sub(r"\1", text)


def add_nbsp(text: str) -> str:
    """Puts no-break spaces where a reader expects words to stay together.

    >>> add_nbsp("V. I. Lenin, Vol. 33, p. 48") == "V.\\u00a0I.\\u00a0Lenin, Vol.\\u00a033, p.\\u00a048"
    True
    >>> add_nbsp("the C.C. If so")  # an initialism ending a sentence
    'the C.C. If so'
    """
    text = _ABBREV_NUMBER.sub(lambda m: m.group(1) + NBSP, text)

    def one(m: re.Match[str]) -> str:  # not where the initialism ends a sentence ("C.C. If")
        word = text[m.end() :].split(" ", 1)[0]
        return m.group() if word in SENTENCE_OPENERS else m.group(1) + NBSP

    return _INITIALS.sub(one, text)


def set_dashes(text: str, style: str = "em", before: str = " ") -> str:
    """Sets every dash between words in the book's style (closed em dashes unless it says
    otherwise); a dash between numbers is a range (:func:`dash_ranges`), not this.

    >>> set_dashes("one — two – three—four")
    'one—two—three—four'
    >>> set_dashes("one—two", "spaced-en"), set_dashes("- Progress Publishers")
    ('one – two', '—Progress Publishers')
    >>> set_dashes("1905 – 07")
    '1905 – 07'
    """
    dash = DASH_STYLES[style]
    if before.isspace() and _OPENING_DASH.match(text):
        text = dash.lstrip() + text[2:]

    def one(m: re.Match[str]) -> str:
        around = text[m.start() - 1] + text[m.end()]
        return m.group() if around.isdigit() else dash

    return _DASH.sub(one, text)


def dash_ranges(text: str) -> str:
    """An en dash between the numbers of a range.

    >>> dash_ranges("in 1905-07, pp. 382-395; on 2026-01-01, tel. 0161-234-5678, RR-01, 1.2-3")
    'in 1905–07, pp. 382–395; on 2026-01-01, tel. 0161-234-5678, RR-01, 1.2-3'
    """
    return _RANGE.sub(lambda m: f"{m.group(1)}{EN_DASH}{m.group(2)}", text)


def normalise_ellipses(text: str) -> str:
    """An ellipsis with stops run together becomes one ellipsis, or an ellipsis and a full stop
    where it ends a sentence (four dots, never five); a word glued after it is spaced from it.

    >>> normalise_ellipses("which…..In fact; and….and so; ‘…the rest’; fill in ........")
    'which…. In fact; and… and so; ‘…the rest’; fill in ........'
    >>> normalise_ellipses("they fancy …. there are")
    'they fancy … there are'
    """

    def one(m: re.Match[str]) -> str:
        run = m.group()
        dots = 3 * run.count(ELLIPSIS) + run.count(".")
        after = text[m.end() : m.end() + 1]
        glued = m.start() > 0 and not text[m.start() - 1].isspace() and after.isalpha()
        going_on = text[m.end() :].lstrip(" " + NBSP)[:1].islower()  # no sentence ends
        out = ELLIPSIS if dots == 3 or going_on else ELLIPSIS + "."
        if out == run:
            return run
        return out + " " if glued and len(run) > 1 else out

    return _DOTS.sub(one, text)


def typeset(
    text: str,
    before: str = " ",
    counts: Counter[str] | None = None,
    language: str = "en",
    dashes: str = "em",
) -> str:
    """All typography rules on one text node, counting what changed; quotation marks are the
    text's language's, dashes the book's style (:data:`DASH_STYLES`) in an English text (other
    languages' conventions differ, a dialogue dash among them: left as the source sets them)."""
    english = language.split("-")[0].lower() == "en"
    steps = (
        ("quotes_smartened", lambda t: smarten_quotes(t, before, language)),
        ("dashes_and_ellipses", fix_dashes_and_ellipses),
        ("dashes_set", lambda t: set_dashes(t, dashes, before) if english else t),
        ("ranges_dashed", dash_ranges),
        ("ellipses_normalised", normalise_ellipses),
        ("spacing_fixed", lambda t: fix_spacing(t, language)),
        ("no_break_spaces", add_nbsp),
    )
    for name, step in steps:
        new = step(text)
        if counts is not None and new != text:
            counts[name] += 1
        text = new
    return text


def title_typeset(text: str, language: str = "en") -> str:
    """A title's quotes and dashes typeset, its spaces as typed (a title is metadata too).

    >>> title_typeset("SECURITIES LITIGATION REFORM ACT--VETO"), title_typeset("The 'Paint' Girl")
    ('SECURITIES LITIGATION REFORM ACT—VETO', 'The ‘Paint’ Girl')
    """
    return fix_dashes_and_ellipses(smarten_quotes(text, language=language))
