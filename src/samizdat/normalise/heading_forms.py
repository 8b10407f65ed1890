"""The forms a heading line takes: keywords with numbers (``CHAPTER VIII``, ``Article 12``,
``THE FIRST ACT``), numbered titles (``3.2. CSF Tiers``, ``II. A short sentence.``), named
divisions (``Preface``, ``Appendix A. CSF Core``), Markdown ``#`` lines, letter-spaced print
(``Sec ti on 1``, ``C H A P T E R``) and the entries of a contents list.

Each function reads one line; :mod:`.heading_profile` decides from the whole text which of
the lines that have a form are headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .chunks import FUNCTION_WORDS


def _names(text: str) -> list[str]:
    return text.split()


#: Keywords that head a division, by rank: 0 holds 1, which holds 2, which holds 3.
KEYWORD_RANK = {
    **dict.fromkeys(
        _names("part book volume epoch partie livre tome teil buch band parte libro deel boek"), 0
    ),
    **dict.fromkeys(
        _names(
            "chapter lecture letter act canto essay sermon discourse stave adventure chapitre kapitel "
            "capítulo capitulo capitolo lettre brief carta lettera acte akt aufzug acto atto "
            "leçon lecon vorlesung hoofdstuk bedrijf"
        ),
        1,
    ),
    **dict.fromkeys(
        _names(
            "section scene scène szene auftritt escena scena abschnitt sección seccion sezione "
            "tooneel toneel"
        ),
        2,
    ),
    **dict.fromkeys(_names("article artikel artículo articulo articolo"), 3),
}
_CARDINALS = _names(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty"
)
_ORDINALS = _names(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
_FOREIGN_ORDINALS = {
    "premier": 1, "première": 1, "premiere": 1, "deuxième": 2, "deuxieme": 2, "seconde": 2,
    "troisième": 3, "troisieme": 3, "quatrième": 4, "quatrieme": 4, "cinquième": 5,
    "erster": 1, "erstes": 1, "erste": 1, "zweiter": 2, "zweites": 2, "zweite": 2,
    "dritter": 3, "drittes": 3, "dritte": 3, "vierter": 4, "viertes": 4, "vierte": 4,
    "fünfter": 5, "fünftes": 5, "fünfte": 5,
    "sixième": 6, "septième": 7, "huitième": 8, "neuvième": 9, "dixième": 10,
    "sechster": 6, "sechstes": 6, "sechste": 6, "siebenter": 7, "siebente": 7, "siebter": 7,
    "siebte": 7, "achter": 8, "achte": 8, "neunter": 9, "neunte": 9, "zehnter": 10, "zehnte": 10,
    # Spanish and Portuguese ("Capítulo primero"), Italian ("Capitolo primo")
    "primero": 1, "primera": 1, "primeiro": 1, "segundo": 2, "segunda": 2, "tercero": 3,
    "tercera": 3, "terceiro": 3, "cuarto": 4, "cuarta": 4, "quarto": 4, "quinto": 5,
    "quinta": 5, "sexto": 6, "sexta": 6, "séptimo": 7, "sétimo": 7, "octavo": 8, "oitavo": 8,
    "noveno": 9, "nono": 9, "décimo": 10, "primo": 1, "secondo": 2, "terzo": 3, "sesto": 6,
    "settimo": 7, "ottavo": 8, "decimo": 10,
    # Dutch ("Tweede tooneel", "Eerste bedrijf")
    "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7,
    "achtste": 8, "negende": 9, "tiende": 10,
}  # fmt: skip
WORD_NUMBER = {
    **{w: i for i, w in enumerate(_CARDINALS, 1)},
    **{w: i for i, w in enumerate(_ORDINALS, 1)},
    **_FOREIGN_ORDINALS,
}
_ROMAN = re.compile(r"^(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})$")
_ROMAN_VALUE = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
_KEYWORDS = "|".join(sorted(KEYWORD_RANK, key=len, reverse=True))
_WORDNUMS = "|".join(sorted(WORD_NUMBER, key=len, reverse=True))
_NUM = rf"(?:\d{{1,3}}|[IVXLCDM]{{1,8}}|{_WORDNUMS})"
#: ``CHAPTER VIII``, ``Chapter 3: The Road``, ``ACT THE SECOND``, ``Article 12``.
_KEYWORD_FIRST = re.compile(
    rf"^(?P<kw>{_KEYWORDS})\.?\s+(?:the\s+)?(?P<num>{_NUM})\b\.?"
    rf"(?:(?:\s*[.:—–]\s*|\s+-\s+|\s+)(?P<title>\S.*?))?$",
    re.I,
)
#: ``THE FIRST ACT``, ``Second Part``, ``Erstes Kapitel``.
_ORDINAL_FIRST = re.compile(
    rf"^(?:the\s+)?(?P<num>{_WORDNUMS})\s+(?P<kw>{_KEYWORDS})\b\.?"
    rf"(?:(?:\s*[.:—–]\s*|\s+-\s+)(?P<title>\S.*?))?$",
    re.I,
)
#: ``3.2. CSF Tiers``, ``II. A short sentence.``, ``1 Introduction``, ``IV.``, ``II-1``,
#: ``I.--TO CHARLES COWDEN CLARKE.`` (a Gutenberg dash set close).
_NUMBERED = re.compile(
    r"^(?P<num>(?:\d{1,2}|[IVXLC]{1,9})(?:[.-]\d{1,2}){0,3})"
    r"(?P<dot>\.?(?:\s+(?:--|[—–-])|(?<=\.)(?:--|[—–])(?=[^\W\d_]))?)"
    r"(?:\s+(?P<title>\S.*?)|(?<=[-—–])(?P<tight>\S.*?))?$"
)
_NAMES = (
    "preface|foreword|introduction|introductory(?: lecture| chapter| remarks| note)?|prologue|"
    "epilogue|afterword|postscript|conclusion|appendix|glossary|notes|endnotes|bibliography|"
    "references|index|abstract|summary|acknowledge?ments|dedication|appreciation|"
    "préface|avant-propos|vorwort|einleitung|nachwort|anhang|anmerkungen|annexe|épilogue"
)
#: ``Preface``, ``Preface from the Editor``, ``Appendix A. CSF Core``, ``INTRODUCTION.``,
#: ``AUTHOR'S PREFACE TO THE EDITION OF 1864``, ``AN APPRECIATION``.
_NAMED = re.compile(
    rf"^(?P<article>(?:an|the)\s+)?(?:(?:author|translator|editor)['’]s\s+)?(?P<name>{_NAMES})(?:\s+(?P<label>[A-Z]|[IVX]{{1,4}}|\d{{1,2}})\b)?"
    r"(?:(?:[.:]\s+|\s+[-—–]\s+|\s+)(?P<rest>\S.*?))?[.:]?$",
    re.I,
)
_PREPOSITIONS = frozenset(_names("from to of on for by in and"))
_MARKDOWN = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>\S.*?)(?:\s+#+)?\s*$")
_CONTENTS = re.compile(
    r"(?:(?:tableof)?contents|inhalt(?:sverzeichnis)?|tabledesmati[eè]res|sommaire|índice)[.:]?",
    re.I,
)
_LEADERS = re.compile(
    r"(?:\s*(?:\.\s*){2,}|\s+[-–—_■.]\s*(?:[-–—_■.]\s*)*|\s{2,})(?:\d{1,4}|[ivxlc]{1,6}|ib\.?)?\s*$",
    re.I,
)
_PAGE_AT_END = re.compile(r"\s+(?:\d{1,4}|ib\.)\s*$", re.I)
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+")
_TERMINAL_END = re.compile(r"[.!?;:,][\"”’')\]]*$")


@dataclass(frozen=True)
class Form:
    """What a line's form says: ``style`` (keyword, ordinal, numbered, named, markdown), the
    rank of its division, its number (0 when none), its numbering path, and a title on the
    same line ("" when none)."""

    style: str
    rank: int
    number: int = 0
    path: tuple[int, ...] = ()
    roman: bool = False
    title: str = ""
    keyword: str = ""


def roman_value(s: str) -> int:
    """``"XIV"`` → 14; 0 when ``s`` is not a well-formed roman numeral.

    >>> roman_value("XIV"), roman_value("IIII"), roman_value("ix")
    (14, 0, 9)
    """
    s = s.upper()
    if not _ROMAN.match(s):
        return 0
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = _ROMAN_VALUE[a]
        total += -v if b != " " and _ROMAN_VALUE[b] > v else v
    return total


def number_value(s: str) -> int:
    """An arabic, roman or word number: ``"12"``, ``"XII"``, ``"twelfth"`` → 12 (0 if none)."""
    if s.isdigit():
        return int(s)
    return WORD_NUMBER.get(s.casefold()) or roman_value(s)


#: The most words of a title on a keyword's line.
KEYWORD_TITLE_WORDS = 24


def keyword_form(text: str) -> Form | None:
    """A keyword heading: ``CHAPTER VIII``, ``Article 12``, ``THE FIRST ACT``.

    >>> keyword_form("CHAPTER VIII.").number, keyword_form("The Second Act").rank
    (8, 1)
    >>> keyword_form("Article 9, or whether") is None
    True
    """
    m = _KEYWORD_FIRST.match(text) or _ORDINAL_FIRST.match(text)
    if not m:
        return None
    n = number_value(m.group("num"))
    title = (m.group("title") or "").strip()
    # a keyword and its number are evidence enough for a long title ("In which the
    # traveller sets out…", a novel's chapter summary)
    if not n or (title and not title_like(title, same_line=True, most_words=KEYWORD_TITLE_WORDS)):
        return None
    kw = m.group("kw").casefold()
    return Form("keyword", KEYWORD_RANK[kw], n, (n,), title=title, keyword=kw)


def numbered_form(text: str) -> Form | None:
    """A numbered heading: ``3.2. CSF Tiers``, ``IV.``, ``II. A short sentence.``, ``II-1``.

    A bare arabic number is no heading (page numbers, paragraph numbers are); a title must
    read as one, not as a sentence of a list item.

    >>> numbered_form("3.2. CSF Tiers").path, numbered_form("II-1").path
    ((3, 2), (2, 1))
    >>> numbered_form("1. A Current Profile specifies the Core outcomes that an organization")
    >>> numbered_form("12") is None
    True
    >>> numbered_form("II -- LES BABAROTRES").title, numbered_form("3 — Results").path
    ('LES BABAROTRES', (3,))
    """
    m = _NUMBERED.match(text)
    if not m:
        return None
    parts = re.split(r"[.-]", m.group("num"))
    head = parts[0]
    roman = not head.isdigit()
    first = roman_value(head) if roman else int(head)
    if (not first and (roman or not m.group("title"))) or (
        roman and any(not p.isdigit() for p in parts[1:])
    ):
        return None  # (a section 0 has its title: a licence's "0. Definitions.")
    path = (first, *(int(p) for p in parts[1:]))
    title = (m.group("title") or m.group("tight") or "").strip()
    if not title and not roman and not (len(path) > 1 and m.group("dot")):
        return None  # "12", "1." alone: a folio or a paragraph number
    if title and not (
        title_like(title, same_line=True)
        and (caps(title) or title_case(title) or len(words_of(title)) <= 6)
    ):
        return None
    if title and not m.group("dot") and len(path) == 1 and (title.endswith(".") or roman):
        return None  # "1 For the purposes of this document, …" is a footnote
    return Form("numbered", 1, first, path, roman, title)


NUMBER_STOP = re.compile(r"^(\d{1,4})\.$")


def number_over_caps(texts: list[str], i: int) -> Form | None:
    """A number with its full stop alone on its line, over a line in capitals: a letter's or
    a section's number over its title (``218.`` over ``TO TOBIAS HASLINGER.``)."""
    m = NUMBER_STOP.match(texts[i])
    nxt = texts[i + 1] if i + 1 < len(texts) else ""
    if not m or not caps(nxt) or len(nxt) > 120:
        return None
    return Form("numbered", 1, int(m.group(1)), (int(m.group(1)),))


