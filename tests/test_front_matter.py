"""Front matter: Project Gutenberg headers and licences of every era, YAML front matter, a
scan's boilerplate, title pages (title, byline, translator, imprint), and a title chosen from
evidence. Every text here is written for the test (none is a seed or a corpus text)."""

from __future__ import annotations

from helpers import chunks
from samizdat.book import load_book, normalise_book
from samizdat.model import Heading, Para, plain_text
from samizdat.normalise.chunks import Evidence, split_chunks
from samizdat.normalise.front import lift_title
from samizdat.normalise.frontmatter import mark_edition_matter, read_yaml
from samizdat.normalise.gutenberg import licence_start, read_header
from samizdat.wordcheck import BookWords, check_words

LICENCE = """*** END OF THE PROJECT GUTENBERG EBOOK THE LANTERN ***

Updated editions will replace the previous one.

*** START: FULL LICENSE ***

1.A. By reading or using any part of this Project Gutenberg-tm electronic work, you
indicate that you have read, understand, agree to and accept all the terms of this license.

1.B. "Project Gutenberg" is a registered trademark.
"""

MODERN = f"""The Project Gutenberg EBook of The Lantern, by Mary Holt

This eBook is for the use of anyone anywhere at no cost and with
almost no restrictions whatsoever.

Title: The Lantern
       A Story of the Coast

Author: Mary Holt

Release Date: May 1, 2009 [EBook #99999]

Language: English

*** START OF THIS PROJECT GUTENBERG EBOOK THE LANTERN ***




Produced by Anna Reed and the Online Distributed
Proofreading Team at http://www.pgdp.net




THE LANTERN


by

MARY HOLT




CHAPTER I

The lamp in the window had burned every night for thirty years, and the
fishermen of the bay steered by it as much as by the stars.

The keeper's daughter trimmed its wick at dusk and again at midnight.

End of the Project Gutenberg EBook of The Lantern, by Mary Holt

{LICENCE}"""

NINETIES = """*****The Project Gutenberg Etext of Apology for Idlers, by R. Lane*****
#3 in our series by R. Lane

Please take a look at the important information in this header.
We encourage you to keep this file on your own disk.

Apology for Idlers

by R. Lane

February, 1998  [Etext #1234]

***START**THE SMALL PRINT!**FOR PUBLIC DOMAIN ETEXTS**START***
Why is this "Small Print!" statement here? You know: lawyers.
They tell us you might sue us if there is something wrong with
your copy of this etext.

*END*THE SMALL PRINT! FOR PUBLIC DOMAIN ETEXTS*Ver.04.29.93*END*



This etext was prepared by Tom Fields <tom@example.org>



APOLOGY FOR IDLERS

by R. Lane

Translated by Paul Marsh



Idleness does not consist in doing nothing, but in doing a great deal
not recognised in the dogmatic formularies of the ruling class.

Extreme busyness is a symptom of deficient vitality.

End of this Project Gutenberg Etext of Apology for Idlers, by R. Lane
"""


def _build(tmp_path, text: str, name: str = "t.txt", encoding: str = "utf-8"):
    (tmp_path / name).write_bytes(text.encode(encoding))
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    return nb.manuscript.texts[0], nb.reports[0], nb.conservation[0]


def _body(text) -> str:
    return "\n".join(plain_text(b.inlines) for b in text.blocks if isinstance(b, Para | Heading))


def test_a_modern_gutenberg_text_has_its_title_page_lifted_and_its_header_in_the_source_note(
    tmp_path,
):
    text, report, check = _build(tmp_path, MODERN)
    assert check.ok, check.problems("t.txt")
    assert report.counts["paragraphs_read_plainly"] == 0
    # the title and byline of the title page, in the header's case
    assert (text.meta.title, text.meta.author, text.meta.editorial_title) == (
        "The Lantern",
        "Mary Holt",
        False,
    )
    body = _body(text)
    assert body.startswith("CHAPTER I") and "keeper's daughter" in body.replace("’", "'")
    assert "Gutenberg" not in body and "Produced by" not in body and "MARY HOLT" not in body
    furniture = " ".join(text.furniture)
    for kept in ("Title: The Lantern", "START OF THIS PROJECT", "Produced by Anna Reed", "1.B."):
        assert kept in furniture, kept
    assert "End of the Project Gutenberg EBook" in furniture


