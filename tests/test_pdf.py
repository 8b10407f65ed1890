"""The print PDF, read back: page geometry, folios, contents, heads, outline, metadata, fonts.

Every check reads the finished PDF (pypdf, poppler's pdftotext/pdffonts), never golden bytes.
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from markupsafe import Markup

from samizdat import paths
from samizdat.config import PAPER_SIZES
from samizdat.render.html import RenderedBook
from samizdat.render.pdf import (
    FONT_LICENCE_NAME,
    PAPER_GEOMETRY,
    LocalOnlyFetcher,
    PdfLayout,
    book_html,
    write_pdf,
)
from samizdat.render.pdf_html import runhead

MM = 72 / 25.4  # PDF points per millimetre

needs_poppler = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("pdffonts")), reason="poppler-utils missing"
)


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(autouse=True)
def no_logged_warnings(caplog: pytest.LogCaptureFixture):
    """Fail on any warning WeasyPrint (or anyone) logs while a test, or a fixture it sets up, runs.

    conftest's fail_on_library_warnings reads ``caplog.records`` at teardown, which only holds
    the teardown phase's records; this reads the setup and call phases (module-scoped renders
    happen in the setup phase of the first test that uses them).
    """
    caplog.set_level(logging.WARNING)
    yield
    bad = [
        r
        for when in ("setup", "call")
        for r in caplog.get_records(when)
        if r.levelno >= logging.WARNING
    ]
    if bad:
        pytest.fail("warnings logged: " + "; ".join(r.getMessage() for r in bad[:5]))


@pytest.fixture(scope="module")
def rendered(sample_book: RenderedBook, tmp_path_factory) -> tuple[Path, PdfLayout]:
    out = tmp_path_factory.mktemp("pdf") / "book.pdf"
    layout = write_pdf(sample_book, out, build_id="test-build-42")
    return out, layout


@pytest.fixture(scope="module")
def reader(rendered) -> pypdf.PdfReader:
    return pypdf.PdfReader(rendered[0])


def page_text(pdf: Path, index: int, *, layout: bool = True) -> str:
    """The text of one page (0-based index) as poppler extracts it."""
    args = ["pdftotext", "-f", str(index + 1), "-l", str(index + 1)]
    if layout:
        args.append("-layout")
    return subprocess.run([*args, str(pdf), "-"], check=True, capture_output=True, text=True).stdout


def lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def printed_folio(pdf: Path, index: int) -> str | None:
    """The folio printed on a page: at the outer end of the head line, or alone at the foot."""
    ls = lines(page_text(pdf, index))
    if not ls:
        return None
    if re.fullmatch(r"[0-9]+|[ivxlc]+", ls[-1]):
        return ls[-1]
    head = ls[0].split()
    for token in (head[0], head[-1]):
        if token.isdigit():
            return token
    return None


def words_with_boxes(pdf: Path, index: int) -> list[tuple[str, float, float]]:
    """(word, xMin, xMax) of every word on a page, in points."""
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(index + 1), "-l", str(index + 1), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [
        (m.group(3), float(m.group(1)), float(m.group(2)))
        for m in re.finditer(
            r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)<', out
        )
    ]


def display_title(text) -> str:
    return f"[{text.title}]" if text.editorial_title else text.title


def contents_numbers(pdf: Path, layout: PdfLayout) -> dict[str, str]:
    """Each contents line that ends in dot leaders: its label → the number printed beside it."""
    found: dict[str, str] = {}
    for index in range(layout.body_start):
        text = page_text(pdf, index)
        if "ontent" not in text:  # the letter-spaced small-caps heading extracts oddly
            continue
        for line in lines(text):
            m = re.fullmatch(r"(.+?)\s*(?:\.\s*){3,}\s*(\S+)", line)
            if m:
                found[m.group(1).strip()] = m.group(2)
    return found


# ---------------------------------------------------------------- structure and numbering


def test_layout_report(rendered, sample_book):
    pdf, layout = rendered
    assert layout.page_count == len(pypdf.PdfReader(pdf).pages)
    assert len(layout.page_labels) == layout.page_count
    for text in sample_book.texts:
        assert text.id in layout.anchors
        for n in range(1, text.paragraphs + 1):
            assert f"{text.id}-p{n}" in layout.anchors, f"{text.id}-p{n} missing from anchors"
        for section in text.sections:
            assert section.id in layout.anchors
        for note in text.notes:
            assert layout.anchors[note.ref_id] <= layout.anchors[note.id]
        pages = [layout.anchors[f"{text.id}-p{n}"] for n in range(1, text.paragraphs + 1)]
        assert pages == sorted(pages), "paragraphs must run forward through the pages"
        assert layout.text_start_pages[text.id] == layout.page_labels[layout.anchors[text.id]]
    assert all(0 <= i < layout.page_count for i in layout.anchors.values())


def test_page_labels_roman_then_arabic(rendered, reader):
    _, layout = rendered
    front = layout.page_labels[: layout.body_start]
    body = layout.page_labels[layout.body_start :]
    assert front and all(re.fullmatch(r"[ivxlc]+", label) for label in front)
    assert front[:4] == ["i", "ii", "iii", "iv"]
    assert body == [str(n) for n in range(1, len(body) + 1)]
    assert reader.page_labels == layout.page_labels


@needs_poppler
def test_contents_numbers_match_printed_folios(rendered, sample_book):
    pdf, layout = rendered
    numbers = contents_numbers(pdf, layout)
    for text in sample_book.texts:
        title = display_title(text)
        assert title in numbers, f"{title!r} not in the contents: {numbers}"
        number = numbers[title]
        assert number != "0"
        start = layout.anchors[text.id]
        assert printed_folio(pdf, start) == number, f"{title}: contents says {number}"
        assert layout.page_labels[start] == number
        for section in text.sections:
            assert numbers.get(section.title) == layout.page_labels[layout.anchors[section.id]]
    assert "0" not in numbers.values()


@needs_poppler
def test_texts_open_on_rectos(rendered, sample_book):
    pdf, layout = rendered
    for text in sample_book.texts:
        start = layout.anchors[text.id]
        assert start % 2 == 0, f"{text.id} opens on physical page {start + 1}, a verso"
        assert int(layout.page_labels[start]) % 2 == 1
        opening = lines(page_text(pdf, start))
        assert opening[0] == display_title(text), "an opening page carries no running head"
        assert sample_book.title.lower() not in " ".join(opening[:2]).lower()


@needs_poppler
def test_running_heads(rendered, sample_book):
    pdf, layout = rendered
    starts = {layout.anchors[t.id]: t for t in sample_book.texts}
    seen_left = seen_right = False
    current = None
    for index in range(layout.body_start, layout.page_count):
        current = starts.get(index, current)
        ls = lines(page_text(pdf, index))
        if index in starts or not ls:
            continue  # opening or blank page
        head = ls[0].lower()
        folio = layout.page_labels[index]
        if index % 2 == 1:  # verso: folio, book title
            assert head.startswith(folio) and sample_book.title.lower() in head, head
            seen_left = True
        else:  # recto: text title, folio
            assert head.endswith(folio) and runhead(current.title).lower() in head, head
            assert "[" not in head and "…" not in head, head
            seen_right = True
    assert seen_left and seen_right


@needs_poppler
def test_blank_pages_are_blank(rendered):
    pdf, _ = rendered
    # The sample's front matter has a blank verso behind the half-title.
    assert lines(page_text(pdf, 1)) == []


def test_outline_holds_texts_and_sections_only(reader, sample_book):
    def flatten(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item, depth + 1)
            else:
                yield depth, item.title, reader.get_destination_page_number(item)

    got = list(flatten(reader.outline))
    expected = []
    for text in sample_book.texts:
        expected.append((0, display_title(text)))
        expected.extend((s.level - 1, s.title) for s in text.sections)
    assert [(d, t) for d, t, _ in got] == expected


def test_metadata(reader, sample_book):
    info = reader.metadata
    assert info.title == sample_book.title
    for author in sample_book.authors:
        assert author in info.author
    assert reader.trailer["/Root"]["/Lang"] == sample_book.language
    assert info["/CreationDate"].startswith("D:" + sample_book.date.replace("-", ""))


def test_font_licence_attached(reader):
    attachments = reader.attachments
    assert FONT_LICENCE_NAME in attachments
    assert b"SIL OPEN FONT LICENSE" in attachments[FONT_LICENCE_NAME][0]


#: Faces the book may embed: Source Serif Pro as declared with @font-face, nothing synthesised.
OUR_FACES = {
    "Source-Serif-Pro",
    "Source-Serif-Pro-Italic",
    "Source-Serif-Pro-Semi-Bold",
    "Source-Serif-Pro-Semi-Bold-Italic",
    "Source-Serif-Pro-Bold",
    "Source-Serif-Pro-Bold-Italic",
}


def embedded_fonts(pdf: Path) -> list[tuple[str, str]]:
    """(font name without subset tag, the emb/sub/uni columns) for each font pdffonts lists."""
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True)
    rows = out.stdout.splitlines()[2:]
    return [(row.split()[0].split("+")[-1], row) for row in rows]


@needs_poppler
def test_every_font_embedded_and_ours(rendered):
    pdf, _ = rendered
    fonts = embedded_fonts(pdf)
    assert fonts, "no fonts listed"
    for name, row in fonts:
        assert name in OUR_FACES, f"unexpected font {name}: {row}"
        assert re.search(r"\byes\s+yes\s+yes\b", row), f"not embedded+subset+unicode: {row}"
    names = {name for name, _ in fonts}
    assert {"Source-Serif-Pro", "Source-Serif-Pro-Italic", "Source-Serif-Pro-Semi-Bold"} <= names


@needs_poppler
def test_italic_hyphenation_uses_the_real_italic(sample_book, tmp_path):
    """A hyphen inside italics once fell back to a synthetic oblique (U+2010 is not in the It)."""
    words = "incomprehensibilities internationalisation counterrevolutionary " * 40
    body = Markup(
        f'<p id="first-essay-p1" data-para="1"><em>{words}</em> <strong><em>{words}</em></strong>'
        "</p>"
    )
    text = replace(sample_book.texts[0], body_html=body, notes=(), sections=(), paragraphs=1)
    book = replace(sample_book, texts=(text,))
    pdf = tmp_path / "italic.pdf"
    layout = write_pdf(book, pdf)
    body_text = "".join(page_text(pdf, i) for i in range(layout.body_start, layout.page_count))
    assert re.search(r"\w-\n", body_text), "expected hyphenated line ends"
    names = {name for name, _ in embedded_fonts(pdf)}
    assert names <= OUR_FACES, names - OUR_FACES


@needs_poppler
def test_text_is_text_not_markup(rendered, sample_book):
    pdf, layout = rendered
    everything = "".join(page_text(pdf, i, layout=False) for i in range(layout.page_count))
    assert "<script>alert(1)</script> *literal*" in everything
    assert "Note text missing from the source." in everything


@needs_poppler
def test_colophon(rendered, sample_book):
    pdf, layout = rendered
    colophon = " ".join(
        " ".join(lines(page_text(pdf, i, layout=False))) for i in range(layout.body_start)
    )
    assert "A journal, 1999" in colophon
    assert "Marxists Internet Archive" in colophon
    assert sample_book.rights in colophon
    assert "test-build-42" in colophon
    assert "supplied by the editor" in colophon
    assert "'teh'" in colophon and "(typo)" in colophon
    assert "Open Font License" in colophon


@needs_poppler
def test_notes_link_back_with_call_page(rendered, sample_book):
    pdf, layout = rendered
    text = sample_book.texts[0]
    note = text.notes[0]
    notes_page = page_text(pdf, layout.anchors[note.id])
    assert "Notes".lower() in notes_page.lower()
    call_folio = layout.page_labels[layout.anchors[note.ref_id]]
    assert re.search(rf"p\.\s{call_folio}\b", notes_page), notes_page
    reader = pypdf.PdfReader(pdf)
    page = reader.pages[layout.anchors[note.id]]
    dests = [a.get_object().get("/Dest") for a in page.get("/Annots", [])]
    assert note.ref_id in [str(d) for d in dests if d is not None]


# ---------------------------------------------------------------- presets and options


@pytest.mark.parametrize("paper", ["a4", "letter", "6x9"])
def test_paper_presets(sample_book, tmp_path, paper):
    layout = write_pdf(sample_book, tmp_path / "book.pdf", paper=paper)
    reader = pypdf.PdfReader(tmp_path / "book.pdf")
    width, height = PAPER_SIZES[paper]
    for page in reader.pages:
        box = page.mediabox
        assert float(box.width) == pytest.approx(width * MM, abs=0.2)
        assert float(box.height) == pytest.approx(height * MM, abs=0.2)
    assert layout.page_labels[layout.anchors[sample_book.texts[0].id]] == "1"


def test_default_is_a5(reader):
    width, height = PAPER_SIZES["a5"]
    assert float(reader.pages[0].mediabox.width) == pytest.approx(width * MM, abs=0.2)
    assert float(reader.pages[-1].mediabox.height) == pytest.approx(height * MM, abs=0.2)


def test_unknown_paper_is_an_error(sample_book, tmp_path):
    with pytest.raises(ValueError, match="unknown paper"):
        write_pdf(sample_book, tmp_path / "x.pdf", paper="a3")


def test_bleed_and_crop_marks(sample_book, tmp_path):
    write_pdf(sample_book, tmp_path / "bleed.pdf", bleed=True)
    page = pypdf.PdfReader(tmp_path / "bleed.pdf").pages[0]
    width, height = PAPER_SIZES["a5"]
    assert float(page.trimbox.width) == pytest.approx(width * MM, abs=0.2)
    assert float(page.mediabox.width) == pytest.approx((width + 6) * MM, abs=0.2)
    assert float(page.mediabox.height) == pytest.approx((height + 6) * MM, abs=0.2)


@needs_poppler
def test_paragraph_numbers_in_outer_margin(sample_book, tmp_path):
    pdf = tmp_path / "numbers.pdf"
    layout = write_pdf(sample_book, pdf, para_numbers=True)
    geometry = PAPER_GEOMETRY["a5"]
    checked = set()
    for text in sample_book.texts:
        for n in range(1, text.paragraphs + 1):
            index = layout.anchors[f"{text.id}-p{n}"]
            recto = index % 2 == 0
            words = words_with_boxes(pdf, index)
            if recto:
                margin = [w for w, x0, _ in words if x0 > (geometry.width - geometry.outer) * MM]
            else:
                margin = [w for w, _, x1 in words if x1 < geometry.outer * MM]
            assert str(n) in margin, f"{text.id} ¶{n} not in the outer margin of page {index}"
            checked.add(recto)
    assert checked == {True, False}, "numbers were checked on rectos and versos"


def test_notes_margin_widens_outer_margin(sample_book):
    narrow = book_html(sample_book)
    wide = book_html(sample_book, notes_margin=True)
    assert f"margin-right: {PAPER_GEOMETRY['a5'].outer}mm" in narrow
    assert "margin-right: 38mm" in wide and "margin-right: 38mm" not in narrow


def test_tagged_pdf(sample_book, tmp_path):
    write_pdf(sample_book, tmp_path / "ua.pdf", tagged=True)
    root = pypdf.PdfReader(tmp_path / "ua.pdf").trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


def test_reproducible(sample_book, tmp_path, rendered):
    first, _ = rendered
    second = tmp_path / "again.pdf"
    write_pdf(sample_book, second, build_id="test-build-42")
    assert first.read_bytes() == second.read_bytes()
    third = tmp_path / "other.pdf"
    write_pdf(sample_book, third, build_id="another-build")
    assert third.read_bytes() != second.read_bytes()


def test_editorial_date_fallback(sample_book, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    book = replace(sample_book, date="")
    write_pdf(book, tmp_path / "d.pdf")
    info = pypdf.PdfReader(tmp_path / "d.pdf").metadata
    assert info["/CreationDate"].startswith("D:20231114")


# ---------------------------------------------------------------- templates and security


def test_markup_in_metadata_is_escaped(sample_book):
    book = replace(sample_book, title='Tricky <b>"quotes"</b> & ampersands')
    html = book_html(book)
    assert "<b>" not in html.split("<body", 1)[1].split("</main>", 1)[0].split("<main", 1)[0]
    assert "&lt;b&gt;" in html


def test_fetcher_serves_only_templates_and_fonts(tmp_path):
    fetcher = LocalOnlyFetcher((paths.TEMPLATES / "print", paths.FONTS))
    css = fetcher.fetch((paths.TEMPLATES / "print" / "heads.css").as_uri())
    assert b"@page" in css.read()
    assert fetcher.fetch((paths.FONTS / "SourceSerifPro-Regular.otf").as_uri()).read()[:4]
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    for url in (
        "http://example.com/evil.css",
        "https://example.com/font.otf",
        "data:text/css,body{}",
        outside.as_uri(),
        (paths.TEMPLATES / "print" / ".." / ".." / "pyproject.toml").as_uri(),
        "file:///etc/passwd",
        "file://remotehost/share/x.css",
    ):
        with pytest.raises(PermissionError):
            fetcher.fetch(url)


# ---------------------------------------------------------------- booklet and proofs


def numbered_pages(path: Path, count: int) -> Path:
    """An A5 PDF whose page i (1-based) says only ``PAGE-i``."""
    from weasyprint import HTML

    body = "".join(
        f'<p style="break-after: page; font-size: 40pt">PAGE-{i}</p>' for i in range(1, count + 1)
    )
    HTML(string=f"<style>@page {{ size: A5; margin: 20mm }}</style>{body}").write_pdf(path)
    return path


def half_text(pdf: Path, index: int, half: int) -> str:
    """Text of the left (0) or right (1) half of a sheet side, at 72 dpi."""
    page = pypdf.PdfReader(pdf).pages[index]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    out = subprocess.run(
        [
            "pdftotext",
            "-r",
            "72",
            "-f",
            str(index + 1),
            "-l",
            str(index + 1),
            "-x",
            str(int(half * width / 2)),
            "-y",
            "0",
            "-W",
            str(int(width / 2)),
            "-H",
            str(int(height)),
            str(pdf),
            "-",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return " ".join(out.split())


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (
            16,
            [(16, 1), (2, 15), (14, 3), (4, 13), (12, 5), (6, 11), (10, 7), (8, 9)],
        ),
        (10, [(None, 1), (2, None), (10, 3), (4, 9), (8, 5), (6, 7)]),
    ],
)
@needs_poppler
def test_booklet_page_order(tmp_path, count, expected):
    from samizdat.render.booklet import A4_LANDSCAPE, booklet_order, impose_booklet

    assert [
        tuple(None if i is None else i + 1 for i in side) for side in booklet_order(count)
    ] == expected
    source = numbered_pages(tmp_path / "in.pdf", count)
    sides = impose_booklet(source, tmp_path / "booklet.pdf")
    assert sides == len(expected)
    reader = pypdf.PdfReader(tmp_path / "booklet.pdf")
    assert len(reader.pages) == len(expected)
    for index, side in enumerate(expected):
        box = reader.pages[index].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx(A4_LANDSCAPE, abs=0.5)
        for half, number in enumerate(side):
            got = half_text(tmp_path / "booklet.pdf", index, half)
            assert got == ("" if number is None else f"PAGE-{number}"), (index, half, got)


@needs_poppler
def test_booklet_in_signatures_folds_and_gathers_in_reading_order(tmp_path):
    """24 pages in signatures of 2 sheets: three booklets of 8 pages, one after another, each
    from its outer sheet in; folding each and stacking them reads 1…24."""
    from samizdat.render.booklet import impose_booklet

    source = numbered_pages(tmp_path / "in.pdf", 24)
    sides = impose_booklet(source, tmp_path / "sig.pdf", sheets=2)
    assert sides == 12
    got = [
        tuple(int(half_text(tmp_path / "sig.pdf", i, h).split("-")[1]) for h in (0, 1))
        for i in range(sides)
    ]
    for signature in range(3):
        first = 8 * signature + 1
        outer_front, outer_back, inner_front, inner_back = got[4 * signature : 4 * signature + 4]
        assert outer_front == (first + 7, first) and outer_back == (first + 1, first + 6)
        assert inner_front == (first + 5, first + 2) and inner_back == (first + 3, first + 4)


@needs_poppler
def test_booklet_creep_moves_inner_pages_towards_the_fold(tmp_path):
    """With 0.5 mm creep a signature's second sheet has its pages 0.5 mm nearer the fold, its
    first none; the text's position shows it."""
    from samizdat.render.booklet import MM, impose_booklet

    source = numbered_pages(tmp_path / "in.pdf", 8)
    impose_booklet(source, tmp_path / "flat.pdf", sheets=0)
    impose_booklet(source, tmp_path / "creep.pdf", sheets=0, creep=0.5)

    def left_x(pdf: Path, index: int) -> list[float]:
        xml = subprocess.run(
            ["pdftotext", "-bbox", "-f", str(index + 1), "-l", str(index + 1), str(pdf), "-"],
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        return [float(x) for x in re.findall(r'<word xMin="([\d.]+)"', xml)]

    for index, moved in ((0, 0.0), (2, 0.5 * MM)):
        flat, crept = left_x(tmp_path / "flat.pdf", index), left_x(tmp_path / "creep.pdf", index)
        assert crept[0] - flat[0] == pytest.approx(moved, abs=0.05)  # the left page: rightwards
        assert flat[1] - crept[1] == pytest.approx(moved, abs=0.05)  # the right page: leftwards


@needs_poppler
def test_collation_marks_step_down_the_spine_one_per_signature(tmp_path):
    """The outer sheet of each signature carries a black block across its fold, each one
    lower than the last; a single signature (a saddle-stitched booklet) carries none."""
    from PIL import Image

    from samizdat.render.booklet import impose_booklet

    source = numbered_pages(tmp_path / "in.pdf", 24)
    impose_booklet(source, tmp_path / "sig.pdf", sheets=2)
    impose_booklet(source, tmp_path / "one.pdf", sheets=0)

    def mark_rows(pdf: Path, index: int) -> list[int]:
        stem = tmp_path / f"{pdf.stem}-{index}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "72", "-f", str(index + 1), "-l", str(index + 1),
             "-singlefile", str(pdf), str(stem)],
            check=True,
        )  # fmt: skip
        image = Image.open(f"{stem}.png").convert("L")
        fold = image.width // 2
        return [y for y in range(image.height) if image.getpixel((fold, y)) < 60]

    tops = [mark_rows(tmp_path / "sig.pdf", 4 * n)[0] for n in range(3)]
    assert tops[0] < tops[1] < tops[2]
    assert mark_rows(tmp_path / "sig.pdf", 1) == []  # the back of a sheet: no mark
    assert mark_rows(tmp_path / "one.pdf", 0) == []


