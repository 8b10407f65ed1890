"""Ingest: bytes → text → lines. Encodings, BOMs, line ends, page breaks, control characters,
and files that are not text at all."""

from __future__ import annotations

import doctest
import errno
import os
from collections import Counter
from pathlib import Path

import pytest

from samizdat.errors import InputError
from samizdat.ingest import encoding, reader
from samizdat.ingest.encoding import decode, guess_8bit_encoding
from samizdat.ingest.reader import clean_characters, read_source

WESTERN = "“Café” – naïve señor, déjà vu, Straße, über, garçon… €5"
TEXT = f"A Title\n\n{WESTERN}\nsecond line\n"


def _read(tmp_path: Path, data: bytes, name: str = "t.txt") -> reader.SourceText:
    path = tmp_path / name
    path.write_bytes(data)
    return read_source(path)


def _refused(tmp_path: Path, data: bytes, *needles: str, name: str = "bad.txt") -> str:
    with pytest.raises(InputError) as info:
        _read(tmp_path, data, name)
    message = str(info.value)
    assert message.startswith(f"{name}: ") and "\n" not in message, message
    for n in needles:
        assert n in message, message
    return message


@pytest.mark.parametrize("module", [reader, encoding])
def test_docstring_examples_hold(module):
    assert doctest.testmod(module).failed == 0


# ---------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    ("data", "label"),
    [
        (TEXT.encode(), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode(), "UTF-8 with BOM"),
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "UTF-16 LE"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "UTF-16 BE"),
        (b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"), "UTF-32 LE"),
        (b"\x00\x00\xfe\xff" + TEXT.encode("utf-32-be"), "UTF-32 BE"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf32le-bom", "utf32be-bom"],
)
def test_unicode_encodings_decode_silently(tmp_path, data, label):
    src = _read(tmp_path, data)
    assert src.lines == ("A Title", "", WESTERN, "second line", "")
    assert src.encoding == label and src.warnings == ()
    assert not src.lines[0].startswith("\ufeff")


@pytest.mark.parametrize(
    ("codec", "label"), [("utf-16-le", "UTF-16 LE"), ("utf-16-be", "UTF-16 BE")]
)
def test_utf16_without_a_bom_is_recognised_and_reported(tmp_path, codec, label):
    src = _read(tmp_path, TEXT.encode(codec), "u.txt")
    assert src.lines[2] == WESTERN
    assert src.warnings == (f"u.txt: no byte-order mark; decoded as {label}",)


@pytest.mark.parametrize("codec", ["cp1252", "latin-1"])
def test_western_8bit_text_is_read_as_windows_1252_and_reported(tmp_path, codec):
    text = TEXT if codec == "cp1252" else TEXT.replace("“", '"').replace("”", '"')
    text = text.replace("–", "-").replace("…", "...").replace("€", "EUR")
    src = _read(tmp_path, text.encode(codec), "old.txt")
    assert "\n".join(src.lines) == text
    assert src.encoding == "cp1252"
    assert src.warnings == ("old.txt: not UTF-8; decoded as Windows-1252 (cp1252)",)


@pytest.mark.parametrize(
    "text",
    ["The café’s “naïve” señor—déjà vu…", "Català: col·lecció, l’àvia", "Ærø, Øresund, Ålborg"],
)
def test_punctuation_between_letters_is_still_western(text):
    assert guess_8bit_encoding(text.encode("cp1252")) == "cp1252"


def test_the_windows_fixture_keeps_its_accents(tmp_path):
    data = (Path(__file__).parent / "fixtures" / "cp1252_crlf.txt").read_bytes()
    src = _read(tmp_path, data)
    assert "The “quoted” words and the café—all in Windows-1252" in src.lines[2]


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Пролетарии всех стран, соединяйтесь! Это русский текст.", "cp1251"),
        ("Proletariusze wszystkich krajów, łączcie się! Zażółć gęślą jaźń.", "cp1250"),
    ],
)
def test_other_8bit_encodings_are_still_detected(text, codec):
    assert guess_8bit_encoding(text.encode(codec)) == codec
    assert decode(text.encode(codec), "x.txt").text == text


def test_stray_8bit_bytes_in_utf8_keep_the_utf8(tmp_path):
    data = "Café — déjà vu.\nHe said ".encode() + b"\x93yes\x94 and left.\n"
    src = _read(tmp_path, data, "mixed.txt")
    assert src.lines[:2] == ("Café — déjà vu.", "He said “yes” and left.")
    assert src.encoding == "utf-8"
    assert src.warnings == (
        "mixed.txt: 2 byte(s) are not UTF-8 (first on line 2); read them as Windows-1252 (cp1252)",
    )


def test_invalid_utf16_after_a_bom_names_the_byte(tmp_path):
    _refused(tmp_path, b"\xff\xfe" + "ok".encode("utf-16-le") + b"\x00\xd8", "UTF-16 LE", "byte")


# ---------------------------------------------------------------- characters


def test_line_ends_crlf_and_bare_cr_are_counted(tmp_path):
    src = _read(tmp_path, b"one\r\ntwo\rthree\nfour")
    assert src.lines == ("one", "two", "three", "four")
    assert src.counts == Counter(crlf_or_cr_line_ends=2)


def test_form_feed_is_a_page_break_of_blank_lines(tmp_path):
    src = _read(tmp_path, b"end of page\x0cnext page")
    blanks = ("",) * reader.FORM_FEED_BLANK_LINES
    assert src.lines == ("end of page", *blanks, "next page")
    assert src.counts["form_feed_page_breaks"] == 1


