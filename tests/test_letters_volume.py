"""A volume of letters as editions of collected letters set them (made up for the test:
``fixtures/letters``): "LETTER IV." over the addressee, a dateline with its place set to the
right, a salutation in lower case ("My dear Friend,"), a signature of several lines."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from samizdat.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "letters" / "cowper-style.txt"


def _manuscript(tmp: Path) -> str:
    (tmp / "book").mkdir()
    (tmp / "book" / FIXTURE.name).write_bytes(FIXTURE.read_bytes())
    args = ["--seeds", str(tmp / "book"), "--out", str(tmp / "out"), "manuscript"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return (tmp / "out" / "manuscript.md").read_text(encoding="utf-8")


def test_each_letter_is_a_heading_and_its_addressee_its_text(tmp_path):
    manuscript = _manuscript(tmp_path)
    heads = re.findall(r"^### (.+?) \{", manuscript, re.M)
    assert heads == ["LETTER I.", "LETTER II.", "LETTER III.", "LETTER IV."]
    assert "\nTo Joseph Hill, Esq.\n" in manuscript
    assert "\nTo the Rev. John Newton.\n" in manuscript


def test_datelines_salutations_and_signatures_are_letter_parts(tmp_path):
    manuscript = _manuscript(tmp_path)
    assert manuscript.count("::: address\nOlney, ") == 4
    assert manuscript.count("::: salutation\nMy dear Friend,\n:::") == 4
    assert manuscript.count("::: signature\nI am, my dear friend,\\\n") == 4


def _numbered_volume() -> tuple[str, ...]:
    """Letters numbered ``12.`` ``13.`` … over their addressee in capitals (some to the same
    correspondent), each about a page of text long: the shape of a Gutenberg volume of
    letters whose numbers count up a page apart, like folios."""
    body = "I write in haste to tell you that the parcel came, and that the music in it"
    lines: list[str] = []
    for n, to in enumerate(["TO STEINER.", "TO ZMESKALL.", "TO STEINER.", "TO THE SAME."] * 2):
        lines += [f"{n + 12}.", "", to, "", "MY DEAR FRIEND,--", ""]
        lines += [f"{body} is the best I have seen this year, number {k}." for k in range(18)]
        lines += ["", "Your friend,", "", "BEETHOVEN.", "", ""]
    return tuple(lines)


def test_letter_numbers_with_their_full_stop_are_no_folios():
    from samizdat.furniture import page_furniture

    lines = _numbered_volume()
    prof = page_furniture(lines)
    assert not [lines[i] for i in prof.furniture], "letter numbers read as page numbers"
    # a folio-like number without a stop under the same shape is still a folio
    bare = tuple(line.rstrip(".") if re.fullmatch(r"\d+\.", line) else line for line in lines)
    assert {"12", "13", "19"} <= {bare[i] for i in page_furniture(bare).furniture}


def test_numbered_letters_are_headings_with_their_addressee(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "letters.txt").write_text("\n".join(_numbered_volume()) + "\n")
    args = ["--seeds", str(tmp_path / "book"), "--out", str(tmp_path / "out"), "manuscript"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    manuscript = (tmp_path / "out" / "manuscript.md").read_text(encoding="utf-8")
    heads = re.findall(r"^#+ (.+?) \{", manuscript, re.M)
    # the first letter, with no title page over it, heads the text
    assert heads[:4] == [
        "12. TO STEINER",
        "13. TO ZMESKALL.",
        "14. TO STEINER.",
        "15. TO THE SAME.",
    ]
    assert len(heads) == 8 and "\n12.\n" not in manuscript


def test_a_letters_volume_with_a_long_contents_is_read_as_wrapped_prose(tmp_path):
    """Beethoven's letters (the start of a real Gutenberg volume): its contents, entry under
    entry in short lines, is most of its lines, but its letters are wrapped prose. Read as
    a text of one paragraph per line, every sentence ending at a line end started a paragraph
    ("…remained at Czerny's." / "Carl's boots are too small…")."""
    from samizdat.book import load_book, normalise_book
    from samizdat.model import Para, plain_text

    src = FIXTURE.parent / "beethoven-letters-vol2-pg13272-start.txt"
    (tmp_path / src.name).write_bytes(src.read_bytes())
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    assert nb.conservation[0].ok
    paras = [plain_text(b.inlines) for b in nb.manuscript.texts[0].blocks if isinstance(b, Para)]
    letter = next(p for p in paras if p.startswith("This is at any rate the first time"))
    assert "remained at Czerny’s. Carl’s boots are too small" in letter
    assert letter.endswith("till they are made larger.")


def test_a_letters_volumes_datelines_salutations_and_signatures(tmp_path):
    """Beethoven's letters: the Victorian salutation closed by a comma and a dash
    (``MY DEAR AND VALUED DOROTHEA CECILIA,—``, ``BEST OF ALL PRINTERS AND ENGRAVERS,—``), the
    dateline under a letter's heading (``Feb. 23, 1817.``, abbreviated), and the name in
    capitals closing a letter with the close above it (``Your`` / ``BEETHOVEN.``)."""
    from samizdat.book import load_book, normalise_book
    from samizdat.model import Para, plain_text

    src = FIXTURE.parent / "beethoven-letters-vol2-pg13272-start.txt"
    (tmp_path / src.name).write_bytes(src.read_bytes())
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    blocks = nb.manuscript.texts[0].blocks
    paras = [(plain_text(b.inlines), b.role) for b in blocks if isinstance(b, Para)]
    assert ("MY DEAR AND VALUED DOROTHEA CECILIA,—", "salutation") in paras
    assert ("BEST OF ALL PRINTERS AND ENGRAVERS,—", "salutation") in paras
    assert ("Feb. 23, 1817.", "address") in paras  # a dateline (the EPUB's se:letter.dateline)
    k = paras.index(("Your", "signature"))
    assert paras[k + 1] == ("BEETHOVEN.", "signature")
    assert ("As ever, your true friend,", "signature") in paras
    signed = sum(1 for t, r in paras if r == "signature" and "BEETHOVEN" in t)
    assert signed >= 10, signed
