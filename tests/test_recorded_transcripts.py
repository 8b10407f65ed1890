"""Transcripts of recorded conversation, as transcription services export them: a speaker's
label with the time (``Maria Lopez (00:00:04):`` over the speech, or ``[00:00:14] Speaker 1:``
before it). Both fixtures (``fixtures/recorded``) are made up in those layouts."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from samizdat.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "recorded"


def _build(tmp: Path, *names: str, text: str = "") -> tuple[str, dict]:
    (tmp / "book").mkdir()
    for name in names:
        (tmp / "book" / name).write_bytes((FIXTURES / name).read_bytes())
    if text:
        (tmp / "book" / "prose.txt").write_text(text, encoding="utf-8")
    args = ["--seeds", str(tmp / "book"), "--out", str(tmp / "out"), "manuscript"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    report = json.loads((tmp / "out" / "build-report.json").read_text(encoding="utf-8"))
    return (tmp / "out" / "manuscript.md").read_text(encoding="utf-8"), report


def _turns(manuscript: str) -> list[tuple[str, str]]:
    found = re.findall(r"^::: turn\n\[(.+?)\]\{\.speaker\} (.+)$", manuscript, re.M)
    return [(re.sub(r"\\(.)", r"\1", label), speech) for label, speech in found]


def test_a_label_over_its_speech_is_a_turn_with_its_time(tmp_path):
    manuscript, report = _build(tmp_path, "rev-style.txt")
    turns = _turns(manuscript)
    assert len(turns) == 8
    assert turns[0][0] == "Maria Lopez (00:00:04):"
    assert turns[3] == (
        "Tom Becker (00:00:27):",
        turns[3][1],
    ) and turns[3][1].startswith("The water had come up about four feet")
    assert "::: verse" not in manuscript
    assert report["texts"][0]["conservation"]["ok"]


def test_a_time_before_the_speaker_labels_the_turn_too(tmp_path):
    manuscript, report = _build(tmp_path, "bracket-style.txt")
    turns = _turns(manuscript)
    assert [t[0] for t in turns[:3]] == [
        "[00:00:02] Chair:",
        "[00:00:14] Speaker 1:",
        "[00:00:31] Chair:",
    ]
    assert turns[1][1].startswith("I take the 7:40 every morning.")
    assert len(turns) == 11
    assert report["texts"][0]["conservation"]["ok"]


def test_prose_that_mentions_a_time_in_brackets_has_no_turns(tmp_path):
    text = (
        "The Meeting\n\n"
        + "The train (10:45) was late again, and Anna waited on the platform with a book.\n\n" * 4
    )
    manuscript, _ = _build(tmp_path, text=text)
    assert not _turns(manuscript)


def test_a_hearings_labels_over_their_speeches_are_turns(tmp_path):
    """A real hearing (tests/fixtures/recorded/ca-assembly-…): each ``[hh:mm:ss] Name:`` on its
    own line over its speech set in by a tab. The indent rule cuts the speech from its label;
    they are one turn again, and a speech that stops without a full stop ("…my name is
    Harold Spikes") is never joined to the next speaker's label."""
    from samizdat.book import load_book, normalise_book
    from samizdat.model import Para, Speaker, plain_text

    src = FIXTURES / "ca-assembly-education-hearing-2017-03-15.txt"
    (tmp_path / src.name).write_bytes(src.read_bytes())
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    assert nb.conservation[0].ok
    turns = [
        (b.inlines[0].label, plain_text(b.inlines[1:]).strip())
        for b in nb.manuscript.texts[0].blocks
        if isinstance(b, Para) and b.inlines and isinstance(b.inlines[0], Speaker)
    ]
    labels = src.read_text(encoding="utf-8").count("\n[")
    assert len(turns) >= labels - 1  # one label names nobody: "[00:22:41]:"
    said = dict(turns)
    assert said["[00:11:08] Harold Spikes"].startswith("Okay, thank you for having me")
    assert said["[00:13:51] Cristina Garcia"] == "Thank you, Harold."
    assert not any("Cristina Garcia:" in s for _, s in turns)
