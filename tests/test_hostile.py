"""Hostile and broken inputs through the command line: one clear line, the right exit code,
nothing written, nothing fetched, nothing executed.

Every failing case checks three things: exit code 1 (2 for usage), exactly one line on stderr
that names the file, key or entry (never a traceback), and an output folder left exactly as it
was. A fake "previous build" sits in the output folder so a partial write would show.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from samizdat.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
HOSTILE = FIXTURES / "hostile"
GOOD = (FIXTURES / "wrapped_essay.txt").read_bytes()
PREVIOUS = {
    "manuscript.md": b"previous manuscript\n",
    "build-report.json": b'{"previous": true}\n',
    "book.epub": b"PK previous epub",
}


#: A progress line (samizdat.progress): shown on stderr when work takes longer than half a second.
PROGRESS = re.compile(r"^\[ *\d+\.\ds\] ")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def snapshot(folder: Path, *, hidden: bool = True) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` (folders as None), by relative path."""
    if not folder.exists():
        return {}
    out: dict[str, bytes | None] = {}
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if not hidden and rel.startswith("."):
            continue
        out[rel] = None if p.is_dir() else p.read_bytes()
    return out


def one_line_error(result: Result, *needles: str, code: int = 1) -> str:
    """The run failed with ``code`` and said so in exactly one line naming every needle."""
    assert result.exit_code == code, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    lines = [x for x in result.stderr.strip().splitlines() if not PROGRESS.match(x)]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert "internal error" not in lines[0], lines[0]
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


@dataclass
class Book:
    """A book folder with one good text, and an output folder holding a previous build."""

    folder: Path
    out: Path

    def write(self, name: str, data: bytes | str) -> Path:
        path = self.folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return path

    def run(self, command: str = "manuscript", *extra: str) -> Result:
        return run(command, "--seeds", str(self.folder), "--out", str(self.out), *extra)

    def fails(self, *needles: str, command: str = "manuscript", extra: tuple[str, ...] = ()) -> str:
        before = snapshot(self.out)
        line = one_line_error(self.run(command, *extra), *needles)
        assert snapshot(self.out) == before, "a failed build changed the output folder"
        return line


@pytest.fixture
def book(tmp_path: Path) -> Book:
    folder, out = tmp_path / "book", tmp_path / "out"
    folder.mkdir()
    out.mkdir()
    (folder / "good.txt").write_bytes(GOOD)
    for name, data in PREVIOUS.items():
        (out / name).write_bytes(data)
    return Book(folder, out)


def report(out: Path) -> dict:
    return json.loads((out / "build-report.json").read_text())


# ---------------------------------------------------------------- 1. encodings

WESTERN = "Vorwärts! The café’s “naïve” señor—déjà vu. It has a second sentence, too."
LATIN1 = "Vorwärts! The café's naïve señor, déjà vu. It has a second sentence, too."
ENCODED = {
    "a_utf8.txt": WESTERN.encode(),
    "b_utf8_bom.txt": b"\xef\xbb\xbf" + WESTERN.encode(),
    "c_utf16le.txt": b"\xff\xfe" + WESTERN.encode("utf-16-le"),
    "d_utf16be.txt": b"\xfe\xff" + WESTERN.encode("utf-16-be"),
    "e_cp1252.txt": WESTERN.encode("cp1252"),
    "f_latin1.txt": LATIN1.encode("latin-1"),
}


def test_every_encoding_builds_and_8bit_ones_are_reported(book: Book):
    (book.folder / "good.txt").unlink()
    for name, data in ENCODED.items():
        book.write(name, data)
    result = book.run()
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [
        "warning: e_cp1252.txt: not UTF-8; decoded as Windows-1252 (cp1252)",
        "warning: f_latin1.txt: not UTF-8; decoded as Windows-1252 (cp1252)",
    ]
    assert report(book.out)["warnings"] == [w.removeprefix("warning: ") for w in warnings]
    md = (book.out / "manuscript.md").read_text()
    assert md.count("déjà vu. It has a second sentence, too.") == 6
    assert "\ufeff" not in md


