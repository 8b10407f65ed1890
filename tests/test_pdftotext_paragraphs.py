"""Paragraphs of pdftotext extracts (no blank line between paragraphs), their bullets, contents
lines, numbered paragraphs, letter-spaced headings and soft hyphens — on small texts of those
kinds written for these tests (a survey report, an official journal's recitals)."""

from __future__ import annotations

import textwrap
from collections import Counter

from samizdat.ingest.reader import clean_characters
from samizdat.manuscript import read_manuscript, write_manuscript
from samizdat.model import BookText, Loc, Manuscript, OrderedList, Para, Text, TextMeta, plain_text
from samizdat.normalise import evidence_for, normalise_text
from samizdat.normalise.chunks import Chunk, Evidence, load_dictionary, split_chunks
from samizdat.normalise.paragraphs import (
    join_markers,
    measure,
    paragraph_profile,
    split_paragraphs,
)
from samizdat.normalise.spacing import repair_letter_spacing
from samizdat.render.html import render_book
from samizdat.wordcheck import BookWords, check_words, model_words, words

WIDTH = 92

#: A survey report's paragraphs as pdftotext gives them: wrapped, with no blank line between.
REPORT = [
    "The regional water survey measured the quality of drinking water in forty towns over two "
    "years, from the spring of one year to the winter of the next, and compared it with the "
    "limits that the national standard sets for each substance.",
    "Most towns met every limit in every season. Where a town did not, the survey names the "
    "substance, the season and the measure the water board took.",
    "Sampling followed the method of the previous survey, so that the two can be compared "
    "directly; where the method changed, the report says so in the section concerned and gives "
    "both results side by side.",
    "The board thanks the laboratories of the three universities that analysed the samples, "
    "and the town clerks who arranged access to the pumping stations at every hour of the day and "
    "night.",
    "Nitrate levels rose in the eastern towns during the wet months of both years, as they do "
    "where farmland drains into shallow wells, and fell again with the dry season in each case "
    "that was measured.",
    "Lead was found only in old houses whose pipes predate the standard, and the board has "
    "written to every owner it could trace.",
    "Chlorine by-products stayed well under their limit in all towns, including the two that "
    "changed their treatment during the survey after the failure of a filter bed, which was "
    "replaced.",
]


def _wrapped(paragraphs: list[str]) -> list[str]:
    return [line for p in paragraphs for line in textwrap.wrap(p, WIDTH)]


def _normalise(lines: list[str]):  # type: ignore[no-untyped-def]
    src = tuple(lines)
    norm = normalise_text(src, evidence_for("r.txt", src, dictionary=load_dictionary()), "r")
    bare = BookText(TextMeta("x", "x"), norm.blocks, norm.furniture)
    assert check_words(src, model_words(bare, norm.title_lines, norm.bylines)).ok
    return norm


def _paras(norm) -> list[str]:  # type: ignore[no-untyped-def]
    return [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para)]


def test_a_report_without_blank_lines_is_read_as_its_paragraphs():
    norm = _normalise(_wrapped(REPORT))
    paras = _paras(norm)
    assert len(paras) == len(REPORT)
    assert paras[1].startswith("Most towns met every limit")
    assert paras[2].startswith("Sampling followed") and paras[2].endswith("side by side.")
    assert norm.report.counts["paragraphs_split_without_blank_lines"] == len(REPORT) - 1


def test_a_text_that_separates_paragraphs_by_blank_lines_keeps_its_short_lines():
    # a novel's paragraph in which a line happens to end a sentence short of the measure
    novel = [
        "Whatever might have become of the party that had gone ahead, whose mode of life was",
        "liable to sudden migrations of abode.",
        "Accordingly, at the distance of about half a mile, he beheld a Highlander angling in the",
        "lake, with another attending him, whom he took to be the messenger of the chief.",
    ]
    lines: list[str] = []
    for paragraph in REPORT * 2:
        lines += [*_wrapped([paragraph]), ""]
    lines += novel
    assert not paragraph_profile(split_chunks(tuple(lines))).run_on
    paras = _paras(_normalise(lines))
    assert any(p.startswith("Whatever might") and p.endswith("the chief.") for p in paras)


