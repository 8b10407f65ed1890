"""Output problems: an output folder that cannot be made or written, a full disk, an interrupted
build. Each is one line on stderr, exit 1, the previous outputs byte-identical and no staging
folder left behind.

Tests may run as root, where permissions do not stop writing; an unwritable folder is simulated
where the pipeline creates its staging folder, and a full disk is real: the staged file is a
symbolic link to ``/dev/full``, which fails every write with ENOSPC.
"""

from __future__ import annotations

import errno
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from samizdat import staging
from test_hostile import GOOD, one_line_error, run, snapshot

SLUG = "on-wrapped-lines"  # a book of one text is called by its title


@pytest.fixture(scope="module")
def previous(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real previous build (manuscript, EPUB, report) of a one-text book."""
    root = tmp_path_factory.mktemp("previous")
    (root / "book").mkdir()
    (root / "book" / "essay.txt").write_bytes(GOOD)
    result = run("epub", "--seeds", str(root / "book"), "--out", str(root / "out"), "--quiet")
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def edited(previous: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the previous build whose text has since been edited, so a rebuild has work."""
    shutil.copytree(previous, tmp_path, dirs_exist_ok=True)
    book, out = tmp_path / "book", tmp_path / "out"
    (book / "essay.txt").write_bytes(GOOD + b"\nA paragraph added since the last build.\n")
    return book, out


def _fails_cleanly(book: Path, out: Path, *needles: str, command: str = "epub") -> str:
    before = snapshot(out, hidden=False)
    line = one_line_error(run(command, "--seeds", str(book), "--out", str(out)), *needles)
    assert snapshot(out, hidden=False) == before, "previous outputs changed"
    assert not list(out.glob(".staging-*")), "a staging folder was left behind"
    return line


def _stage_with(monkeypatch: pytest.MonkeyPatch, **links: str) -> None:
    """Make the staging folder hold symbolic links (name → target) before anything is written."""
    real = tempfile.mkdtemp

    def mkdtemp(*args, **kwargs) -> str:
        stage = real(*args, **kwargs)
        for name, target in links.items():
            (Path(stage) / name).symlink_to(target)
        return stage

    monkeypatch.setattr(staging.tempfile, "mkdtemp", mkdtemp)


def test_the_previous_build_is_real(previous: Path):
    names = sorted(p.name for p in (previous / "out").iterdir() if not p.name.startswith("."))
    assert "review.html" in names
    names = [n for n in names if not n.startswith("review")]
    assert names == ["build-report.json", "changes.md", "manuscript.md", f"{SLUG}.epub"]


def test_output_folder_under_a_regular_file(edited: tuple[Path, Path]):
    book, out = edited
    blocker = out.parent / "plain-file"
    blocker.write_text("not a folder")
    line = one_line_error(run("manuscript", "--seeds", str(book), "--out", str(blocker / "o")))
    assert "plain-file" in line and "cannot write the output folder" in line
    assert blocker.read_text() == "not a folder"


def test_output_folder_that_is_a_file(edited: tuple[Path, Path]):
    book, _ = edited
    one_line_error(run("manuscript", "--seeds", str(book), "--out", "/dev/full"), "/dev/full")


def test_unwritable_output_folder(edited: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch):
    book, out = edited

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(staging.tempfile, "mkdtemp", denied)
    line = _fails_cleanly(book, out, str(out), "Permission denied")
    assert line == f"error: {out}: cannot write the output folder: Permission denied"


@pytest.mark.parametrize("name", ["manuscript.md", f"{SLUG}.epub.tmp", "build-report.json"])
def test_disk_full_while_staging(edited: tuple[Path, Path], monkeypatch, name: str):
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full is not available to simulate a full disk")
    book, out = edited
    _stage_with(monkeypatch, **{name: "/dev/full"})
    line = _fails_cleanly(book, out, str(out), "No space left on device")
    assert "previous outputs left in place" in line


#: A child build whose staging folder holds ``argv[1]`` as a link to /dev/full: a crash there
#: must not take the test run with it.
FULL_DISK_CHILD = """
import sys, tempfile
from pathlib import Path
real = tempfile.mkdtemp
def mkdtemp(*args, **kwargs):
    stage = real(*args, **kwargs)
    (Path(stage) / sys.argv[1]).symlink_to("/dev/full")
    return stage
tempfile.mkdtemp = mkdtemp
from samizdat.cli import main
main(sys.argv[2:], prog_name="build.py")
"""


def test_disk_full_while_writing_the_pdf(edited: tuple[Path, Path]):
    if not Path("/dev/full").exists():
        pytest.skip("/dev/full is not available to simulate a full disk")
    book, out = edited
    before = snapshot(out, hidden=False)
    args = [f"{SLUG}.pdf", "pdf", "--seeds", str(book), "--out", str(out), "--jobs", "1"]
    done = subprocess.run(
        [sys.executable, "-c", FULL_DISK_CHILD, *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 1, done.stderr[-500:]
    lines = [ln for ln in done.stderr.strip().splitlines() if not re.match(r"\[\s*[\d.]+s\] ", ln)]
    assert len(lines) == 1 and "No space left on device" in lines[0], lines
    assert snapshot(out, hidden=False) == before
    assert not list(out.glob(".staging-*"))


def test_interrupted_build_leaves_nothing(edited: tuple[Path, Path], monkeypatch):
    book, out = edited
    from samizdat.render import epub

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(epub, "write_epub", interrupt)
    assert _fails_cleanly(book, out) == "error: interrupted"


def test_a_failure_while_committing_keeps_every_previous_output(edited: tuple[Path, Path]):
    book, out = edited
    (out / "manuscript.md").unlink()
    (out / "manuscript.md").mkdir()  # os.replace(file, folder) fails: EISDIR
    _fails_cleanly(book, out, str(out))


def test_a_successful_rebuild_replaces_everything(edited: tuple[Path, Path]):
    book, out = edited
    result = run("epub", "--seeds", str(book), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    assert "A paragraph added since the last build." in (out / "manuscript.md").read_text()
    assert not list(out.glob(".staging-*"))