def named_form(text: str) -> Form | None:
    """A named division: ``Preface``, ``Preface from the Editor``, ``Appendix A. CSF Core``.
    What follows the name is a title (in title case or capitals) or a phrase opening with a
    preposition (``from Lenin``), never the rest of a sentence.

    >>> named_form("Appendix A. CSF Core").title, named_form("INTRODUCTION.").style
    ('CSF Core', 'named')
    >>> named_form("Appendix A is the CSF Core."), named_form("The conclusion Lenin came to was")
    (None, None)
    """
    m = _NAMED.match(text)
    if not m or not text[:1].isupper():
        return None
    rest = (m.group("rest") or "").strip()
    if rest:
        if m.group("article") or _TERMINAL_END.search(rest.rstrip(".")):
            return None
        first, *others = rest.split()
        prep = first.casefold() in _PREPOSITIONS
        named = " ".join(others) if prep else rest
        if not (prep or first[:1].isupper()) or not (caps(named) or title_case(named)):
            return None
        if not title_like(rest[:1].upper() + rest[1:], same_line=True):
            return None
        if rest.endswith(".") and not caps(rest):
            return None
    return Form("named", 1, title=rest, keyword=m.group("name").casefold())


def markdown_form(text: str) -> Form | None:
    """A Markdown ATX heading: ``## Glossary`` (rank: the number of ``#``).

    >>> markdown_form("## Glossary").rank, markdown_form("#hashtag")
    (2, None)
    """
    m = _MARKDOWN.match(text)
    if not m:
        return None
    return Form("markdown", len(m.group("hashes")), title=m.group("title"))