def test_signatures_and_a_warning_when_one_is_too_thick():
    from samizdat.render.booklet import signature_sizes, thickness_warning

    assert signature_sizes(184, 4) == [4] * 11 + [2]
    assert signature_sizes(12, 4) == [3]
    assert "46 sheets" in thickness_warning(184, 0)
    assert thickness_warning(184, 4) == "" and thickness_warning(48, 0) == ""
    assert "20 sheets" in thickness_warning(184, 20)


@needs_poppler
def test_booklet_of_the_book_with_bleed(sample_book, tmp_path):
    from samizdat.render.booklet import impose_booklet

    layout = write_pdf(sample_book, tmp_path / "bleed.pdf", bleed=True)
    sides = impose_booklet(tmp_path / "bleed.pdf", tmp_path / "booklet.pdf")
    assert sides == -(-layout.page_count // 4) * 2
    # Side 3 (the second sheet's front) has the title page (iii) on its right half.
    assert sample_book.title in half_text(tmp_path / "booklet.pdf", 2, 1)


def test_parse_pages():
    from samizdat.render.proof import parse_pages

    assert parse_pages("1-3,7,9-", 10) == [1, 2, 3, 7, 9, 10]
    assert parse_pages("2,2,1", 5) == [2, 1]
    for bad in ("0", "3-2", "11", "a", ""):
        with pytest.raises(ValueError):
            parse_pages(bad, 10)


@needs_poppler
def test_render_proof(rendered, tmp_path):
    from PIL import Image

    from samizdat.render.proof import render_proof

    pdf, _ = rendered
    proof = render_proof(pdf, tmp_path / "proof", "1-3,7")
    assert proof.pages == [1, 2, 3, 7]
    assert [p.name for p in proof.images] == [
        "page-001.png",
        "page-002.png",
        "page-003.png",
        "page-007.png",
    ]
    with Image.open(proof.images[0]) as im:
        # A5 at 60 dpi is 350 × 496 pixels.
        assert im.size == (pytest.approx(350, abs=2), pytest.approx(496, abs=2))
    with Image.open(proof.contact_sheet) as sheet:
        assert sheet.width > 4 * 350 and sheet.height > 496
