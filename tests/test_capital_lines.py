"""Lists of short lines in capitals set line under line with no blank lines (a hearing's
participants in a web copy, a meeting's attendance in minutes) are one block that keeps its
lines, not a column of one-line paragraphs; caps lines set apart by blank lines (a title
page), two of them, or a line with lowercase letters are not gathered (two caps lines,
NEW BUSINESS / PLOTS, make no block). Texts written for the
test (gather_capital_lines, normalise/line_runs.py)."""

from __future__ import annotations

from samizdat.book import load_book, normalise_book
from samizdat.model import Para, plain_text

SPEECH = (
    "I thank the members for coming this morning, and I thank the witnesses for agreeing "
    "to appear before the committee at such short notice, which we know was not easy."
)

HEARING = f"""Get breaking news alerts | Turn off
HEARING OF THE SUBCOMMITTEE ON WATER RESOURCES ON THE STATE OF THE RIVER DAMS, DAY TWO
MARCH 4, 2019
MEMBERS: REP. ANNA KOWALSKI, D-OHIO, CHAIR
REP. DAVID OKAFOR, R-TEXAS
REP. MARIA DELGADO, D-CALIF.
WITNESSES: PETER LUND, ARMY CORPS OF ENGINEERS
KOWALSKI: {SPEECH}
The chair recognises the ranking member for five minutes, and then the witnesses.
""" + "".join(f"{name}: {SPEECH}\n" for name in ["OKAFOR", "LUND", "KOWALSKI", "DELGADO"] * 4)

MINUTES = (
    """Minutes of the Annual General Meeting of the Riverside Allotment Society
The meeting opened at seven in the evening in the village hall, with the chair presiding.
PRESENT: MRS. J. HARGREAVES (CHAIR)
MR. T. OYELARAN (TREASURER)
MISS E. BRANDT (SECRETARY)
MR. K. NOWAK
The minutes of the last meeting were read and signed as a true record by the chair.
"""
    + f"{SPEECH}\n" * 12
    + f"""NEW BUSINESS
PLOTS
{SPEECH}
"""
)


def _blocks(tmp_path, text: str):
    (tmp_path / "t.txt").write_text(text, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    assert nb.conservation[0].ok, nb.conservation[0].problems("t.txt")
    return [b for b in nb.manuscript.texts[0].blocks if isinstance(b, Para)]


def _kept(paras) -> list[list[str]]:
    return [plain_text(p.inlines).split("\n") for p in paras if p.role == "lines"]


def test_a_hearings_participants_are_one_block_of_lines(tmp_path):
    paras = _blocks(tmp_path, HEARING)
    kept = _kept(paras)
    assert len(kept) == 1, kept
    assert kept[0][0] == "MARCH 4, 2019" and kept[0][-1].startswith("WITNESSES: PETER LUND")
    assert len(kept[0]) == 5
    texts = [plain_text(p.inlines) for p in paras]
    assert not any(t == "REP. DAVID OKAFOR, R-TEXAS" for t in texts)


def test_a_minutes_attendance_list_is_kept_and_lone_caps_lines_are_not(tmp_path):
    paras = _blocks(tmp_path, MINUTES)
    kept = _kept(paras)
    assert kept == [
        [
            "PRESENT: MRS. J. HARGREAVES (CHAIR)",
            "MR. T. OYELARAN (TREASURER)",
            "MISS E. BRANDT (SECRETARY)",
            "MR. K. NOWAK",
        ]
    ], kept
