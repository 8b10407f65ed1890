"""Progress display (plain when not a terminal, quiet with --quiet) and the --watch loop."""

from __future__ import annotations

import io
import threading
import time
from pathlib import Path

from samizdat.progress import CLEAR_LINE, Progress
from samizdat.watch import watch, watched


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_plain_lines_when_not_a_terminal():
    stream = io.StringIO()
    p = Progress(stream=stream, delay=0)
    p("normalising")
    p("laying out the PDF")
    p.done()
    lines = stream.getvalue().splitlines()
    assert [ln.split("] ", 1)[1] for ln in lines] == ["normalising", "laying out the PDF"]
    assert "\x1b" not in stream.getvalue() and "\r" not in stream.getvalue()


def test_progress_updates_one_line_on_a_terminal_and_clears_it():
    stream = _Tty()
    p = Progress(stream=stream, delay=0)
    p("normalising")
    p("writing the EPUB")
    p.done()
    out = stream.getvalue()
    assert out.count(CLEAR_LINE) == 3 and "\n" not in out
    assert out.endswith(CLEAR_LINE)


def test_quick_work_shows_no_progress():
    stream = io.StringIO()
    p = Progress(stream=stream, delay=60)
    p("reading sources")
    p.done()
    assert stream.getvalue() == ""


def test_progress_quiet_prints_nothing():
    stream = _Tty()
    p = Progress(quiet=True, stream=stream, delay=0)
    p("normalising")
    p.done()
    assert stream.getvalue() == ""


def test_watched_files(tmp_path):
    seeds, templates, out = tmp_path / "seeds", tmp_path / "templates", tmp_path / "seeds" / "out"
    roots, ignore = (seeds, templates), (out,)
    assert watched(seeds / "001.txt", roots, ignore)
    assert watched(seeds / "corrections.toml", roots, ignore)
    assert watched(templates / "print" / "print.css", roots, ignore)
    assert not watched(seeds / ".001.txt.swp", roots, ignore)
    assert not watched(out / "manuscript.md", roots, ignore)
    assert not watched(seeds / "notes.docx", roots, ignore)


def test_watch_rebuilds_after_a_save_and_names_the_file(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = seeds / "001.txt"
    text.write_text("one\n")
    calls: list[list[str]] = []
    stop = threading.Event()

    def rebuild(changed: list[str]) -> None:
        calls.append(changed)
        if len(calls) == 2:
            stop.set()

    worker = threading.Thread(target=watch, args=([seeds], rebuild), kwargs={"stop": stop})
    worker.start()
    deadline = time.monotonic() + 20
    while not calls and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # let the watcher start watching
    (seeds / "scratch.bin").write_bytes(b"ignored")
    text.write_text("two\n")
    worker.join(timeout=20)
    stop.set()
    assert not worker.is_alive()
    assert calls[0] == [] and calls[1] == [str(Path("seeds") / "001.txt")]
