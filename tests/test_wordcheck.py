"""The independent word check, the plain-reading fallback and the rules of issue 12, on small
texts written for these tests and on the development corpus (none of them seeds)."""

from __future__ import annotations

import doctest
import random
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

import samizdat.furniture
import samizdat.wordcheck
from samizdat.book import load_book, normalise_book
from samizdat.config import BuildOptions
from samizdat.errors import SamizdatError
from samizdat.model import NoteRef, Para, plain_text
from samizdat.pipeline import build
from samizdat.wordcheck import BookWords, check_words, words

CORPUS = Path(__file__).parent / "corpus"
LETTER = (
    "Dear Editor,\n\nThe meeting on 12 May decided three things. First, the circle meets on "
    "Thursdays. Second, the library opens at six. Third, the minutes are kept by the "
    "secretary.\n\nYours faithfully,\n\nA. Reader\n"
)


def test_doctests():
    assert doctest.testmod(samizdat.wordcheck).failed == 0
    assert doctest.testmod(samizdat.furniture).failed == 0


def _body(text: str) -> BookWords:
    return BookWords(words(text))


@pytest.mark.parametrize(
    ("book", "problem"),
    [
        ("the meeting decided three things", "lost “on 12 may”"),  # removed
        ("the meeting on 12 may decided four things", "lost “three”"),  # altered
        ("the meeting on on 12 may decided three things", "added “on”"),  # duplicated
        ("the on meeting 12 may decided three things", "lost “on”"),  # moved
    ],
)
def test_each_kind_of_change_is_found_with_its_line(book, problem):
    src = ("The meeting", "on 12 May decided", "three things.")
    check = check_words(src, _body(book))
    assert not check.ok
    assert any(problem in p for p in check.problems("m.txt")), check.problems("m.txt")
    assert all(p.startswith("m.txt:") for p in check.problems("m.txt"))


def test_verified_edits_only():
    src = ("a word split at the organ-", "NERVOUS HEAD", "ization of the line", "end")
    # the running head is not shown to be furniture by anything in this source: a loss
    check = check_words(src, _body("a word split at the organization of the line end"))
    assert check.problems("x")[0] == "x:2: lost “nervous head”"
    # a hyphen the source does not print at a line end is no licence to join
    check = check_words(("the organ", "ization"), _body("the organization"))
    assert not check.ok


def test_a_note_number_may_go_only_with_its_note():
    src = ("A claim.1 More text.", "", "1 The note.")
    note = BookWords(words("a claim more text"), [words("the note")])
    assert not check_words(src, note).ok  # no note carries the number 1
    note.note_numbers["1"] = 1
    check = check_words(src, note)
    assert check.ok and check.edits["note-marker"] == 2


def _book(tmp_path: Path, **texts: str) -> Path:
    folder = tmp_path / "book"
    folder.mkdir()
    for name, body in texts.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def test_numbers_in_prose_stay_numbers(tmp_path):
    text = (
        "Clauses 1, 2, 3, 4 and 5 were read. The Sonata Op. 106 was played.\n\n"
        "The hall holds 1,250 people and 300 m² of floor. Chapter 4 Begins the story.\n\n"
        "1848\n\nThe year stands alone between two paragraphs. Then 6 Men came.\n"
    )
    nb = normalise_book(load_book(_book(tmp_path, **{"a.txt": text}), None), "2026-01-01")
    body = " ".join(
        plain_text(b.inlines) for b in nb.manuscript.texts[0].blocks if isinstance(b, Para)
    )
    for kept in ("1, 2, 3, 4 and 5", "Op. 106", "1,250", "m²", "Chapter 4", "1848", "6 Men"):
        assert kept in body, kept
    assert nb.conservation[0].ok