def test_glossary_terms_and_titles_stand_apart_from_their_text():
    glossary = [
        "Glossary",
        "Aquifer",
        "A body of rock or sediment that holds groundwater and lets it flow to wells and springs "
        "in useful amounts.",
        "Catchment",
        "The area of land from which rain flows into one river, lake or reservoir, bounded by the "
        "high ground around it.",
    ]
    lines = [*_wrapped(REPORT), *[x for g in glossary for x in textwrap.wrap(g, WIDTH)]]
    paras = _paras(_normalise(lines))
    assert "Aquifer" in paras and "Catchment" in paras
    assert any(p.startswith("A body of rock") and p.endswith("useful amounts.") for p in paras)


def test_bullets_alone_on_a_line_open_their_items_and_never_glue_to_the_paragraph_above():
    lines = _wrapped(REPORT[:4])
    lines += ["The survey recommends three measures:", "•", "", "New pipes in old houses.", "", "•"]
    lines += ["", "A second filter bed in every town that has one, paid for by the", "", "", ""]
    lines += ["board and the towns together.", "", "•", ""]
    lines += ["Sampling twice a season in the eastern towns.", ""]
    lines += _wrapped(REPORT[4:])
    norm = _normalise(lines)
    paras = _paras(norm)
    assert any(p.endswith("three measures:") for p in paras)  # no bullet glued to it
    lists = [b for b in norm.blocks if isinstance(b, OrderedList)]
    assert len(lists) == 1 and lists[0].bullet and len(lists[0].items) == 3
    items = [plain_text(item[0].inlines) for item in lists[0].items]  # type: ignore[union-attr]
    assert items[0] == "New pipes in old houses."
    assert items[1].endswith("paid for by the board and the towns together.")  # over a page


def test_hollow_bullets_written_as_the_letter_o_are_items_under_their_bullet():
    lines = _wrapped(REPORT[:3])
    lines += ["•", "", "Govern: the board sets the policy and", "o GV-01: The policy is written"]
    lines += [
        "o GV-02: The policy is reviewed every",
        "year by the board",
        "o GV-03: Roles are known",
    ]
    lines += ["•", "", "Detect: the laboratories find what changed", "o DE-01: Samples are taken"]
    lines += _wrapped(REPORT[3:])
    norm = _normalise(lines)
    (top,) = [b for b in norm.blocks if isinstance(b, OrderedList)]
    assert top.bullet and len(top.items) == 2
    first, sub = top.items[0]
    assert plain_text(first.inlines) == "Govern: the board sets the policy and"  # type: ignore[union-attr]
    assert isinstance(sub, OrderedList) and sub.bullet and len(sub.items) == 3
    assert (
        plain_text(sub.items[1][0].inlines)
        == "GV-02: The policy is reviewed every year by the board"
    )  # type: ignore[union-attr]
    src = tuple(lines)
    bare = BookText(TextMeta("x", "x"), norm.blocks, norm.furniture)
    assert check_words(src, model_words(bare)).edits["letter-bullet"] == 4


def test_symbol_font_bullets_of_a_pdf_extract_are_bullets():
    counts: Counter[str] = Counter()
    assert clean_characters("\uf0b7 First\n\uf0a7 Second", counts) == "• First\n▪ Second"
    assert counts["symbol_font_bullets"] == 2


def test_contents_lines_with_dot_leaders_are_never_run_into_each_other():
    contents = [
        "Table of Contents",
        "1. Introduction " + "." * 60 + " 1",
        "2. Nitrate in the eastern towns " + "." * 44 + " 4",
        "3. Lead in old houses " + "." * 55 + " 9",
    ]
    lines = [*contents, "", *_wrapped(REPORT)]
    norm = _normalise(lines)
    # each entry its own paragraph, or its own line of a block of lines
    lines = [
        ln for b in norm.blocks if isinstance(b, Para) for ln in plain_text(b.inlines).split("\n")
    ]
    for entry, page in zip(contents[1:], (" 1", " 4", " 9"), strict=True):  # a row each
        assert lines.count(entry.split(" .")[0] + "\u2003" + page.strip()) == 1
    assert not any("...." in t for t in lines)  # the leaders were the printed page's
    assert norm.report.counts["contents_leaders_dropped"] == 3
    chunks = split_paragraphs(split_chunks(tuple(contents)), Evidence("x")).chunks
    assert [c.lines for c in chunks] == [(x,) for x in contents]  # in any text