def is_contents_heading(text: str) -> bool:
    """``Contents``, ``Table of Contents``, ``C O N T ENTS.`` (spaced letters read together).

    >>> is_contents_heading("C O N T ENTS."), is_contents_heading("Contents of the box")
    (True, False)
    """
    return len(text) <= 30 and bool(_CONTENTS.fullmatch(re.sub(r"\s+", "", text)))


def contents_entry(text: str) -> str:
    """A contents line without its leaders and page number: ``"1. Overview .....1"`` →
    ``"1. Overview"``; ``"Ixtroductory Lecture"`` stays."""
    text = _LEADERS.sub("", text.strip())
    return _PAGE_AT_END.sub("", text).strip(" .-–—_:")


def key(text: str) -> str:
    """Text as compared with contents entries: words only, lowercase.

    >>> key("Common, or Specific INFLAMMATION.")
    'common or specific inflammation'
    """
    return " ".join(w.casefold() for w in _WORD.findall(text))


def words_of(text: str) -> list[str]:
    return _WORD.findall(text)


def caps(text: str) -> bool:
    """All its letters are capitals (and it has at least two)."""
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def title_case(text: str) -> bool:
    """Its longer words are mostly capitalised: ``"Blue Wednesday"``, ``"The Letters of"``."""
    long = [w for w in words_of(text) if len(w) > 3 and not w.isdigit()]
    return bool(long) and sum(w[0].isupper() for w in long) >= 0.75 * len(long)