def test_calls_without_note_text_keep_their_numbers_and_get_one_editorial_note(tmp_path):
    text = " ".join(f"Claim number {w}.{i}" for i, w in enumerate("abcdefg", 1)) + "\n"
    nb = normalise_book(load_book(_book(tmp_path, **{"a.txt": text}), None), "2026-01-01")
    (para,) = nb.manuscript.texts[0].blocks
    refs = [n for n in para.inlines if isinstance(n, NoteRef)]
    assert len(refs) == 1 and refs[0].note.missing
    assert "7 note calls (1–7)" in plain_text(refs[0].note.blocks[0].inlines)
    assert "number a.1" in plain_text(para.inlines) and "number g.7" in plain_text(para.inlines)


def test_notes_that_restart_are_distinct_notes(tmp_path):
    text = (
        "First chapter claim.¹ And another.²\n\n¹ Chapter one, note one.\n\n"
        "² Chapter one, note two.\n\nSecond chapter claim.¹\n\n¹ Chapter two, note one.\n"
    )
    nb = normalise_book(load_book(_book(tmp_path, **{"a.txt": text}), None), "2026-01-01")
    notes = [
        plain_text(n.note.blocks[0].inlines)
        for b in nb.manuscript.texts[0].blocks
        if isinstance(b, Para)
        for n in b.inlines
        if isinstance(n, NoteRef)
    ]
    assert notes == ["Chapter one, note one.", "Chapter one, note two.", "Chapter two, note one."]
    assert nb.conservation[0].ok


def test_a_second_name_under_the_title_stays_in_the_book(tmp_path):
    text = "The Title\n\nby A. Writer\n\nB. Other\n\nThe text begins here and goes on.\n"
    nb = normalise_book(load_book(_book(tmp_path, **{"a.txt": text}), None), "2026-01-01")
    t = nb.manuscript.texts[0]
    assert t.meta.author == "A. Writer"
    assert words(plain_text(t.blocks[0].inlines)) == ["b", "other"]
    assert nb.conservation[0].ok


def test_a_pass_that_loses_words_falls_back_to_the_plain_reading(tmp_path, monkeypatch):
    """Break a pass on purpose: the paragraph it damaged is read plainly, with a finding."""
    from samizdat import normalise
    from samizdat.normalise import structure

    def lossy(chunks, ev):  # drops the word "secretary" wherever a pass sees it
        out = structure.mark_lists(chunks, ev)
        fixed = tuple(
            c if c.kind == "plain" else structure.replace(c, text=c.text.replace("secretary", ""))
            for c in out.chunks
        )
        return structure.PassResult(fixed, out.counts)

    passes = tuple(lossy if p is structure.mark_lists else p for p in normalise.PASSES)
    monkeypatch.setattr(normalise, "PASSES", passes)
    nb = normalise_book(load_book(_book(tmp_path, **{"a.txt": LETTER}), None), "2026-01-01")
    assert nb.conservation[0].ok
    body = " ".join(
        plain_text(b.inlines) for b in nb.manuscript.texts[0].blocks if isinstance(b, Para)
    )
    assert "kept by the secretary" in body
    assert any(f.code == "plain-reading" and f.line == 3 for f in nb.reports[0].findings)


@pytest.mark.slow
def test_a_writer_that_loses_a_word_stops_the_build(tmp_path, monkeypatch):
    """The end-to-end check reads the built EPUB: a word dropped after normalisation (here by
    the HTML renderer) fails the build naming the file and line."""
    from samizdat.render import html

    folder = _book(tmp_path, **{"a.txt": LETTER})
    real = html.render_pieces

    def lossy(meta, groups):  # type: ignore[no-untyped-def]
        book = real(meta, groups)
        if not book.texts:  # the book's shell (metadata only) is rendered on its own
            return book
        t = book.texts[0]
        damaged = html.Markup(str(t.body_html).replace("Thursdays", "", 1))
        return replace(book, texts=(replace(t, body_html=damaged),))

    monkeypatch.setattr("samizdat.pipeline.render_pieces", lossy)
    with pytest.raises(SamizdatError, match=r"a\.txt:3: lost “thursdays”"):
        build(folder, None, tmp_path / "out", BuildOptions(cache=False), pdf=False)


