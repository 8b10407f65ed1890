"""Subtitle files (SubRip, WebVTT) read as what was said: made-up cues of an interview with
speakers' labels (some inside a cue), a pause, dialogue dashes, and a lecture without labels.
A plain text that only mentions a timing is not touched."""

from __future__ import annotations

import doctest
import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner

import samizdat.normalise.cues
import samizdat.subtitles
from samizdat.cli import main
from samizdat.subtitles import cue_lines, cues

FIXTURES = Path(__file__).parent / "fixtures" / "subtitles"


def test_doctests():
    assert doctest.testmod(samizdat.subtitles).failed == 0
    assert doctest.testmod(samizdat.normalise.cues).failed == 0


def _build(tmp: Path, *names: str) -> tuple[str, dict]:
    (tmp / "book").mkdir()
    for name in names:
        shutil.copy(FIXTURES / name, tmp / "book" / name)
    args = ["--seeds", str(tmp / "book"), "--out", str(tmp / "out"), "manuscript"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    report = json.loads((tmp / "out" / "build-report.json").read_text(encoding="utf-8"))
    return (tmp / "out" / "manuscript.md").read_text(encoding="utf-8"), report


def test_an_interview_s_cues_become_its_speakers_turns(tmp_path):
    manuscript, report = _build(tmp_path, "interview.srt")
    assert "-->" not in manuscript and "00:00" not in manuscript
    turns = re.findall(r"::: turn\n\[(.+?):\]\{\.speaker\} (.+?)\n:::", manuscript)
    assert turns[0] == (
        "Ana Ruiz",
        "Welcome back to the library hour. Today we talk about binding books by hand with our "
        "guest, Tom.",
    )
    assert turns[1][0] == "Tom Price" and turns[1][1].startswith("Thanks, Ana.")
    # labels inside a cue open turns of their own
    assert ("Ana Ruiz", "So you rescued them?") in turns
    assert ("Tom Price", "I rescued three of them.") in turns
    # the same speaker after a long pause opens a new turn too
    assert turns[-1][0] == "Ana Ruiz" and turns[-1][1].startswith("After a pause")
    # dialogue dashes mark new voices: each its own paragraph, speech (no attribution)
    assert "\n\n—Is it glue or thread?\n\n—Thread, always thread.\n" in manuscript
    text = report["texts"][0]
    assert text["conservation"]["ok"]
    assert text["conservation"]["edits"]["subtitle-timing"] > 0


def test_a_lecture_s_cues_run_on_and_a_pause_ends_a_paragraph(tmp_path):
    manuscript, report = _build(tmp_path, "lecture.vtt")
    assert "WEBVTT" not in manuscript and "align:start" not in manuscript
    assert (
        "The first thing to know about paper is that it has a grain. Fold along the grain and "
        "the fold lies flat.\n\nAgainst the grain, it cracks."
    ) in manuscript
    assert report["texts"][0]["conservation"]["ok"]


def test_a_text_that_mentions_timings_is_no_subtitle_file():
    lines = (
        "The recording runs",
        "00:00:01,000 --> 00:00:02,000",
        "in the first cue, as the editor's note says.",
        "",
        "Nothing else here is a cue.",
    )
    assert cues(lines) == [] and cue_lines(lines) == frozenset()
