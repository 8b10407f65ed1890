"""Documents with line numbers in the margin: a court transcript and a bill.

Both fixtures are made up in the layouts such documents have when extracted from their PDFs
(`tests/fixtures/line_numbered/`): the transcript as a federal court reporter sets it (page
number, job code, lines 1–25, the reporter's footer on every page, questions and answers,
colloquy, directions in brackets); the bill as the Government Publishing Office sets it (a
cover, then lines 1–25 a page with first-line indents, line-end hyphens, a folio and a footer).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from samizdat.cli import main
from samizdat.ingest.reader import read_source
from samizdat.line_numbers import margin_lines
from samizdat.wordcheck import BookWords, check_words, words

FIXTURES = Path(__file__).parent / "fixtures" / "line_numbered"


def _build(tmp_path: Path, name: str) -> tuple[list[str], dict]:
    folder = tmp_path / "book"
    folder.mkdir()
    (folder / name).write_bytes((FIXTURES / name).read_bytes())
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--seeds", str(folder), "--out", str(out), "manuscript"])
    assert result.exit_code == 0, result.output
    body = (out / "manuscript.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    paras = _paras(body)
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))["texts"][0]
    return paras, report


def _paras(body: str) -> list[str]:
    """The manuscript's paragraphs; a turn as its speaker's label and speech (``TURN `` before)."""
    out = []
    for p in body.split("\n\n"):
        p = p.strip().replace("\xa0", " ")
        if p.startswith("::: turn\n"):
            p = "TURN " + re.sub(r"\[([^]]*)\]\{\.speaker\}", r"\1", p[9:].removesuffix("\n:::"))
        if p:
            out.append(p)
    return out


@pytest.fixture(scope="module")
def transcript(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], dict]:
    return _build(tmp_path_factory.mktemp("transcript"), "transcript.txt")


def test_a_transcripts_margin_numbers_leave_and_its_own_numbers_stay(transcript):
    paras, report = transcript
    assert report["counts"]["line_numbers_removed"] == 100
    assert report["conservation"]["ok"] and report["conservation"]["edits"]["line-number"] == 100
    # no paragraph opens with a margin number, none has one inside
    assert not [p for p in paras if re.match(r"(TURN )?\d{1,2} +(Q|A|THE|MR|MS)\\?\.?", p)]
    assert not [p for p in paras if re.search(r"\b(?:[1-9]|1\d|2[0-5]) (?:Q|A)\\?\. ", p)]
    # a number of the text at a line's start (after the margin's) is the text's
    assert any("Government Exhibit 14, the ledger, on the ground" in p for p in paras)


def test_each_turn_and_each_line_of_its_own_is_a_paragraph(transcript):
    paras, _ = transcript
    assert "TURN Q. How long have you worked there?" in paras
    assert "TURN MR. FOLLY: Objection. Foundation." in paras
    assert sum(p.startswith("TURN Q. ") for p in paras) == 14  # every question
    for alone in ("\\(Jury present)", "CROSS-EXAMINATION", "BY MR. FOLLY:", "\\(Recess)"):
        assert alone in paras, alone
    # a two-line answer is a speech, not verse; its lines are joined
    assert "TURN A. It was written the day I found the entry, which was in September, yes." in paras
    assert not [p for p in paras if p.startswith("::: verse")]
    # the reporter's footer and job code are furniture, the page numbers folios
    assert not [p for p in paras if "REPORTERS" in p or "K3FTLINS" in p or p == "389"]


def test_a_bills_margin_goes_and_its_line_end_hyphens_join_across_it(tmp_path):
    paras, report = _build(tmp_path, "bill.txt")
    assert report["counts"]["line_numbers_removed"] == 48
    assert report["conservation"]["ok"]
    assert report["counts"].get("paragraphs_read_plainly", 0) == 0
    text = "\n".join(paras)
    for joined in (
        "House of Representatives of the United States",
        "is collected by States",
        "annually thereafter, the Secretary",
        "machine-readable format",
    ):
        assert joined in text, joined
    assert "(2\\) Data on the condition of such bridges" in text


def test_the_word_check_still_sees_a_word_lost_from_a_line_numbered_text():
    lines = read_source(FIXTURES / "transcript.txt").lines
    margin = margin_lines(lines)
    assert len(margin) == 100
    furniture = {"388", "389", "390", "391", "K3FTLINS", "SOUTHERN DISTRICT REPORTERS, P.C."}
    furniture.add("(212) 805-0300")
    body = [
        w
        for i, x in enumerate(lines)
        if x.strip() not in furniture
        for w in words(x)[1 if i in margin else 0 :]
    ]
    pages = read_source(FIXTURES / "transcript.txt").page_starts
    assert check_words(lines, BookWords(body), pages).ok
    ledger = body.index("ledger")
    assert body[ledger - 2] == "14"  # "Exhibit 14, the ledger": the text's own number
    for cut in (ledger, ledger - 2):
        check = check_words(lines, BookWords(body[:cut] + body[cut + 1 :]), pages)
        assert not check.ok and check.lost_words == 1


def test_a_numbered_list_or_prose_with_numbers_has_no_margin():
    items = tuple(f"{n} Item number {n} of the list." for n in range(1, 31))
    assert not margin_lines(items)
    prose = tuple(f"{n} people came on day {n}, and more" for n in (3, 9, 4, 12, 7) * 6)
    assert not margin_lines(prose)


def test_without_form_feeds_the_margin_tells_the_pages(tmp_path, transcript):
    """A copy without form feeds: the pages are where the numbering starts again, and the
    reporter's footer and job code still go as furniture."""
    folder = tmp_path / "book"
    folder.mkdir()
    text = (FIXTURES / "transcript.txt").read_text(encoding="utf-8").replace("\f", "")
    (folder / "transcript.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["--seeds", str(folder), "--out", str(out), "manuscript"])
    assert result.exit_code == 0, result.output
    body = (out / "manuscript.md").read_text(encoding="utf-8").split("\n---\n", 1)[1]
    assert _paras(body) == transcript[0]
