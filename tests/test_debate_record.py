"""A debate's record as the Government Printing Office publishes it (the Congressional Record's
text files), on two real records: a Senate debate (tests/corpus) and a joint session of the
House (tests/fixtures/record). What the kind shares: a header of bracketed lines, paragraphs
marked only by a first-line indent (one-line paragraphs between speeches among them),
``Mr. NAME.`` labels opening the speeches, quoted matter set off five columns, ``[[Page …]]``
marks inside sentences, TeX-style ````quotes''``, ``--`` dashes.
"""

from __future__ import annotations

from pathlib import Path

from helpers import read_checked
from samizdat.model import BlockQuote, Para, Speaker, plain_text
from samizdat.normalise.chunks import Chunk
from samizdat.normalise.front import edition_header
from samizdat.normalise.plays import inline_label

TESTS = Path(__file__).parent
SENATE = TESTS / "corpus" / "congressional-record-1995-12-22-senate-S19146-gpo.txt"
HOUSE = TESTS / "fixtures" / "record" / "congressional-record-2014-01-28-house-H1473-gpo.txt"


def _read(path: Path):
    return read_checked(path)[2]  # the word check whole: the page marks are the only words gone


def _turns(norm) -> list[tuple[str, str]]:
    out = []
    for b in norm.blocks:
        if isinstance(b, Para) and b.inlines and isinstance(b.inlines[0], Speaker):
            out.append((b.inlines[0].label, plain_text(b.inlines[1:]).strip()))
    return out


def _paras(norm) -> list[str]:
    return [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para)]


def _quoted(norm) -> list[str]:
    return [
        plain_text(p.inlines) for b in norm.blocks if isinstance(b, BlockQuote) for p in b.blocks
    ]


def test_each_speech_is_a_turn_and_one_line_paragraphs_stand_alone():
    senate, house = _read(SENATE), _read(HOUSE)
    turns = _turns(senate)
    assert ("Mr. D’AMATO", "I yield the floor.") in turns  # D'AMATO: its apostrophe typeset
    assert ("Mr. SARBANES", "Mr. President, what is the time situation?") in turns
    assert ("Mr. BRYAN", "I thank the distinguished Senator from Maryland.") in turns
    assert len({who for who, _ in turns}) >= 7  # D'AMATO, SARBANES, DODD, DOLE, …, the Chair
    assert "The Senate resumed the reconsideration of the bill." in _paras(senate)
    speakers = {who for who, _ in _turns(house)}
    assert {"The SPEAKER", "The VICE PRESIDENT", "The PRESIDENT"} <= speakers


def test_a_salutation_is_no_speaker_label():
    assert inline_label("Dear Mr. President: On December 12") == ""
    assert inline_label("Mr. SMITH of Texas. I yield back.") == "Mr. SMITH of Texas"


def test_page_marks_go_and_the_sentence_they_cut_is_whole():
    senate, house = _read(SENATE), _read(HOUSE)
    text = "\n".join(_paras(senate) + _quoted(senate))
    assert "[[Page" not in text
    assert "encouraging these companies and shielding them" in text
    house_text = "\n".join(_paras(house))
    assert "did her part to add to the more than 8 million new jobs" in house_text
    assert "[[Page" not in house_text


def test_quoted_matter_set_off_is_a_block_quotation_and_tex_quotes_are_curly():
    senate, house = _read(SENATE), _read(HOUSE)
    quoted = _quoted(senate)
    assert any(q.startswith("A bill (H.R. 1058) to reform") for q in quoted)
    assert any(q.startswith("President Clinton was wrong to veto") for q in quoted)
    body = "\n".join(_paras(senate))
    assert "“Override the Securities Bill Veto.”" in body
    assert "`" not in body and "''" not in body
    assert "goes “all in” on innovation" in "\n".join(_paras(house))


def test_the_bracketed_header_goes_to_the_source_note_and_the_heading_is_the_title():
    senate = _read(SENATE)
    assert senate.title_lines[0].startswith("SECURITIES LITIGATION REFORM ACT")
    assert any("Congressional Record Volume 141" in f for f in senate.furniture)
    bill = ("[Congressional Bills 115th Congress]", "[From the U.S. Government Publishing Office]")
    assert edition_header(Chunk("…", 1), (*bill, "", "A BILL"))
    prose = ("[Sic] is how we mark it.", "[Laughter]", "and the speech goes on.")
    assert not edition_header(Chunk("…", 1), prose)
    assert not edition_header(Chunk("…", 1, kind="para"), ("[Laughter]",))


def test_a_time_stamp_over_the_title_is_a_line_of_its_own():
    """The House record opens ``{time}  2041`` over its title, in one block: the stamp is a
    paragraph of its own, and the title under it is lifted whole (it was the heading
    "{time} 2041 JOINT SESSION…", the title then repeated as a paragraph)."""
    house = _read(HOUSE)
    title = " ".join(house.title_lines)
    assert title.startswith("JOINT SESSION OF CONGRESS") and title.endswith("FROM THE PRESIDENT")
    paras = _paras(house)
    assert "{time} 2041" in paras and not any(p.startswith("JOINT SESSION") for p in paras)