def test_a_list_of_figures_after_the_contents_is_a_list_of_its_own():
    contents = ["Contents", *(f"{n}. Part {n} " + "." * 60 + f" {n * 3}" for n in (1, 2, 3))]
    figures = [
        "List of Figures",
        *(f"Fig. {n}. Map {n} " + "." * 55 + f" {n * 4}" for n in (1, 2, 3)),
    ]
    norm = _normalise([*_wrapped(REPORT[:1]), "", *contents, *figures, "", *_wrapped(REPORT[1:])])
    lists = [
        plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para) and b.role == "lines"
    ]
    assert lists == [
        "\n".join(f"{n}. Part {n}\u2003{n * 3}" for n in (1, 2, 3)),
        "\n".join(f"Fig. {n}. Map {n}\u2003{n * 4}" for n in (1, 2, 3)),
    ]
    assert "List of Figures" in _paras(norm)


def test_a_paragraph_ends_where_the_next_word_would_have_fitted_on_its_last_line():
    """pdftotext's justified lines vary in length; a line ending a sentence that stops short
    of the measure by more than the next line's first word (and a space) ends its paragraph."""
    lines = _wrapped(REPORT[:3])
    width = measure(split_chunks(tuple(_wrapped(REPORT))))
    cut = "in each of the forty towns that took part in the survey"
    while len(cut) + len(" The") + 3 <= 0.9 * width:
        cut += " too"
    cut += "."  # the next word would have fitted: early, but not by a wide margin
    assert 0.88 * width < len(cut) + len(" The") <= 0.9 * width
    lines += [
        "Samples were taken at the pumping stations, at schools and at the taps of houses",
        cut,
    ]
    lines += ["The board thanks the laboratories of the universities."]
    paras = _paras(_normalise([*lines, *_wrapped(REPORT[3:])]))
    assert any(p.endswith(cut) for p in paras)
    assert any(
        p.startswith("The board thanks the laboratories of the universities.") for p in paras
    )


#: An official journal's recitals: the number alone on its line, the recital under it.
RECITALS = [
    "Whereas:",
    "(1)",
    "",
    "The protection of water resources is a task shared by the member authorities, each of",
    "which keeps its own register of abstraction points.",
    "",
    "(2)",
    "",
    "The registers should be kept in a common form, so that the authorities can compare them.",
]


def test_a_recital_number_alone_on_its_line_starts_its_recital():
    paras = _paras(_normalise([*_wrapped(REPORT), "", *RECITALS]))
    assert any(p.startswith("(1) The protection of water resources") for p in paras)
    assert any(p.startswith("(2) The registers should be kept") for p in paras)
    assert "(2)" not in paras and "(1)" not in paras
    assert any(p.endswith("Whereas:") for p in paras)


def test_join_markers_leaves_a_number_with_nothing_under_it():
    out = join_markers((Chunk("(7)", 1), Chunk("(8)", 3)), Evidence("x")).chunks
    assert [c.text for c in out] == ["(7)", "(8)"]


def test_items_after_a_clause_are_split_in_a_journal_text():
    items = [
        "This Regulation does not apply to the abstraction of water:",
        "(a) by a household for its own use, in the course of a purely private activity; or",
        "(b) by the fire services in an emergency.",
    ]
    lines = [*_wrapped(REPORT), *items]
    chunks = split_paragraphs(split_chunks(tuple(lines)), Evidence("x")).chunks
    assert [c.lines[0][:3] for c in chunks[-3:]] == ["Thi", "(a)", "(b)"]


def test_letter_spaced_headings_are_repaired_only_on_the_text_s_evidence():
    lines = (
        "Section 2 of the survey sets out the transparency of its methods and modalities.",
        "Sec ti on 3",
        "Tr an s p ar enc y a nd mo da li tie s",
        "He wanted to get her to stop the car.",
        "C H A P T E R",
    )
    ev = Evidence("x", dictionary=frozenset({"and", "chapter", "together"}))
    out = repair_letter_spacing((Chunk("", 1, lines=lines),), ev)
    assert out.chunks[0].lines[1:] == (
        "Section 3",
        "Transparency and modalities",
        "He wanted to get her to stop the car.",  # words stay words: never "together"
        "CHAPTER",
    )
    assert out.counts["letter_spaced_lines_repaired"] == 3