def test_a_1990s_gutenberg_text_loses_its_small_print_and_credits_to_the_source_note(tmp_path):
    text, _report, check = _build(tmp_path, NINETIES)
    assert check.ok, check.problems("t.txt")
    assert (text.meta.title, text.meta.author) == ("Apology for Idlers", "R. Lane")
    body = _body(text)
    assert body.startswith("Idleness does not consist")
    assert "Small Print" not in body and "prepared by" not in body and "Translated" not in body
    furniture = " ".join(text.furniture)
    assert "This etext was prepared by Tom Fields" in furniture
    assert "Translated by Paul Marsh" in furniture  # the translator, shown in the colophon
    assert "End of this Project Gutenberg Etext" in furniture


def test_a_gutenberg_text_without_a_title_page_takes_title_and_author_from_its_header(tmp_path):
    src = MODERN.replace("THE LANTERN\n\n\nby\n\nMARY HOLT\n", "")
    text, report, check = _build(tmp_path, src)
    assert check.ok, check.problems("t.txt")
    assert text.meta.title == "The Lantern: A Story of the Coast"
    assert text.meta.author == "Mary Holt" and not text.meta.editorial_title
    assert check.edits.get("field-label") == 2  # "Title" and "Author", verified in the header
    assert report.counts["title_from_header"] == 1


def test_a_bracketed_transcribers_note_after_the_header_is_furniture(tmp_path):
    note = (
        "  [Transcriber's Note:\n\n  The printed edition has a misprint on page 7.\n\n"
        "  It is kept as printed.]\n\n\n"
    )
    src = MODERN.replace("THE LANTERN\n\n\nby", note + "THE LANTERN\n\n\nby")
    text, _, check = _build(tmp_path, src)
    assert check.ok, check.problems("t.txt")
    assert "misprint" not in _body(text) and "kept as printed" in " ".join(text.furniture)
    assert text.meta.title == "The Lantern"


def test_a_german_title_page_lifts_von_and_moves_its_imprint(tmp_path):
    src = (
        "                      DER STILLE HOF\n\n"
        "                            VON\n\n"
        "                       ANNA BERGER\n\n\n"
        "            V E R L A G  A M  M E E R\n\n"
        "               GEDRUCKT BEI HANS & SOHN · KIEL\n\n\n"
        "I.\n\n"
        "Als der Herbst kam, war der Hof still. Niemand sprach von den\n"
        "Nachbarn, und die Kinder gingen früh zu Bett.\n"
    )
    text, _, check = _build(tmp_path, src)
    assert check.ok, check.problems("t.txt")
    assert (text.meta.title, text.meta.author) == ("DER STILLE HOF", "ANNA BERGER")
    body = _body(text)
    assert "VON" not in body.split() and "GEDRUCKT" not in body and "V E R" not in body
    assert check.edits.get("byline-by") == 1  # "VON" alone above the name
    assert any("GEDRUCKT BEI" in f for f in text.furniture)


YAML = """---
title: "Maps of the Open Sea"
layout: post
tags:
 - charts
 - sea
authors:
 - ines
 - tom
description: Sailors drew the open sea long before they could measure it.
---

Sailors drew the open sea long before they could measure it.

Their maps were stories as much as charts.
"""


