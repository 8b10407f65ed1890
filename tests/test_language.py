"""Each text's language: declared (book.toml, a Project Gutenberg header, YAML front matter) or
detected on a sample; the book's language from its texts; quotation marks of the language.
The texts are written for the test."""

from __future__ import annotations

import pytest

from samizdat.book import load_book, normalise_book
from samizdat.config import load_book_config
from samizdat.errors import ConfigError
from samizdat.language import (
    book_language,
    declared_language,
    detect,
    language_code,
    sample,
    text_language,
)
from samizdat.model import plain_text
from samizdat.normalise.typography import smarten_quotes

GERMAN = (
    "Am Morgen ging der alte Fischer wie jeden Tag hinunter an den Strand. Das Wasser war "
    "ruhig, und die Möwen saßen still auf den Pfählen. Er dachte an seine Tochter, die in der "
    "Stadt arbeitete und nur selten nach Hause kam. Niemand wusste, warum sie gegangen war."
)
FRENCH = (
    "Le matin, le vieux pêcheur descendait comme chaque jour vers la plage. La mer était calme "
    "et les mouettes se tenaient immobiles sur les pieux. Il pensait à sa fille, qui travaillait "
    "en ville et ne revenait que rarement à la maison."
)
ENGLISH = (
    "In the morning the old fisherman went down to the beach as he did every day. The water "
    "was calm, and the gulls sat still on the posts. He thought of his daughter, who worked in "
    "the town and seldom came home."
)


def test_declared_languages_become_tags():
    assert language_code("German") == "de" and language_code("English") == "en"
    assert language_code("pt-BR") == "pt-BR" and language_code("") == ""
    header = ("The Project Gutenberg EBook of Der Hof, by A. Berg", "", "Language: German", "")
    assert declared_language(header).code == "de"  # type: ignore[union-attr]
    yaml = ("---", "title: Le Port", "lang: fr", "---", "", FRENCH)
    assert declared_language(yaml).evidence == "front-matter"  # type: ignore[union-attr]
    assert declared_language(("Just a text.",)) is None


def test_languages_are_detected_from_the_text():
    assert detect(GERMAN) == "de"
    assert detect(FRENCH) == "fr"
    assert detect(ENGLISH) == "en"
    assert detect("Ja.") == ""  # too short to say


def test_the_sample_leaves_a_gutenberg_header_and_licence_out():
    header = ["The Project Gutenberg EBook of Der Hof, by A. Berg", ""]
    header += ["This eBook is for the use of anyone anywhere at no cost."] * 40
    header += ["*** START OF THIS PROJECT GUTENBERG EBOOK DER HOF ***", ""]
    body = [GERMAN, ""] * 30
    licence = ["*** END OF THIS PROJECT GUTENBERG EBOOK DER HOF ***"]
    licence += ["You may copy it, give it away or re-use it under the terms of the License."] * 200
    lines = tuple(header + body + licence)
    assert "Project Gutenberg" not in sample(lines) and "License" not in sample(lines)
    assert text_language(lines).code == "de"
    assert text_language(lines, "de-AT").code == "de-AT"  # book.toml says so


def test_the_books_language_is_its_texts_unless_book_toml_says():
    assert book_language(["de", "de", "en"]) == "de"
    assert book_language(["de"], "en") == "en"
    assert book_language(["", ""]) == "en"


def test_book_toml_gives_a_texts_language_and_refuses_a_bad_tag(tmp_path):
    cfg = tmp_path / "book.toml"
    cfg.write_text('[[texts]]\nfile = "a.txt"\nlanguage = "de"\n')
    assert load_book_config(cfg).texts[0].language == "de"
    assert load_book_config(cfg).language == ""  # the book's: from its texts
    cfg.write_text('[[texts]]\nfile = "a.txt"\nlanguage = "German!"\n')
    with pytest.raises(ConfigError, match="language"):
        load_book_config(cfg)
    cfg.write_text('[[texts]]\nfile = "a.txt"\nlang = "de"\n')
    with pytest.raises(ConfigError, match="unknown key 'lang'"):
        load_book_config(cfg)


def test_each_text_carries_its_language_into_the_book(tmp_path):
    (tmp_path / "a.txt").write_text("Der Hof\n\n" + (GERMAN + "\n\n") * 3)
    (tmp_path / "b.txt").write_text("Die Bucht\n\n" + (GERMAN + "\n\n") * 2)
    (tmp_path / "c.txt").write_text("The Bay\n\n" + (ENGLISH + "\n\n") * 2)
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    assert [t.meta.language for t in nb.manuscript.texts] == ["de", "de", "en"]
    assert nb.manuscript.language == "de"
    assert nb.reports[0].counts["language_detected"] == 1
    (tmp_path / "book.toml").write_text(
        'language = "en"\n[[texts]]\nfile = "a.txt"\n[[texts]]\nfile = "c.txt"\nlanguage = "en-GB"\n'
    )
    nb = normalise_book(load_book(tmp_path, tmp_path / "book.toml"), "2026-01-01")
    assert nb.manuscript.language == "en"
    assert [t.meta.language for t in nb.manuscript.texts] == ["de", "en-GB"]


def test_german_quotation_marks_are_german():
    assert smarten_quotes('Sie sagte: "Komm morgen."', language="de") == "Sie sagte: „Komm morgen.“"
    assert smarten_quotes('He said: "Come."') == "He said: “Come.”"
    # a German apostrophe stays an apostrophe
    assert smarten_quotes("Wie geht's?", language="de") == "Wie geht’s?"


def test_a_german_texts_straight_quotes_become_german_ones_in_the_book(tmp_path):
    (tmp_path / "a.txt").write_text(f'Der Hof\n\n{GERMAN} "Komm mit", rief er.\n')
    (tmp_path / "b.txt").write_text(f'The Bay\n\n{ENGLISH} "Come along," he called.\n')
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    de, en = (plain_text(t.blocks[-1].inlines) for t in nb.manuscript.texts)
    assert "„Komm mit“, rief er." in de
    assert "“Come along,” he called." in en


def test_a_texts_language_reaches_its_heading_and_the_rendered_text():
    from samizdat.manuscript import read_manuscript, text_md
    from samizdat.model import BookText, Loc, Para, Text, TextMeta
    from samizdat.render.html import render_book

    text = BookText(
        TextMeta("hof", "Der Hof", language="de"), (Para((Text("Es war still."),), Loc("a", 1)),)
    )
    md = text_md(text)
    assert md.startswith('# Der Hof {#hof lang="de"}')
    rendered = render_book(read_manuscript("---\nlang: en\n---\n\n" + md))
    assert rendered.language == "en" and rendered.texts[0].language == "de"