def title_like(text: str, same_line: bool = False, most_words: int = 12) -> bool:
    """Could this be a heading's title: short, opening with a capital (or a quote or
    number), not a sentence running on (no ``,`` or ``;`` at its end). A title that ends
    with a full stop is in capitals, or stands after a number on its own line.

    >>> title_like("A SCOTTISH MANOR-HOUSE SIXTY YEARS SINCE"), title_like("It was late, and")
    (True, False)
    >>> title_like("Then he left."), title_like("A short sentence.", same_line=True)
    (False, True)
    """
    text = text.strip().strip("*_")
    ws = words_of(text)
    if not ws or len(ws) > most_words or len(text) > 120:
        return False
    if not any(len(w) > 1 and not w.isdigit() for w in ws):
        return False  # "(71)", "4.5.2016": a number is no title
    if not re.match(r"[\"“‘'(\[]?[^\W_a-z]", text) or text[:1].islower():
        return False
    if re.search(r"[,;:]$", text) or ws[-1].casefold() in FUNCTION_WORDS:
        return False
    if re.search(r"[.!?]\s+[A-Z]", text) and not caps(text):
        return False  # two sentences
    return not text.endswith((".", "!", "?")) or caps(text) or same_line


_SPACED_START = re.compile(r"\s*\S \S \S(?: |$)")


def despace(text: str) -> str:
    """A line printed in spaced capitals, its words set two spaces apart, read as its words
    (for recognising its form; the text shown stays as printed): ``"C H A P T E R  V I I I"``
    → ``"CHAPTER VIII"``. Irregular spacing (``Sec ti on 1``) is
    :func:`~samizdat.normalise.spacing.repair_letter_spacing`'s to repair.

    >>> despace("C H A P T E R  V I I I"), despace("I am a man")
    ('CHAPTER VIII', 'I am a man')
    """
    if not _SPACED_START.match(text):
        return text
    groups = re.split(r"\s{2,}", text.strip())
    if not all(re.fullmatch(r"\S(?: \S)*", g) for g in groups):
        return text
    if sum(len(g) > 1 for g in groups) == 0:
        return text
    return " ".join(g.replace(" ", "") for g in groups)
