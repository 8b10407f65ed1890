"""Numbered entries set on consecutive lines without blank lines between them (a letters
volume's contents, a report's numbered recommendations) are one entry each, not one
paragraph; a number inside running prose makes no entry. Texts written for the test."""

from __future__ import annotations

from samizdat.book import load_book, normalise_book
from samizdat.model import OrderedList, Para, plain_text

LETTERS = """CONTENTS OF VOLUME II.


SECOND PART.


128. To Steiner & Co.
129. To the Same
130. To Tobias Haslinger
131. To Baroness Dorothea von Ertmann, in
     answer to her letter of condolence
132. To Zmeskall


128.

TO STEINER & CO.

Vienna, Feb. 1, 1815.

I beg to inform you that the parcel has arrived, and that the
copies are in good order.
"""

REPORT = """The committee makes these recommendations to the board:
1. Publish the accounts every quarter, with the auditor's notes
   attached to each statement.
2. Keep the minutes open to every member.
3. Elect the treasurer each year.

The board accepted them in 1998. It came to 2. Then
3. more were added by the next board, and the number grew.
"""


def _build(tmp_path, text: str):
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    return nb.manuscript.texts[0], nb.conservation[0]


def _items(text) -> list[tuple[int, str]]:
    out = []
    for b in text.blocks:
        if isinstance(b, OrderedList):
            for n, item in enumerate(b.items, b.start):
                out.append((n, " ".join(plain_text(p.inlines) for p in item)))
    return out


def test_a_letters_volumes_contents_is_one_entry_a_letter(tmp_path):
    text, check = _build(tmp_path, LETTERS)
    assert check.ok, check.problems("t.txt")
    items = _items(text)
    assert [n for n, _ in items] == [128, 129, 130, 131, 132], items
    assert items[3][1] == "To Baroness Dorothea von Ertmann, in answer to her letter of condolence"


def test_numbered_recommendations_are_items_and_a_number_in_prose_is_not(tmp_path):
    text, check = _build(tmp_path, REPORT)
    assert check.ok, check.problems("t.txt")
    items = _items(text)
    assert [n for n, _ in items] == [1, 2, 3], items
    assert items[0][1].endswith("with the auditor’s notes attached to each statement.")
    paras = [plain_text(b.inlines) for b in text.blocks if isinstance(b, Para)]
    assert any("It came to 2. Then 3. more were added" in p for p in paras), paras