def test_tabs_and_no_break_spaces_become_spaces(tmp_path):
    src = _read(tmp_path, "a\tb\u00a0c\u202fd".encode())
    assert src.lines == ("a b c d",) and src.counts["space_like_characters"] == 3


def test_control_characters_are_removed_and_counted(tmp_path):
    filler = b" A sentence of plain text to make the controls a small share." * 10
    src = _read(tmp_path, b"wor\x01ds\x07 and\x1b more\x7f" + filler + b"\x1a")
    assert src.lines == ("words and more" + filler.decode(),)
    assert src.counts == Counter(control_characters_removed=5)


def test_line_breaks_in_disguise_keep_words_apart(tmp_path):
    src = _read(tmp_path, "one\x0btwo\u2028three\u2029four".encode())
    assert src.lines == ("one", "two", "three", "", "four")
    assert src.counts == Counter(line_separators=2, paragraph_separators=1)


def test_windows_punctuation_passed_through_latin1_is_restored():
    counts: Counter[str] = Counter()
    assert clean_characters("don\x92t \x93go\x94 \x85 \x81", counts) == "don’t “go” … "
    assert counts == Counter(c1_controls_read_as_cp1252=4, control_characters_removed=1)


def test_invisible_and_bidi_override_characters_are_removed():
    counts: Counter[str] = Counter()
    text = "zero\u200bwidth soft\u00adhyphen \u202eevil\u202c \u2066iso\u2069 \ufeffbom"
    assert clean_characters(text, counts) == "zerowidth softhyphen evil iso bom"
    assert counts == Counter(invisible_characters_removed=7)


def test_private_use_characters_are_removed_and_counted():
    counts: Counter[str] = Counter()
    assert clean_characters("e\ue000cient", counts) == "ecient"
    assert counts == Counter(control_characters_removed=1)


def test_decomposed_accents_are_composed():
    counts: Counter[str] = Counter()
    assert clean_characters("cafe\u0301", counts) == "café"
    assert counts == Counter(characters_composed_nfc=1)


def test_clean_text_is_left_alone():
    counts: Counter[str] = Counter()
    text = "Plain “text” — with café, 1917, and a line\nbreak."
    assert clean_characters(text, counts) == text and not counts


# ---------------------------------------------------------------- not text


def test_empty_file(tmp_path):
    assert _refused(tmp_path, b"", "empty") == "bad.txt: the file is empty"


@pytest.mark.parametrize("data", [b"   \n\t\r\n  ", " \n".encode("utf-16")])
def test_whitespace_only_file(tmp_path, data):
    _refused(tmp_path, data, "empty")


def test_invisible_characters_only(tmp_path):
    _refused(tmp_path, "\u200b\u00a0\u200b\n".encode(), "no visible text")


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "ZIP"),
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl} Hello}", "RTF"),
        (b"\x7fELF\x02\x01\x01", "executable"),
    ],
    ids=["pdf", "png", "jpeg", "docx", "rtf", "elf"],
)
def test_known_binary_formats_are_named(tmp_path, data, what):
    _refused(tmp_path, data, what, "not plain text")


def test_nul_bytes_mean_binary(tmp_path):
    _refused(tmp_path, b"some text\x00\x01\x02\x03 more", "binary", "NUL")


def test_control_character_soup_is_binary(tmp_path):
    _refused(tmp_path, bytes(range(1, 32)) * 20 + b"text", "binary", "control characters")


def test_random_bytes_are_refused(tmp_path):
    data = bytes((i * 7919 + 13) % 256 for i in range(4096))
    _refused(tmp_path, data, "bad.txt")


def test_a_folder_is_not_a_text(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    with pytest.raises(InputError, match=r"^dir\.txt: a folder, not a text file$"):
        read_source(tmp_path / "dir.txt")


def test_a_fifo_is_not_read(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(InputError, match=r"^pipe\.txt: not a regular file"):
        read_source(tmp_path / "pipe.txt")  # would block forever if opened


def test_a_file_name_that_is_not_utf8_is_refused_readably(tmp_path):
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.txt"))
    path.write_text("Words in a file whose name is Latin-1.")
    with pytest.raises(InputError) as info:
        read_source(path)
    assert str(info.value) == "caf\\xe9.txt: the file name is not UTF-8; rename the file"
    str(info.value).encode()  # printable


def test_a_missing_file_names_it(tmp_path):
    with pytest.raises(InputError, match=r"^gone\.txt: cannot read: No such file or directory$"):
        read_source(tmp_path / "gone.txt")


def test_unreadable_file_names_it(tmp_path, monkeypatch):
    """chmod 000 does not stop root, so the refusal is simulated where the file is opened."""
    path = tmp_path / "locked.txt"
    path.write_text("secret")

    def deny(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(InputError, match=r"^locked\.txt: cannot read: Permission denied$"):
        read_source(path)


def test_unreadable_file_really_chmodded(tmp_path):
    path = tmp_path / "locked.txt"
    path.write_text("secret text")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("running as root: chmod 000 does not stop reading (see the simulated test)")
        with pytest.raises(InputError, match="Permission denied"):
            read_source(path)
    finally:
        path.chmod(0o644)


def test_a_file_larger_than_any_book_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_SOURCE_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 400)
    with pytest.raises(InputError, match=r"^huge\.txt: 0\.0 MiB is too large for a text \("):
        read_source(path)


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "huge"])
def test_read_bytes_refuses_what_would_hang_or_never_end(tmp_path, kind):
    path = tmp_path / "book.toml"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    else:
        path.write_bytes(b"x" * 2048)
    with pytest.raises(
        InputError, match=r"^book\.toml: (a folder|not a regular file|.* too large)"
    ):
        reader.read_bytes(path, "book.toml", kind="config file", limit=1024)