def test_the_word_check_accepts_a_letter_spaced_join_only_where_the_source_is_spaced():
    prose = ("I go at one with the transparency of it.",) * 6  # "at" and "one" are its words
    src = (*prose, "Tr an s p ar enc y", "I go at one")
    before = " ".join(prose)
    book = words(f"{before} transparency i go at one")
    assert check_words(src, BookWords(book)).edits["letter-spacing"] == 6
    wrong = words(f"{before} transparency i go atone")
    assert not check_words(src, BookWords(wrong)).ok  # words of their own never join
    # a piece the text uses elsewhere a few times (a word broken at a line end) is a fragment
    src = ("The EC's considera-", "tion of it.", "S ec tion 2")
    assert check_words(src, BookWords(words("the ec s consideration of it section 2"))).ok


def test_a_soft_hyphen_at_a_line_end_joins_the_word_it_broke():
    raw = "\n".join(
        [*_wrapped(REPORT[:3]), "The survey should be technolo\u00ad", "gically neutral."]
    )
    counts: Counter[str] = Counter()
    lines = tuple(clean_characters(raw, counts).split("\n"))
    assert lines[-2].endswith("technolo\u00ad") and counts["line_end_soft_hyphens_kept"] == 1
    assert "\u00ad" not in clean_characters("a soft\u00adhyphen inside", Counter())
    norm = _normalise(list(lines))
    assert any("technologically neutral." in p for p in _paras(norm))


def test_lists_reach_the_book_as_bullets_and_as_numbers_from_their_own_start():
    loc = Loc("r.txt", 1)
    item = ((Para((Text("Clean water."),), loc),),)
    bullets = OrderedList(item, loc, bullet=True)
    numbered = OrderedList((*item, *item), loc, start=3)  # paragraphs 3 and 4 of an article
    text = BookText(TextMeta("r", "R"), (bullets, Para((Text("Then:"),), loc), numbered))
    ms = Manuscript("B", "", "", "", "en", "id", "2026", "", (text,))
    html = str(render_book(read_manuscript(write_manuscript(ms))).texts[0].body_html)
    assert "<ul>\n<li>" in html
    # the PDF writer numbers from the list-item counter, the EPUB from start
    assert '<ol start="3" style="counter-reset: list-item 2">' in html


#: A German novel's paragraphs as pdftotext gives a typeset page: no blank line between them,
#: many opening with a quotation mark (``»…«``) or a capital beyond ASCII (``Über``, ``Ärger``).
GERMAN = [
    "Am Morgen regnete es, und der Wagen stand schon vor dem Haus, als der Vater aus der Tür "
    "trat und nach dem Kutscher rief, der noch im Stall bei den Pferden war.",
    "»Wir fahren in einer Stunde«, sagte er zu der Mutter, die am Fenster stand und in den "
    "Regen hinaussah, ohne ihm zu antworten.",
    "Über die Straße kam der Nachbar mit einem Schirm, grüßte und blieb am Zaun stehen, um zu "
    "sehen, wer da so früh verreisen wollte.",
    "Ärger lag in der Luft, und niemand wusste, woher er kam; die Kinder saßen still am Tisch "
    "und aßen ihr Brot, ohne ein Wort zu sagen.",
    "„Nimm den Mantel mit“, rief ihm die Mutter nach.",
    "Öfter als sonst sah er auf die Uhr, als der Kutscher endlich kam und die Pferde "
    "anspannte, langsam und ohne Eile, wie es seine Art war.",
]


def test_a_german_extract_opens_paragraphs_with_its_own_quotes_and_capitals():
    lines: list[str] = []
    for para in GERMAN * 2:
        lines += textwrap.wrap(para, 60)
    text = tuple(lines)
    out = split_paragraphs(split_chunks(text), Evidence("de.txt", lines=text)).chunks
    assert [" ".join(c.lines) for c in out] == GERMAN * 2