def test_yaml_front_matter_gives_title_and_authors_and_keeps_its_other_fields(tmp_path):
    text, _report, check = _build(tmp_path, YAML, "post.md.txt")
    assert check.ok, check.problems("post.md.txt")
    assert (text.meta.title, text.meta.author) == ("Maps of the Open Sea", "ines, tom")
    body = _body(text)
    assert body.startswith("Sailors drew the open sea") and "layout" not in body
    assert "---" not in body
    assert (
        "layout: post" in text.furniture
        and "tags: charts, sea" in text.furniture
        and any(f.startswith("description:") for f in text.furniture)
    )
    assert check.edits.get("field-label") == 2  # "title:" and "authors:"


def test_yaml_front_matter_right_above_the_text_keeps_the_text(tmp_path):
    src = "---\ntitle: Short Note\n---\nThe note itself follows the block at once.\n"
    text, _, check = _build(tmp_path, src)
    assert check.ok, check.problems("t.txt")
    assert text.meta.title == "Short Note"
    assert _body(text) == "The note itself follows the block at once."


def test_read_yaml_needs_a_closed_block_of_fields():
    assert read_yaml(("---", "title: x")) == (0, ())
    assert read_yaml(("---", "Some prose, not a field.", "---")) == (0, ())
    end, fields = read_yaml(("---", "title: 'A: B'", "tags: [a, b]", "---", "text"))
    assert end == 4 and [f.value for f in fields] == ["A: B", "[a, b]"]


SCAN = """
Digitized by the Internet Archive
in 2012 with funding from
Some County Library

http://archive.org/details/treatiseongout00doej



A TREATISE

ON

THE GOUT.


By JOHN DOE, M. D.,

Physician to the County Hospital.


PREFACE.

The gout is a disease of the rich, and of those who would be.
"""


def test_a_scans_boilerplate_is_furniture_and_its_title_page_gives_title_and_author(tmp_path):
    text, report, check = _build(tmp_path, SCAN)
    assert check.ok, check.problems("t.txt")
    assert text.meta.title == "A TREATISE ON THE GOUT"
    assert text.meta.author == "JOHN DOE, M. D."
    assert "Digitized" not in _body(text) and "archive.org" not in _body(text)
    assert any(f.startswith("Digitized by the Internet Archive") for f in text.furniture)
    assert report.counts["scanner_boilerplate_to_source_note"] == 2


def test_a_link_over_the_title_page_is_never_the_title(tmp_path):
    """A scan whose library stamp comes before the archive's boilerplate: the boilerplate is
    no longer read as one block with its link, and the link alone is not the title."""
    text, _, check = _build(tmp_path, "22900254071\n\ns\n" + SCAN.replace("http://", "https://"))
    assert check.ok, check.problems("t.txt")
    assert text.meta.title == "A TREATISE ON THE GOUT"
    out = lift_title(chunks("www.example.org/texts/41", "ON COLD WATER", "Text."), Evidence("x"))
    assert [c.kind for c in out.chunks][:2] == ["para", "title"]


def test_a_title_is_never_noise_a_date_line_or_a_chapter_heading():
    ev = Evidence("x")
    out = lift_title(chunks("/o,", "4.5.2016", "ON COLD WATER", "By A. Roe", "Text."), ev)
    assert [c.kind for c in out.chunks] == ["para", "para", "title", "byline", "para"]
    out = lift_title(chunks("CHAPTER IV", "It rained.", "More."), ev)
    assert "title" not in [c.kind for c in out.chunks]


def test_a_line_repeated_as_a_running_head_is_no_title_unless_a_byline_follows():
    lines = ("Harbour Gazette", "", "The Quiet Night", "", "It was quiet.") + (
        "",
        "Harbour Gazette",
        "more text.",
    ) * 3
    ev = Evidence("x", lines=lines)
    out = lift_title(split_chunks(lines), ev)
    assert out.chunks[0].kind == "para" and out.chunks[1].kind == "title"
    lines = ("Harbour Gazette", "", "by Ann Lee", "", "It was quiet.", *lines[5:])
    out = lift_title(split_chunks(lines), Evidence("x", lines=lines))
    assert [c.kind for c in out.chunks[:2]] == ["title", "byline"]