def test_line_ends_page_breaks_tabs_and_controls_are_counted_in_the_report(book: Book):
    body = "A Title\r\n\r\nFirst\tparagraph with a\x07 bell and a\x1b escape.\f"
    body += "Second page\rafter a form feed.\r" + " Plain text follows." * 20
    book.write("good.txt", body)
    result = book.run()
    assert result.exit_code == 0, result.output
    counts = report(book.out)["texts"][0]["counts"]
    assert counts["control_characters_removed"] == 2
    assert counts["crlf_or_cr_line_ends"] == 4 and counts["form_feed_page_breaks"] == 1
    assert counts["space_like_characters"] == 1
    md = (book.out / "manuscript.md").read_text()
    assert "First paragraph with a bell and a escape." in md and "\x07" not in md


# ---------------------------------------------------------------- 2. unusable files

UNUSABLE = {
    "empty": (b"", "the file is empty"),
    "whitespace": (b" \n\t\r\n   \n", "only whitespace"),
    "nul": (b"text\x00with NUL bytes\x00\x01", "binary data"),
    "pdf": (
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
        "a PDF document",
    ),
    "png": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "a PNG image"),
    "invisible": ("\u200b\u200d\n".encode(), "no visible text"),
}


@pytest.mark.parametrize("kind", sorted(UNUSABLE))
def test_unusable_file_stops_the_build_naming_it(book: Book, kind: str):
    data, why = UNUSABLE[kind]
    book.write("bad.txt", data)
    book.fails("bad.txt", why)


@pytest.mark.parametrize("kind", sorted(UNUSABLE))
def test_skip_bad_leaves_an_unusable_file_out_with_a_warning(book: Book, kind: str):
    data, why = UNUSABLE[kind]
    book.write("bad.txt", data)
    result = book.run("manuscript", "--skip-bad")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "bad.txt" in warnings[0] and why in warnings[0]
    assert [t["file"] for t in report(book.out)["texts"]] == ["good.txt"]


def test_skip_bad_with_nothing_usable_left_fails(book: Book):
    (book.folder / "good.txt").unlink()
    book.write("bad.txt", b"")
    book.write("worse.txt", b"%PDF-1.4 binary")
    book.fails("no usable texts", extra=("--skip-bad",))


def test_skip_bad_drops_corrections_aimed_at_a_skipped_text(book: Book):
    book.write("bad.txt", b"")
    book.write("corrections.toml", '[[correction]]\ntext = "bad.txt"\nfind = "a"\nreplace = "b"\n')
    result = book.run("manuscript", "--skip-bad")
    assert result.exit_code == 0, result.output


