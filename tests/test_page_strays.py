"""Page furniture OCR leaves without its folio, scanner specks, and page joins after a full stop.

The texts here are made-up OCR layers of a travel book (not the seeds, not the corpus): pages
of wrapped prose, each with a folio and an alternating running head, blank lines around both,
as an Internet Archive text layer has them.
"""

from __future__ import annotations

import random

from samizdat.book import _bare
from samizdat.furniture import page_furniture
from samizdat.model import plain_text
from samizdat.normalise import evidence_for, normalise_text
from samizdat.wordcheck import check_words, model_words

VOCAB = "we rowed past the fjord while gulls wheeled over grey water and the pilot sang".split()  # noqa: SIM905
HEADS = ("A JOURNEY NORTH.", "THE COAST OF NORWAY.")


def _prose(seed: int, n: int = 18) -> list[str]:
    """A paragraph of ``n`` wrapped lines: a capital to open, a full stop to close."""
    rnd = random.Random(seed)
    lines = [" ".join(rnd.sample(VOCAB, 8)) for _ in range(n)]
    return [lines[0].capitalize(), *lines[1:-1], lines[-1] + "."]


def _page(number: int, folio: str | None = "", first: str = "", last: str = "") -> list[str]:
    """One page: its folio (``None``: OCR lost it; ``""``: the page number) and its head,
    then a paragraph of prose, whose first and last lines may be given (a sentence cut)."""
    head = HEADS[number % 2]
    top = [head, ""] if folio is None else [folio or str(number), "", head, ""]
    body = _prose(number)
    body[0], body[-1] = first or body[0], last or body[-1]
    return ["", "", *top, *body, ""]


def _book(pages: list[list[str]]) -> tuple[str, ...]:
    return ("A JOURNEY NORTH", "", "The book begins here.", "", *(x for p in pages for x in p))


def _read(lines: tuple[str, ...]) -> tuple[list[str], list[object]]:
    ev = evidence_for("journey.txt", lines)
    norm = normalise_text(lines, ev, "journey")
    check = check_words(lines, model_words(_bare(norm), norm.title_lines, norm.bylines))
    assert check.ok, check.problems("journey.txt")[:5]
    return [plain_text(b.inlines) for b in norm.blocks if hasattr(b, "inlines")], list(norm.blocks)


def test_a_head_left_by_a_lost_folio_goes_where_it_cuts_a_sentence():
    pages = [_page(n) for n in range(3, 12)]
    pages[4] = _page(7, last="and then the old pilot")
    pages[5] = _page(8, folio=None, first="turned the boat about.")  # OCR lost folio 8
    lines = _book(pages)
    texts, _ = _read(lines)
    assert any("and then the old pilot turned the boat about." in t for t in texts)
    assert not any(t.strip() in HEADS for t in texts)


def test_a_misread_folio_beside_an_orphaned_head_goes_with_it():
    pages = [_page(n) for n in range(3, 12)]
    pages[4] = _page(7, last="and the gulls")
    pages[5] = _page(8, folio="0", first="wheeled away.")  # "8" read as "0"
    lines = _book(pages)
    prof = page_furniture(lines)
    zero = next(i for i, line in enumerate(lines) if line == "0")
    assert prof.furniture.get(zero) == "folio"
    texts, _ = _read(lines)
    assert any("and the gulls wheeled away." in t for t in texts)


def test_the_first_line_of_a_heads_shape_is_a_heading_not_furniture():
    """A title or chapter heading reads as the heads that follow it; it comes first."""
    lines = (
        "",
        "THE COAST OF NORWAY.",
        "",
        "and so we came to it.",
        "",
        *_book([_page(n) for n in range(3, 10)]),
    )
    prof = page_furniture(lines)
    assert 1 not in prof.furniture


def test_specks_beside_furniture_go_and_a_chapter_numeral_under_a_folio_stays():
    pages = [_page(n) for n in range(3, 12)]
    pages[2] = ["n", "", *pages[2]]  # a speck above folio 5
    pages[6] = ["", "", "9", "", "I", "", "THE FJORD", "", *_prose(99)]  # folio, chapter I
    lines = _book(pages)
    prof = page_furniture(lines)
    speck = next(i for i, line in enumerate(lines) if line == "n")
    numeral = next(i for i, line in enumerate(lines) if line == "I")
    assert prof.furniture.get(speck) == "scan-speck"
    assert numeral not in prof.furniture