@pytest.mark.slow
def test_every_corpus_text_builds_a_book_with_every_word(tmp_path):
    """A folder of real texts of many kinds (OCR layers, pdftotext, Gutenberg, a web page):
    one book, every word of every text in its EPUB."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    result = build(folder, None, tmp_path / "out", BuildOptions(), pdf=False)
    texts = result.report["texts"]
    assert len(texts) == len(list(CORPUS.glob("*.txt"))) >= 12
    for t in texts:
        cons = t["conservation"]
        assert cons["ok"], (t["file"], cons["lost"][:3], cons["added"][:3])
        assert cons["epub"]["lost_words"] == 0 and cons["epub"]["added_words"] == 0, t["file"]
    epub = next(p for p in result.outputs if p.suffix == ".epub")
    assert zipfile.ZipFile(epub).testzip() is None


def test_a_body_sentence_that_mentions_an_archive_or_ibid_stays_in_the_body(tmp_path):
    paras = [
        f"Paragraph {w} of the essay goes on about its subject at length." for w in "abcdefghij"
    ]
    paras[5] = "The letters were found in the Internet Archive by a student in 1999."
    paras.insert(6, "He wrote ibid. in the margin, and p. 5 was torn out of it.")
    nb = normalise_book(
        load_book(_book(tmp_path, **{"a.txt": "\n\n".join(paras) + "\n"}), None), "2026-01-01"
    )
    text = nb.manuscript.texts[0]
    body = [plain_text(b.inlines) for b in text.blocks if isinstance(b, Para)]
    assert text.furniture == ()
    assert any("Internet Archive" in p for p in body) and any(
        p.startswith("He wrote ibid.") for p in body
    )
    assert not any(isinstance(n, NoteRef) for b in text.blocks for n in getattr(b, "inlines", ()))


TITLED = "A Letter on Circles\n\nby A. Reader\n\n" + LETTER


def _fails_naming(tmp_path: Path, pattern: str) -> None:
    tmp_path.mkdir(exist_ok=True)
    folder = _book(tmp_path, **{"a.txt": TITLED})
    with pytest.raises(SamizdatError, match=pattern):
        build(folder, None, tmp_path / "out", BuildOptions(cache=False), pdf=False)


@pytest.mark.slow
def test_a_word_pandoc_loses_stops_the_build(tmp_path, monkeypatch):
    from samizdat import pipeline

    real = pipeline.read_json
    monkeypatch.setattr(pipeline, "read_json", lambda md: real(md).replace('"Thursdays', '"', 1))
    _fails_naming(tmp_path, r"a\.txt:7: lost “thursdays”")


@pytest.mark.slow
def test_a_title_word_the_metadata_route_loses_or_doubles_stops_the_build(tmp_path, monkeypatch):
    from samizdat.render import html

    real = html.render_pieces

    def retitled(title):  # type: ignore[no-untyped-def]
        def render(meta, groups):  # type: ignore[no-untyped-def]
            book = real(meta, groups)
            if not book.texts:  # the book's shell (metadata only) is rendered on its own
                return book
            return replace(book, texts=(replace(book.texts[0], title=title),))

        return render

    monkeypatch.setattr("samizdat.pipeline.render_pieces", retitled("A Letter on"))
    _fails_naming(tmp_path / "lost", r"a\.txt:1: lost “circles”")
    monkeypatch.setattr("samizdat.pipeline.render_pieces", retitled("A Letter on Circles Circles"))
    _fails_naming(tmp_path / "doubled", r"added “circles”")


@pytest.mark.slow
def test_a_word_the_epub_writer_moves_stops_the_build(tmp_path, monkeypatch):
    from samizdat.render import epub

    real = epub.render

    def moved(template, **context):  # type: ignore[no-untyped-def]
        out = real(template, **context)
        if template == "text.xhtml":
            out = out.replace(b"kept by the secretary", b"kept the by secretary", 1)
        return out

    monkeypatch.setattr(epub, "render", moved)
    _fails_naming(tmp_path, r"a\.txt:7: (lost|added) “(the|by)”")


WORDS = "the surgeon must know the parts which lie beneath every incision he makes".split()  # noqa: SIM905


def _ocr_book(heads: list[str]) -> tuple[str, ...]:
    """An OCR layer: a page per running head given (folio, head, text); each chapter opens
    with its heading after the end of a sentence."""
    lines: list[str] = []
    for page, head in enumerate(heads, 2):
        if page == 2 or heads[page - 3] != head:
            lines += ["The chapter before ends here.", "", head, ""]
        lines += [" ".join(random.Random(page * 100 + k).sample(WORDS, 9)) for k in range(14)]
        cut = f"and the {WORDS[page % 13]} sentence runs {page} over the"
        lines += [cut, "", str(page), "", head, "", f"{WORDS[(page + 1) % 13]} page."]
    return tuple(lines)


def test_running_heads_that_change_with_the_chapter_go_and_the_heading_stays():
    chapters = ["ON IRRITATION.", "ON INFLAMMATION.", "ON ULCERS.", "ON GANGRENE.", "ON BURNS."]
    lines = _ocr_book([c for c in chapters for _ in range(4)])  # each head on 4 of 20 pages
    prof = samizdat.furniture.page_furniture(lines)
    heads = [lines[i] for i, kind in sorted(prof.furniture.items()) if kind == "running-head"]
    assert heads == [c for c in chapters for _ in range(4)]
    headings = [
        i for i, line in enumerate(lines) if line in chapters and lines[i - 2].startswith("The")
    ]
    assert len(headings) == 5 and not any(i in prof.furniture for i in headings)


def test_a_running_head_that_opens_like_the_sentence_below_it_keeps_the_sentence_whole():
    """A book whose running head repeats a sentence's opening (an extract's editorial title,
    ``It was about noon…``) over a page whose text opens with the same two words: the body's
    ``It was`` are the page's, not the head's."""
    head = "It was about noon when the captain entered…"
    pages, body = [], []
    for page in range(1, 9):
        rng = random.Random(page)
        text = [" ".join(rng.sample(WORDS, 9)) for _ in range(6)]
        text[0] = ("It was soon plain that " if page == 5 else "Then ") + text[0]
        pages.append([head, "", str(page), "", *text])
        body += text
    lines = tuple("\f".join("\n".join(p) for p in pages).replace("\f", "\n\f").split("\n"))
    starts = tuple(i for i, line in enumerate(lines) if line.startswith("\f"))
    lines = tuple(line.lstrip("\f") for line in lines)
    check = check_words(lines, _body(" ".join(body)), (0, *starts))
    assert check.ok, check.problems("x")
    assert check.edits["running-head"] == 8 * len(words(head))


def test_a_salutation_at_a_page_foot_that_reads_like_the_running_head_is_the_body_s():
    """A letter's ``Dear Daddy-Long-Legs,`` as a page's last line, over the next page's head
    ``Daddy-Long-Legs 77``: the furniture profile may take it for a head, but the book that
    keeps it as the salutation keeps every word (its last word is followed, past the next
    head, by the book's next word)."""
    pages, body = [], []
    for page in range(1, 9):
        rng = random.Random(page)
        text = [" ".join(rng.sample(WORDS, 9)) for _ in range(6)]
        if page == 4:
            text.append("Dear Daddy-Long-Legs,")
        pages.append([f"Daddy-Long-Legs          {page + 70}", "", *text])
        body += text
    lines = tuple("\n\f".join("\n".join(p) for p in pages).split("\n"))
    starts = tuple(i for i, line in enumerate(lines) if line.startswith("\f"))
    lines = tuple(line.lstrip("\f") for line in lines)
    check = check_words(lines, _body(" ".join(body)), (0, *starts))
    assert check.ok, check.problems("x")
