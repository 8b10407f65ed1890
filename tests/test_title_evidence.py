"""Where a text's title is, read from kinds of document samizdat meets without a book.toml: a
scan's title page under a motto and an archive stamp OCR broke into pieces, a novel that opens
on its first part's heading, a web copy under its page's interface. Every text here is written
for the test, in the shape of a real one (an Internet Archive ``_djvu.txt``, an ELTeC plain
text, a newspaper's transcript page)."""

from __future__ import annotations

from samizdat.book import load_book, normalise_book
from samizdat.model import Heading, Para, plain_text

SCAN = """"A soft answer turneth away wrath,
but grievous words stir up anger ."



*



Digitized 1


by the Internet Archive


i


n 2019



https://archive.org/details/b12345678



I


THE ART OF CONVERSATION ;


OR,


GOOD MANNERS.


By JOHN ROE, M.D.


PREFACE.

Conversation is the oldest of the arts, and the one most neglected by those who
practise it every day of their lives.
"""

NOVEL = (
    " \n".join(
        [
            "",
            "PREMIÈRE PARTIE",
            "I -- LE DÉPART",
            "Il faisait beau ce matin-là, et la diligence attendait devant la porte de l'auberge.",
            "Ma mère pleurait; mon père, qui ne pleurait jamais, regardait ailleurs.",
            "II -- LA ROUTE",
            "La route était longue, et je m'endormis bien avant la première ville.",
            "",
        ]
    )
    + " \n"
)  # one paragraph a line, each ending in a space, as ELTeC's plain texts are

WEB = """Skip to main content
Sign in | Subscribe
Home | World | Politics | Opinion

HEARING OF THE HOUSE COMMITTEE ON HARBOURS AND WATERWAYS ON THE DREDGING OF THE NORTHERN \
CHANNEL, DAY 2, FOCUSING ON THE COST OVERRUNS

MARCH 3, 2019

CHAIR: Good morning. We continue the hearing on the dredging of the northern channel.
WITNESS: Thank you, Madam Chair. I will be brief.
"""


def _build(tmp_path, text: str):
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    return nb.manuscript.texts[0], nb.conservation[0]


def _body(text) -> list[str]:
    return [plain_text(b.inlines) for b in text.blocks if isinstance(b, Para | Heading)]


def test_a_scans_title_page_is_found_under_a_motto_and_a_stamp_ocr_broke_into_pieces(tmp_path):
    text, check = _build(tmp_path, SCAN)
    assert check.ok, check.problems("t.txt")
    assert text.meta.title.startswith("THE ART OF CONVERSATION"), text.meta.title
    assert not text.meta.editorial_title
    stamp = [f for f in text.furniture if f.startswith("Digitized")]
    assert stamp == ["Digitized 1 by the Internet Archive i n 2019"], text.furniture
    body = _body(text)
    assert not any("Digitized" in p or "Internet Archive" in p for p in body)
    assert body[0].startswith("“A soft answer turneth away wrath")  # the motto stays text


def test_a_novel_opening_on_its_first_parts_heading_keeps_it_as_a_heading(tmp_path):
    text, check = _build(tmp_path, NOVEL)
    assert check.ok, check.problems("t.txt")
    assert text.meta.editorial_title  # the source names no title: the part's is not it
    heads = {plain_text(b.inlines): b.level for b in text.blocks if isinstance(b, Heading)}
    assert "PREMIÈRE PARTIE" in heads, heads
    assert heads["PREMIÈRE PARTIE"] < heads["I — LE DÉPART"] == heads["II — LA ROUTE"]


def test_a_web_copy_loses_its_page_interface_to_the_source_note_and_keeps_its_long_title(
    tmp_path,
):
    text, check = _build(tmp_path, WEB)
    assert check.ok, check.problems("t.txt")
    assert text.meta.title.startswith("HEARING OF THE HOUSE COMMITTEE ON HARBOURS")
    assert text.meta.title.endswith("FOCUSING ON THE COST OVERRUNS")
    assert any("Skip to main content" in f and "Politics" in f for f in text.furniture)
    assert not any("Subscribe" in p for p in _body(text))


WRAPPED = """# Tidal Mixing in Shallow Estuaries: A Survey of Field Measurements and Their Models

**Authors**: Ann Lee, Bo Chen

## Abstract
We survey field measurements of tidal mixing in shallow estuaries and the
models fitted to them.

## Full Text

Tidal Mixing in Shallow Estuaries
Ann Lee
1 Introduction
Shallow estuaries mix by the tide more than by the wind, as the measurements
gathered here show over forty years of field work.
"""


def test_a_markdown_title_over_plain_text_is_the_title_without_its_mark(tmp_path):
    """A paper's Markdown wrapper (a title, bold fields, ``##`` sections) over its PDF
    text: too little markup to read the text as Markdown, but its ``#`` line is its title."""
    text, check = _build(tmp_path, WRAPPED)
    assert check.ok, check.problems("t.txt")
    assert text.meta.title == (
        "Tidal Mixing in Shallow Estuaries: A Survey of Field Measurements and Their Models"
    )
    assert not text.meta.editorial_title
    assert not any(p.startswith("#") for p in _body(text))


PAMPHLET = """Digitized by the Internet Archive
in 2016


https://archive.org/details/b00000000


SHORT ACCOUNT

%

OF THE

VITAL RESTORATIVE

CONFIDED TO

MESSRS. HARVEY and CO.,

19, BERNERS STREET, LONDON.

1869.


PREFACE.

The science of physiology teaches us that the human body is constructed upon
the most exact mechanical principles.
"""


def test_a_title_in_capitals_goes_on_where_its_words_carry_it_past_a_speck(tmp_path):
    """A pamphlet's title page set over short lines with no byline: the title goes on while
    a line ends or opens with a joining word, over a speck of OCR noise between."""
    text, check = _build(tmp_path, PAMPHLET)
    assert check.ok, check.problems("t.txt")
    assert text.meta.title == "SHORT ACCOUNT OF THE VITAL RESTORATIVE"
    assert "CONFIDED TO" in _body(text)