def test_a_contents_with_page_numbers_keeps_its_numbers():
    """A contents' page numbers count up too, but many to a page: they are no folios."""
    contents = []
    for k, page in enumerate((1, 3, 6, 8, 9, 12, 14, 17, 19, 22, 25, 27)):
        contents += [f"Chapter {k + 1} of the journey", "", "-", "", str(page), ""]
    lines = ("CONTENTS", "", *contents, *_book([_page(n) for n in range(3, 10)]))
    prof = page_furniture(lines)
    assert not any(i < len(contents) + 2 for i in prof.furniture)


def test_a_page_that_goes_on_in_lowercase_after_a_full_stop_is_joined():
    pages = [_page(n) for n in range(3, 12)]
    pages[3] = _page(6, last="and we ate fish two or three times a day.")
    pages[4] = _page(7, first="will often do.")
    texts, _ = _read(_book(pages))
    assert any("three times a day. will often do." in t for t in texts)


def test_a_lowercase_paragraph_without_a_page_break_between_stays_apart():
    lines = (*_book([_page(n) for n in range(3, 8)]), "", "It ended.", "", "and so on.")
    texts, _ = _read(lines)
    assert "It ended." in texts and "and so on." in texts


def test_a_repeated_line_set_apart_inside_a_sentence_is_a_running_head():
    """Where OCR lost most folios, a page's head still shows by where it stands: alone,
    between a line of prose that does not end and the text reading on, a line the text
    repeats (Hayes 1868: ``Highly Important to the Eeadcr.`` / ``…Reader.``, ``Venereal
    Diseases.``); its numbered prescriptions, standing between complete lines, stay."""
    from pathlib import Path

    from helpers import read_checked

    path = Path(__file__).parent / "fixtures/ocr/hayes-science-of-life-1868-ia-djvu-start.txt"
    lines = tuple(path.read_text(encoding="utf-8").split("\n"))
    furniture = page_furniture(lines).furniture
    heads = {lines[i].strip() for i, kind in furniture.items() if kind == "running-head"}
    assert {"Highly Important to the Eeadcr.", "Venereal Diseases."} <= heads
    assert not any(h.startswith("Prescription No") for h in heads)
    _, _, norm, _ = read_checked(path)
    texts = [plain_text(b.inlines) for b in norm.blocks if hasattr(b, "inlines")]
    body = "\n".join(texts)
    assert "cured. And the National Medical Association, of which" in body
    assert "one of the consequences of long protracted" in body
    assert sum(t.startswith("Prescription No") for t in texts) >= 30


def test_a_made_up_scans_head_inside_a_sentence_goes_without_its_folio():
    """The same on a second layer: pages whose folios OCR read only now and then."""
    pages = [_page(n, folio=None if n % 3 else "") for n in range(3, 15)]
    pages[4] = _page(7, folio=None, last="and then the old pilot of the northern boat")
    pages[5] = _page(8, folio=None, first="Turned the boat about.")
    texts, _ = _read(_book(pages))
    assert any("the old pilot of the northern boat Turned the boat about." in t for t in texts)


def test_a_note_running_over_to_the_next_pages_foot_stays_one_note(tmp_path):
    """Parker 1845, page 4's note 2 stops mid-sentence ("whether recent or"); its rest, set
    in the notes' smaller type, opens page 5's foot under the page's cut-off body, over the
    page's own note 1: it is the rest of note 2, not the body's."""
    import shutil
    from pathlib import Path

    from samizdat.model import NoteRef
    from samizdat.pipeline import load_book, normalise_book

    path = Path(__file__).parent / "fixtures/ocr/parker-syphilitic-diseases-1845-ia-djvu-start.txt"
    shutil.copy(path, tmp_path)
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    assert nb.conservation[0].ok  # (a paragraph further on is read plainly: p. 12's foot)
    norm = nb.manuscript.texts[0]

    def paras(blocks):  # type: ignore[no-untyped-def]
        for b in blocks:
            if hasattr(b, "inlines"):
                yield b
            for item in getattr(b, "items", ()):
                yield from paras(item)

    notes = [
        plain_text(p.inlines, with_notes=True)
        for b in paras(norm.blocks)
        for n in b.inlines
        if isinstance(n, NoteRef)
        for p in n.note.blocks
    ]
    sweden = next(n for n in notes if n.startswith("In Sweden and Denmark"))
    assert "whether recent or inveterate; but it is particularly indicated" in sweden
    assert sweden.rstrip().endswith("Paris, 1837.")
    body = [plain_text(b.inlines) for b in paras(norm.blocks)]
    assert not any("preparatory inveterate" in t for t in body)
    # the preface's head stands inside a sentence over its misread folio ("vm" for viii)
    assert any("exclusively with the mer-curialists, on the one hand" in t for t in body)
    # a catalogue's line in capitals: the case after its line-end hyphen is no evidence
    assert any("AND THE FUNCTION OF DIGESTION" in t for t in body)