def test_unreadable_file_is_named(book: Book, monkeypatch: pytest.MonkeyPatch):
    """chmod 000 does not stop root; the refusal is simulated where the file is opened."""
    book.write("locked.txt", "Words that cannot be read.\n")
    real_open = Path.open

    def guarded(self: Path, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    assert book.fails("locked.txt", "Permission denied") == (
        "error: locked.txt: cannot read: Permission denied"
    )
    result = book.run("manuscript", "--skip-bad")
    assert result.exit_code == 0 and "warning: skipped locked.txt" in result.stderr


def test_a_folder_named_like_a_text_is_not_a_text(book: Book):
    (book.folder / "folder.txt").mkdir()
    assert book.run().exit_code == 0  # found by name: only files are texts
    book.write("book.toml", '[[texts]]\nfile = "good.txt"\n[[texts]]\nfile = "folder.txt"\n')
    book.fails("folder.txt")


@pytest.mark.parametrize("kind", ["missing", "folder"])
def test_skip_bad_also_skips_missing_files_and_folders_listed_in_book_toml(book: Book, kind: str):
    if kind == "folder":
        (book.folder / "bad.txt").mkdir()
    book.write("book.toml", '[[texts]]\nfile = "good.txt"\n[[texts]]\nfile = "bad.txt"\n')
    result = book.run("manuscript", "--skip-bad")
    assert result.exit_code == 0, result.output
    assert "warning: skipped bad.txt" in result.stderr


def _subprocess_build(book: Book, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``build.py manuscript`` in a child that may use at most 2 GiB of address space."""

    def limit() -> None:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    cmd = [sys.executable, str(ROOT / "build.py"), "manuscript", "--seeds", str(book.folder)]
    return subprocess.run(
        [*cmd, "--out", str(book.out)],
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=limit,
        check=False,
    )


def test_a_fifo_listed_in_book_toml_does_not_hang(book: Book):
    os.mkfifo(book.folder / "pipe.txt")
    book.write("book.toml", '[[texts]]\nfile = "pipe.txt"\n')
    done = _subprocess_build(book, timeout=20)
    assert done.returncode == 1 and "pipe.txt" in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", ["book.toml", "corrections.toml"])
@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_a_config_file_that_is_not_a_file_is_refused(book: Book, name: str, kind: str):
    path = book.folder / name
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    done = _subprocess_build(book, timeout=8)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr[-500:]
    assert name in lines[0] and "internal error" not in lines[0], lines[0]


def test_end_to_end_refusal_through_build_py(book: Book):
    book.write("bad.txt", b"\x89PNG\r\n\x1a\n\x00\x00")
    before = snapshot(book.out)
    done = _subprocess_build(book)
    assert done.returncode == 1, done.stderr
    assert done.stderr == "error: bad.txt: a PNG image, not plain text\n" and done.stdout == ""
    assert snapshot(book.out) == before


# ---------------------------------------------------------------- 5. the book folder is a boundary


def test_absolute_path_is_refused(book: Book):
    book.write("book.toml", '[[texts]]\nfile = "/etc/passwd"\n')
    book.fails("/etc/passwd", "outside")


def test_symlink_pointing_outside_is_refused(book: Book, tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret words that must not reach the book.\n")
    (book.folder / "link.txt").symlink_to(secret)
    book.fails("link.txt", "outside")  # found by name
    book.write("book.toml", '[[texts]]\nfile = "link.txt"\n')
    book.fails("link.txt", "outside")  # listed


def test_symlink_inside_the_folder_is_followed(book: Book):
    (book.folder / "sub").mkdir()
    (book.folder / "good.txt").rename(book.folder / "sub" / "real.txt")
    (book.folder / "alias.txt").symlink_to(Path("sub") / "real.txt")
    result = book.run()
    assert result.exit_code == 0, result.output
    assert "hyphenated at the end" in (book.out / "manuscript.md").read_text()


@pytest.mark.parametrize("kind", ["loop", "nul", "long"])
def test_impossible_file_names_are_one_line_errors(book: Book, kind: str):
    name = {"loop": "loop.txt", "nul": "a\\u0000.txt", "long": "x" * 300 + ".txt"}[kind]
    if kind == "loop":
        (book.folder / "loop.txt").symlink_to("loop.txt")
    book.write("book.toml", f'[[texts]]\nfile = "{name}"\n')
    book.fails(name[:20].replace("\\u0000", "\\x00"))


def test_a_file_name_that_is_not_utf8_is_named_readably(book: Book):
    (Path(os.fsdecode(bytes(book.folder) + b"/caf\xe9.txt"))).write_text("Words in a file.\n")
    book.fails("caf\\xe9.txt", "not UTF-8")


def test_symlink_loop_found_by_name_is_ignored(book: Book):
    (book.folder / "loop.txt").symlink_to("loop.txt")
    assert book.run().exit_code == 0


# ---------------------------------------------------------------- 6. configuration


@pytest.mark.parametrize(
    ("toml", "needles"),
    [
        ('[[texts]]\nfile = "good.txt"\ncolour = "red"\n', ("texts[1]", "colour")),
        ('[[texts]]\nfile = "good.txt"\ntitle = ["x"]\n', ("texts[1]", "title", "string")),
        ("[[texts]]\nfile = 3\n", ("texts[1]", "file", "string")),
        ('[[texts]]\ntitle = "x"\n', ("texts[1]", "file")),
        ('texts = "good.txt"\n', ("texts", "[[texts]]")),
        ("[[texts]]\nfile = 'good.txt'\n[[texts]]\nfile = 'good.txt'\n", ("good.txt", "twice")),
        ('[[texts]]\nfile = "good.txt"\nid = "Not Valid"\n', ("Not Valid", "lowercase")),
        ('title = "x"\nsubtitle = \n', ("book.toml", "line 2")),
        ('title = "x"\n\n[[texts]\nfile = "good.txt"\n', ("book.toml", "line 3")),
        ('title = "caf\xe9"\n', ("book.toml", "utf-8")),
    ],
    ids=[
        "unknown-text-key",
        "text-key-type",
        "file-type",
        "no-file",
        "texts-not-tables",
        "duplicate-file",
        "bad-id",
        "malformed",
        "malformed-table",
        "not-utf8",
    ],
)
def test_bad_book_toml_names_the_key(book: Book, toml: str, needles: tuple[str, ...]):
    book.write("book.toml", toml.encode("latin-1"))
    book.fails(*needles)


def test_duplicate_ids_are_named(book: Book):
    book.write("other.txt", GOOD)
    book.write(
        "book.toml",
        '[[texts]]\nfile = "good.txt"\nid = "same"\n[[texts]]\nfile = "other.txt"\nid = "same"\n',
    )
    book.fails("'same'", "twice")


def test_missing_config_file_given_on_the_command_line(book: Book, tmp_path: Path):
    book.fails("nowhere.toml", "not found", extra=("--config", str(tmp_path / "nowhere.toml")))


@pytest.mark.parametrize(
    ("toml", "needles"),
    [
        ('[[correction]]\ntext = "good.txt"\nfind = "the"\nreplace = "teh"\n', ("1", "places")),
        ('[[correction]]\ntext = "nope.txt"\nfind = "a"\nreplace = "b"\n', ("1", "nope.txt")),
        ('[[correction]]\ntext = "good.txt"\nfind = "a"\nreplace = "b"\nwhy = 1\n', ("why",)),
        ('[[correction]]\ntext = "good.txt"\nfind = ""\nreplace = "b"\n', ("1", "find")),
        ('[[correction]]\ntext = "good.txt"\nfind = 3\nreplace = "b"\n', ("1", "find")),
        ('[[correction]]\ntext = "good.txt"\nfind = "a"\nreplace = "b"\nreason = 1\n', ("reason",)),
        ("correction = [1, 2]\n", ("correction 1", "table")),
        ("fix = 1\n", ("fix",)),
        ('[[correction]]\ntext = "good.txt"\nfind =\n', ("corrections.toml", "line 3")),
    ],
    ids=[
        "several",
        "no-such-text",
        "unknown-key",
        "empty-find",
        "find-type",
        "reason-type",
        "not-tables",
        "top-level-key",
        "malformed",
    ],
)
def test_bad_corrections_name_the_entry(book: Book, toml: str, needles: tuple[str, ...]):
    book.write("corrections.toml", toml)
    before = snapshot(book.out, hidden=False)
    one_line_error(book.run(), "corrections.toml", *needles)
    assert snapshot(book.out, hidden=False) == before


def test_a_build_failing_late_writes_nothing_at_all(book: Book):
    book.write(
        "corrections.toml", '[[correction]]\ntext = "good.txt"\nfind = "the"\nreplace = "x"\n'
    )
    book.fails("correction 1")


def test_usage_errors_exit_2(book: Book):
    result = book.run("manuscript", "--paper", "a9")
    assert result.exit_code == 2 and "a9" in result.stderr
    assert snapshot(book.out) == {k: v for k, v in PREVIOUS.items()}


# ---------------------------------------------------------------- 4. markup stays text

LITERAL = [
    line
    for line in (HOSTILE / "markup.txt").read_text().split("\n\n")[2:]
    if line.strip() and not line.startswith("A paragraph with")
]


def _ast_strings(blocks: list[dict]) -> list[str]:
    from samizdat.render.html import plain

    out: list[str] = []
    for b in blocks:
        if b["t"] in ("Para", "Plain"):
            out.append(plain(b["c"]))
        elif b["t"] == "Header":
            out.append(plain(b["c"][2]))
        elif b["t"] == "Div":
            out.extend(_ast_strings(b["c"][1]))
        elif b["t"] == "BlockQuote":
            out.extend(_ast_strings(b["c"]))
    return out


def _xhtml_texts(epub: Path) -> tuple[list[str], list[tuple[str, dict]]]:
    """Text of every paragraph and heading, and every element with its attributes."""
    import zipfile

    from lxml import etree

    texts, elements = [], []
    with zipfile.ZipFile(epub) as z:
        for name in z.namelist():
            if name.endswith(".xhtml"):
                root = etree.fromstring(z.read(name))
                for el in root.iter("{*}p", "{*}h1", "{*}h2", "{*}h3"):
                    texts.append("".join(el.itertext()).strip())
                elements.extend((etree.QName(el).localname, dict(el.attrib)) for el in root.iter())
    return texts, elements


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every socket connection and every URL WeasyPrint asks for, recorded; sockets refused."""
    from samizdat.render.pdf import LocalOnlyFetcher

    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError(errno.ENETUNREACH, "network blocked by the test")

    real_fetch = LocalOnlyFetcher.fetch

    def recording_fetch(self: LocalOnlyFetcher, url: str, headers: dict | None = None):
        attempts.append(url)
        return real_fetch(self, url, headers)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(LocalOnlyFetcher, "fetch", recording_fetch)
    return attempts


@pytest.mark.slow
def test_markup_in_a_text_comes_out_literally_everywhere(book: Book, no_network: list[object]):
    (book.folder / "good.txt").unlink()
    shutil.copy(HOSTILE / "markup.txt", book.folder / "markup.txt")
    result = book.run("build", "--jobs", "1", "--no-cache")
    assert result.exit_code == 0, result.output
    from samizdat.manuscript import read_manuscript

    md = (book.out / "manuscript.md").read_text()
    assert [s for s in _ast_strings(read_manuscript(md)["blocks"]) if s in LITERAL] == LITERAL
    texts, elements = _xhtml_texts(book.out / "markup-that-must-stay-text.epub")
    assert [t for t in texts if t in LITERAL] == LITERAL
    names = [name for name, _ in elements]
    assert "script" not in names and "iframe" not in names and "object" not in names
    images = [a["src"] for name, a in elements if name == "img"]
    assert images == ["../images/cover.png"]
    links = [a["href"] for _, a in elements if "href" in a]
    assert not [h for h in links if h.startswith(("http:", "https:", "file:", "javascript:"))]
    assert not any(k.startswith("on") for _, a in elements for k in a)
    pdf = subprocess.run(
        ["pdftotext", "-raw", str(book.out / "markup-that-must-stay-text.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert [line for line in LITERAL if line not in pdf] == []
    urls = [str(a) for a in no_network]
    assert any(u.startswith("file:") for u in urls)  # the recorder saw the fonts being fetched
    assert not [u for u in urls if "127.0.0.1" in u or "passwd" in u or not u.startswith("file:")]


@pytest.mark.parametrize("rule", ["---", "* * *", "***", "…"])
def test_a_rule_line_is_not_a_heading(rule: str):
    from samizdat.model import Heading
    from samizdat.normalise import evidence_for, normalise_text

    long = "A paragraph long enough to be a paragraph of the text, not a title or heading."
    lines = ("A Title", "", long, "", rule, "", long, "")
    norm = normalise_text(lines, evidence_for("rule.txt", lines), "rule")
    assert not [b for b in norm.blocks if isinstance(b, Heading)]


def test_digits_inside_a_token_are_not_note_calls():
    from samizdat.model import NoteRef, Para, plain_text
    from samizdat.normalise import evidence_for, normalise_text

    token = "Qk1xR2pvZ3Ja03bWx4Zz4aq5vLmNv"
    lines = ("A Title", "", f"The key is {token} and nothing else, as printed.", "")
    norm = normalise_text(lines, evidence_for("token.txt", lines), "token")
    para = next(b for b in norm.blocks if isinstance(b, Para))
    assert not [i for i in para.inlines if isinstance(i, NoteRef)]
    assert token in plain_text(para.inlines)


# ---------------------------------------------------------------- the print renderer's fetcher


@pytest.fixture
def fetcher():
    from samizdat import paths
    from samizdat.render.pdf import LocalOnlyFetcher
    from samizdat.render.pdf_html import PRINT_TEMPLATES

    return LocalOnlyFetcher((PRINT_TEMPLATES, paths.FONTS))


def test_fetcher_serves_a_template_and_a_font(fetcher):
    from samizdat import paths
    from samizdat.render.pdf_html import PRINT_TEMPLATES

    css = next(PRINT_TEMPLATES.glob("*.css"))
    assert fetcher.fetch(css.as_uri()).status == 200
    font = next(p for p in paths.FONTS.rglob("*") if p.suffix in (".otf", ".ttf"))
    assert fetcher.fetch(font.as_uri()).headers["Content-Type"].startswith("font/")


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1/x.png",
        "https://example.org/font.otf",
        "data:text/css,body{}",
        "ftp://example.org/x",
        "file://remote-host/etc/passwd",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_anything_outside_its_folders(fetcher, url: str):
    with pytest.raises(PermissionError):
        fetcher.fetch(url)


def test_fetcher_refuses_climbing_out_and_symlinks_out(fetcher, tmp_path: Path):
    from samizdat.render.pdf_html import PRINT_TEMPLATES

    base = PRINT_TEMPLATES.as_uri()
    for url in (f"{base}/../../../../etc/passwd", f"{base}/%2e%2e/%2e%2e/pyproject.toml", base):
        with pytest.raises(PermissionError):
            fetcher.fetch(url)
    from samizdat.render.pdf import LocalOnlyFetcher

    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "evil.css").symlink_to("/etc/passwd")
    with pytest.raises(PermissionError):
        LocalOnlyFetcher((tmp_path / "root",)).fetch((tmp_path / "root" / "evil.css").as_uri())


# ---------------------------------------------------------------- 3. size

#: Memory a build may use, the build and pandoc each (the largest process counts).
MAX_RSS_BYTES = 1 << 30
#: Reads a child's peak memory: ru_maxrss is the largest of the processes it waited for.
MEASURE = """
import resource, subprocess, sys, time
started = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
print(done.returncode, peak, time.perf_counter() - started)
sys.stderr.write(done.stderr)
"""


def _measured_build(
    book: Book, timeout: float, command: str = "manuscript"
) -> tuple[int, int, float]:
    """(exit code, peak RSS in bytes, seconds) of ``build.py COMMAND`` in a fresh process."""
    cmd = [sys.executable, str(ROOT / "build.py"), command, "--quiet", "--no-cache"]
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *cmd, "--seeds", str(book.folder), "--out", str(book.out)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    code, peak, seconds = done.stdout.split()
    assert int(code) == 0, done.stderr[-2000:]
    return int(code), int(peak), float(seconds)


def _seed_text(size: int) -> str:
    blob = "\n\n".join(p.read_text() for p in sorted((ROOT / "seeds").glob("*.txt")))
    text = ("\n\n".join([blob] * (size // len(blob) + 1)))[:size]
    return text[: text.rfind("\n\n")] + "\n"


@pytest.mark.slow
def test_a_two_megabyte_text_builds_with_bounded_memory(book: Book):
    book.write("good.txt", _seed_text(2_000_000))
    _, peak, seconds = _measured_build(book, timeout=300)
    assert peak < MAX_RSS_BYTES, f"{peak / 2**20:.0f} MiB in {seconds:.0f} s"


@pytest.mark.slow
def test_a_twenty_megabyte_text_makes_an_epub_with_bounded_memory(book: Book):
    """pandoc reads it in pieces, the EPUB holds it in documents an e-reader opens quickly."""
    import zipfile

    book.write("good.txt", _seed_text(20_000_000))
    _, peak, seconds = _measured_build(book, timeout=900, command="epub")
    assert peak < MAX_RSS_BYTES, f"{peak / 2**20:.0f} MiB in {seconds:.0f} s"
    assert (book.out / "manuscript.md").stat().st_size > 20_000_000
    (epub,) = (p for p in book.out.glob("*.epub") if p.name not in PREVIOUS)
    with zipfile.ZipFile(epub) as z:
        furniture = {f"EPUB/text/{n}.xhtml" for n in ("cover", "titlepage", "nav", "colophon")}
        texts = [
            i
            for i in z.infolist()
            if i.filename.startswith("EPUB/text/") and i.filename not in furniture
        ]
    assert len(texts) > 50
    assert sum(i.file_size for i in texts) > 20_000_000
    assert max(i.file_size for i in texts[:-1]) < 300_000  # the last holds the notes


@pytest.mark.slow
def test_a_one_megabyte_line_builds(book: Book):
    words = "the workers of the world unite against capital and its state "
    book.write("good.txt", "A Title\n\n" + (words * 17_000).strip() + ".\n")
    _, peak, seconds = _measured_build(book, timeout=300)
    assert peak < MAX_RSS_BYTES and seconds < 120, (peak, seconds)
    assert (book.out / "manuscript.md").stat().st_size > 1_000_000


@pytest.mark.slow
def test_a_long_unbroken_paragraph_builds_in_linear_time(book: Book):
    """250 kB of hard-wrapped lines with no blank line: one paragraph of 3,500 lines."""
    line = "the workers of the world unite against capital and its state power"
    book.write("good.txt", "A Title\n\n" + "\n".join([line] * 3_700) + ".\n")
    _measured_build(book, timeout=30)


class TooSlow(Exception):
    pass


def _within(seconds: float, work: Callable[[], object]) -> None:
    """Run ``work`` in a forked child; raise TooSlow (and stop it) once it has taken ``seconds``.

    A child, not a signal: an exception raised into arbitrary code confuses pytest's plugins,
    and a thread could not be stopped.
    """
    import multiprocessing

    child = multiprocessing.get_context("fork").Process(target=work)
    child.start()
    child.join(seconds)
    if child.is_alive():
        child.kill()
        child.join()
        raise TooSlow(f"took more than {seconds} s")
    assert child.exitcode == 0, f"the work failed (exit code {child.exitcode})"


@pytest.mark.slow
def test_unwrapping_a_long_paragraph_is_linear():
    """A 2 MB paragraph of 30,000 lines: linear joining takes well under a second."""
    from samizdat.normalise.chunks import Evidence, split_chunks
    from samizdat.normalise.lines import unwrap_lines

    chunks = split_chunks(
        ("the workers of the world unite against capital and its state",) * 30_000
    )
    _within(4, lambda: unwrap_lines(chunks, Evidence("long.txt", wrapped=True)))


def test_a_doubtful_hyphen_costs_no_dictionary_copy():
    from samizdat.normalise.chunks import Evidence
    from samizdat.normalise.lines import dehyphenate

    words = frozenset(f"word{i}" for i in range(100_000))
    ev = Evidence("x.txt", vocabulary=words | {"organi", "zation"}, dictionary=words)
    _within(2, lambda: [dehyphenate("the organi-", "zation of", ev) for _ in range(2_000)])


@pytest.mark.slow
def test_a_text_of_unknown_words_is_proofread_in_linear_time(book: Book):
    import random

    from samizdat.book import load_book, normalise_book

    rnd = random.Random(3)
    word = lambda: "".join(rnd.choices("abcdefghijklmnoprstuvw", k=rnd.randint(3, 9)))  # noqa: E731
    paras = [" ".join(word() for _ in range(60)).capitalize() + "." for _ in range(80)]
    book.write("good.txt", "A Title\n\n" + "\n\n".join(paras) + "\n")  # 30 kB
    loaded = load_book(book.folder, None)
    _within(5, lambda: normalise_book(loaded, "2026-01-01"))
