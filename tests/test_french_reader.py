"""A French novel as Project Gutenberg sets one (made up for the test: ``fixtures/french``):
CRLF, a header naming the language, a title page, a "TABLE DES MATIÈRES", chapters numbered
in capital roman numerals on a line of their own over a title in capitals, dialogue opened by
``--``, guillemets and French spacing before ``: ; ! ?``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from samizdat.cli import main

FIXTURE = Path(__file__).parent / "fixtures" / "french" / "lenoir.txt"


def _build(tmp: Path, name: str, data: bytes) -> tuple[str, dict]:
    (tmp / "book").mkdir()
    (tmp / "book" / name).write_bytes(data)
    args = ["--seeds", str(tmp / "book"), "--out", str(tmp / "out"), "manuscript"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    report = json.loads((tmp / "out" / "build-report.json").read_text(encoding="utf-8"))
    return (tmp / "out" / "manuscript.md").read_text(encoding="utf-8"), report["texts"][0]


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    return _build(tmp_path_factory.mktemp("fr"), FIXTURE.name, FIXTURE.read_bytes())


def test_chapters_numbered_alone_over_their_titles_are_headings_with_their_numbers(french):
    manuscript, report = french
    heads = re.findall(r"^(#+) (.+?) \{", manuscript, re.M)
    assert heads == [
        ("#", "Le Voyage de Madame Lenoir"),
        ("##", "I. LE DÉPART"),
        ("##", "II. LA DILIGENCE"),
        ("##", "III. L’AUBERGE DU CHEVAL-BLANC"),
    ]
    assert report["conservation"]["ok"]
    assert "folio" not in report["conservation"]["edits"]  # I, II, III are no page numbers
    assert 'author="Jeanne Morel"' in manuscript


def test_dialogue_dashes_are_speech_not_attributions(french):
    manuscript, _ = french
    assert "attribution" not in manuscript
    # (a thin no-break space before the question mark the source set close)
    assert "\n—Vous partez donc vraiment\u202f? demanda-t-il enfin.\n" in manuscript


def test_french_spacing_stays_no_break(french):
    manuscript, _ = french
    assert "cent fois\u00a0: je veux voir la mer" in manuscript
    assert "«\u00a0Il faudra, pensait-elle" in manuscript


def test_an_english_book_numbered_so_reads_the_same_way(tmp_path):
    """The second text of the kind: chapters "I" / "THE ROAD" in an English novel."""
    para = (
        "The road ran on between the hedges, and the carrier's cart went slowly up\n"
        "the hill, so that the passengers had time to look about them and talk.\n\n"
    )
    chapters = "".join(
        f"\n\n\n{n}\n\n{t}\n\n\n" + para * 12
        for n, t in (("I", "THE ROAD"), ("II", "THE INN"), ("III", "THE SEA"))
    )
    text = "THE CARRIER\n\nBY ANNE HOLT\n" + chapters
    manuscript, report = _build(tmp_path, "carrier.txt", text.encode())
    heads = re.findall(r"^## (.+?) \{", manuscript, re.M)
    assert heads == ["I. THE ROAD", "II. THE INN", "III. THE SEA"]
    assert "folio" not in report["conservation"]["edits"]


def test_a_gutenberg_novels_chapters_and_unnumbered_contents(tmp_path):
    """Verne's *Tour du monde* (Gutenberg #800): chapter numerals alone over titles in
    capitals of one or two lines are headings with their titles; the contents, an entry a
    paragraph without page numbers, is one list; the title page (author, title, year) is no
    chapter."""
    from helpers import read_checked
    from samizdat.model import Heading, Para, plain_text

    path = FIXTURE.parent / "verne-tour-du-monde-pg800-start.txt"
    _, _, norm, _ = read_checked(path)
    heads = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Heading)]
    assert [h.split(" ", 1)[0] for h in heads] == ["I.", "II.", "III.", "IV."]
    assert heads[0].endswith("RÉCIPROQUEMENT L’UN COMME MAÎTRE, L’AUTRE COMME DOMESTIQUE")
    lists = [b for b in norm.blocks if isinstance(b, Para) and b.role == "lines"]
    rows = plain_text(lists[0].inlines).split("\n")
    assert len(rows) == 37 and rows[8].startswith("IX OÙ LA MER ROUGE")
    assert rows[8].endswith("AUX DESSEINS DE PHILEAS FOGG")
    # guillemets and ? ! ; set close in the source take a French edition's thin spaces
    manuscript, _ = _build(tmp_path, path.name, path.read_bytes())
    assert "\n«\u202fSur ma foi, se dit Passepartout" in manuscript
    assert "que mon nouveau maître\u202f!\u202f»\n" in manuscript


def test_a_french_readers_english_preface_and_notes_take_english_quotes(tmp_path):
    """Guerber's *Contes et légendes* is a French reader for English students: its preface
    and notes are English, with English quotation marks; the tales keep the French ones."""
    path = FIXTURE.parent / "guerber-contes-et-legendes-pg18873-start.txt"
    manuscript, report = _build(tmp_path, path.name, path.read_bytes())
    assert "the common nursery story, “The Three Bears,” I have" in manuscript
    assert "«The Three Bears" not in manuscript
    assert report["counts"]["passages_in_another_language"] >= 10
    assert re.search(r"«\u202f?[A-ZÀ-Ü]", manuscript)  # the tales' own speech


def test_a_french_readers_book_builds_with_its_english_passages_marked(tmp_path):
    """The whole book of Guerber's reader: its tales' titles carry notes that quote English
    verse (line breaks in a note on a heading: the heading stays one line), and the EPUB
    marks the English passages with their language."""
    import zipfile

    path = FIXTURE.parent / "guerber-contes-et-legendes-pg18873-start.txt"
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / path.name).write_bytes(path.read_bytes())
    args = ["--seeds", str(tmp_path / "book"), "--out", str(tmp_path / "out"), "build"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    manuscript = (tmp_path / "out" / "manuscript.md").read_text(encoding="utf-8")
    assert '::: {lang="en"}' in manuscript
    assert re.search(r"^## LA ROSE MOUSSEUSE\..*Weary of pleasure", manuscript, re.M)
    epub = next((tmp_path / "out").glob("*.epub"))
    with zipfile.ZipFile(epub) as z:
        xhtml = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert xhtml.count('lang="en" xml:lang="en"') >= 10
    assert "<h2" in xhtml and "LES TROIS OURS" in xhtml