def test_a_title_page_misread_is_taken_as_its_running_head_prints_it():
    lines = ["AThe Quiet Harbour", "Report", "Harbour Authority of Somewhere", "", "Intro text."]
    for n in range(2, 7):
        lines += ["\f", "The Quiet Harbour Report", "", f"Page {n} text runs on.", str(n)]
    lines = tuple(lines)
    starts = tuple(i + 1 for i, x in enumerate(lines) if x == "\f")
    from samizdat.normalise import evidence_for

    ev = evidence_for("x", lines, starts)
    assert any(k == "running-head" for k in ev.furniture.values())
    made = mark_edition_matter(split_chunks(lines), ev).chunks
    out = lift_title(made, ev).chunks
    kinds = {c.kind: c.text for c in out[:3]}
    assert kinds["title"] == "The Quiet Harbour Report"
    assert kinds["byline"] == "Harbour Authority of Somewhere"
    assert kinds["furniture"] == "AThe Quiet Harbour Report"  # the title page as it reads


def test_gutenberg_header_and_licence_are_found_by_their_markers():
    lines = tuple(MODERN.split("\n"))
    header = read_header(lines)
    assert header is not None and header.title == "The Lantern" and header.language == "English"
    assert lines[header.end - 1].startswith("*** START OF THIS PROJECT")
    assert lines[licence_start(lines) - 1].startswith("End of the Project Gutenberg EBook")
    assert read_header(("A plain text", "about Project Gutenberg's history.")) is None
    old = tuple(NINETIES.split("\n"))
    assert read_header(old).title == "Apology for Idlers"  # from the opening line
    assert read_header(old).author == "R. Lane"


def test_the_word_check_accepts_field_labels_only_inside_a_header():
    src = ("---", "title: Maps", "---", "", "Title: Maps", "", "Body.")
    book = BookWords(["title", "maps", "body"], lifted=[["maps"]])
    check = check_words(src, book)
    assert check.ok and check.edits["field-label"] == 1
    # outside front matter, a "Title:" line's label is a word like any other
    src = ("Title: Maps", "", "Body.")
    assert not check_words(src, BookWords(["body"], lifted=[["maps"]])).ok


def test_a_gutenberg_title_page_is_found_by_the_title_its_header_gives(tmp_path):
    page = "[Illustration]\n\nTHE COAST LIBRARY\n\n\nTHE LANTERN\n\n\nby"
    text, _, check = _build(tmp_path, MODERN.replace("THE LANTERN\n\n\nby", page))
    assert check.ok, check.problems("t.txt")
    assert (text.meta.title, text.meta.author) == ("The Lantern", "Mary Holt")
    body = _body(text)
    assert body.startswith("[Illustration]") and "THE COAST LIBRARY" in body
    assert "THE LANTERN" not in body


def test_a_title_page_under_a_publishers_notice_is_no_heading(tmp_path):
    """A series' notice set over the title, one line apart (Gabriël's Dutch title page: "ELK
    DEEL IS AFZONDERLIJK VERKRIJGBAAR" / "GULDENS-EDITIE." / "ONTBOEZEMINGEN"): the page is
    the title page, not the text's first chapter, and its notice stays as printed."""
    page = "EVERY VOLUME SOLD SEPARATELY\n\nSHILLING EDITION.\n\nTHE LANTERN\n\nby"
    text, _, check = _build(tmp_path, MODERN.replace("THE LANTERN\n\n\nby", page))
    assert check.ok, check.problems("t.txt")
    heads = [plain_text(b.inlines) for b in text.blocks if isinstance(b, Heading)]
    assert not any("VOLUME" in h or "LANTERN" in h for h in heads), heads
    assert heads[0].startswith("CHAPTER I")
    assert "EVERY VOLUME SOLD SEPARATELY" in _body(text)
