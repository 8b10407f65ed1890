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
