"""Headings read from the text's own heading profile: small texts of each kind (a Gutenberg
novel, a regulation, a paper, a play, an OCR book, Markdown, a contents list), each built
whole, with the word check passing and no paragraph read plainly."""

from __future__ import annotations

from pathlib import Path

from samizdat.model import Heading, Para, plain_text
from samizdat.normalise.chunks import Evidence, split_chunks
from samizdat.normalise.heading_forms import keyword_form, named_form, numbered_form
from samizdat.normalise.headings import mark_headings
from samizdat.pipeline import load_book, normalise_book

PROSE = (
    "The morning broke grey over the hills, and the travellers set out before\n"
    "the sun had cleared the ridge above the village where they had slept."
)
OPENING = (
    "It was the custom of the house to dine late, and the guests had long gone\n"
    "to their rooms when the letter came up from the town by the evening post."
)


def _build(tmp_path, text: str, name: str = "t.txt"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    assert nb.conservation[0].ok, nb.conservation[0].problems(name)
    assert nb.reports[0].counts["paragraphs_read_plainly"] == 0
    return nb


def headings(tmp_path, text: str) -> list[tuple[int, str]]:
    blocks = _build(tmp_path, text).manuscript.texts[0].blocks
    return [(b.level, _plain(b.inlines)) for b in blocks if isinstance(b, Heading)]


def paras(tmp_path, text: str) -> list[str]:
    blocks = _build(tmp_path, text).manuscript.texts[0].blocks
    return [_plain(b.inlines) for b in blocks if isinstance(b, Para)]


def _plain(inlines) -> str:
    return plain_text(inlines).replace("\xa0", " ")  # typography's no-break spaces


def test_a_chapter_keyword_takes_its_title_line(tmp_path):
    text = (
        f"{OPENING}\n\n\n\nCHAPTER IV\n\nTHE ROAD TO THE NORTH\n\n\n{PROSE}\n\n{PROSE}\n\n\n\n"
        f"CHAPTER V\n\nA MEETING AT THE FERRY\n\n\n{PROSE}\n"
    )
    assert headings(tmp_path, text) == [
        (2, "CHAPTER IV. THE ROAD TO THE NORTH"),
        (2, "CHAPTER V. A MEETING AT THE FERRY"),
    ]


def test_numbered_chapter_titles_in_capitals_on_the_numeral_line(tmp_path):
    text = f"{OPENING}\n\n"
    for n, title in (("I", "THE FAMILY AT HOME"), ("II", "A JOURNEY BEGUN"), ("III", "SUMMER")):
        text += f"\n\n{n}.  {title}\n\n{PROSE}\n\n{PROSE}\n"
    assert [level for level, _ in headings(tmp_path, text)] == [2, 2, 2]
    assert headings(tmp_path, text)[1] == (2, "II. A JOURNEY BEGUN")


def test_a_numeral_and_its_title_parted_by_a_dash(tmp_path):
    """``I -- LA FABRIQUE`` (a French novel's chapters, one paragraph per line) and
    ``2 - Methods`` (a report): the dash parts the number from its title as a full stop does."""
    lines = ["PREMIÈRE PARTIE"]
    for n, title in (("I", "LA FABRIQUE"), ("II", "LES BABAROTRES"), ("III", "IL EST MORT")):
        lines += [f"{n} -- {title}", PROSE.replace("\n", " "), OPENING.replace("\n", " ")]
    found = headings(tmp_path, "\n".join(lines) + "\n")
    assert [t for _, t in found][-3:] == ["I—LA FABRIQUE", "II—LES BABAROTRES", "III—IL EST MORT"]
    text = f"{OPENING}\n"
    for n, title in (("1", "Background"), ("2", "Methods"), ("3", "Results")):
        text += f"\n{n} - {title}\n\n{PROSE}\n\n{PROSE}\n"
    (tmp_path / "r").mkdir()
    assert [t for _, t in headings(tmp_path / "r", text)] == [
        "1—Background",
        "2—Methods",
        "3—Results",
    ]


def test_a_glossarys_numerals_are_no_headings_under_chapters_titled_otherwise(tmp_path):
    text = (
        f"{OPENING}\n\nI. The house stood empty.\n\n{PROSE}\n\n{PROSE}\n\n"
        f"II. A letter arrives.\n\n{PROSE}\n\n{PROSE}\n\nGlossary\n\n"
        "I.\n\nA word the miners used for the lowest gallery of a pit.\n\n"
        "II.\n\nThe name of the old road over the moor to the coast.\n"
    )
    assert headings(tmp_path, text) == [
        (2, "I. The house stood empty."),
        (2, "II. A letter arrives."),
        (2, "Glossary"),
    ]


def test_a_list_numbered_in_roman_is_no_run_of_headings(tmp_path):
    text = (
        f"{OPENING}\n\n\nCHAPTER I\n\nTHE LETTER\n\n{PROSE}\n\n"
        "There are just three things that I know:\n\n"
        f"I. You are tall.\n\nII.  You are rich.\n\nIII. You hate girls.\n\n{PROSE}\n"
    )
    assert headings(tmp_path, text) == [(2, "CHAPTER I. THE LETTER")]
    assert "I. You are tall." in paras(tmp_path, text)


def test_a_regulation_nests_chapter_section_and_article(tmp_path):
    text = (
        "Whereas the Member States have agreed on the following rules for the sale of goods:\n"
        "HAVE ADOPTED THIS DIRECTIVE:\nCHAPTER I\n\nGeneral rules\nArticle 1\nScope\n1.\n"
        "This Directive applies to the sale of goods by traders to consumers in the Union.\n"
        "Article 2\nDefinitions\n"
        "For the purposes of this Directive the following definitions apply throughout.\n\n"
        "CHAPTER II\n\nObligations of traders\nSection 1\nInformation\nArticle 3\n"
        "Information to be given before the contract\n"
        "The trader shall inform the consumer of the main characteristics of the goods, as\n"
        "referred to in Article 2, before the consumer is bound by any contract of sale.\n"
        "Section 2\nRemedies\nArticle 4\nRepair and replacement\n"
        "The consumer shall be entitled to have the goods repaired free of charge by the trader.\n"
    )
    assert headings(tmp_path, text) == [
        (2, "CHAPTER I. General rules"),
        (3, "Article 1. Scope"),
        (3, "Article 2. Definitions"),
        (2, "CHAPTER II. Obligations of traders"),
        (3, "Section 1. Information"),
        (4, "Article 3. Information to be given before the contract"),
        (3, "Section 2. Remedies"),
        (4, "Article 4. Repair and replacement"),
    ]


def test_a_papers_numbered_sections_are_headings_not_note_calls(tmp_path):
    text = (
        "We measured the sediment load of three rivers over two years and report it here.\n\n"
        "1 Introduction\n"
        "Rivers carry sediment from the uplands to the sea, and the load varies by season.\n"
        "2 Methods\n2.1 Sampling\n"
        "Samples were taken every week at three stations on each river for the whole time.\n"
        "2.2 Analysis\n"
        "Each sample was dried and weighed, and its grain size was measured with a counter.\n"
        "1 The stations are shown on the map in the appendix at the end of this paper.\n\n"
        "3 Results\n"
        "The load was highest in spring, when the snow melted in the hills above the rivers.\n"
    )
    assert headings(tmp_path, text) == [
        (2, "1 Introduction"),
        (2, "2 Methods"),
        (3, "2.1 Sampling"),
        (3, "2.2 Analysis"),
        (2, "3 Results"),
    ]


def test_a_play_nests_scenes_in_acts_and_keeps_speakers_and_the_curtain_line(tmp_path):
    speech = "HARRY.\n\nI have come to say that the carriage waits for us at the door below.\n\n"
    speech += "MAUD.\n\nThen let it wait, for I have not yet finished what I came to say.\n\n"
    text = f"{OPENING}\n\n\n\nTHE FIRST ACT\n\n{speech * 2}SCENE 2\n\n{speech * 2}"
    text += f"END OF THE FIRST ACT.\n\n\n\nTHE SECOND ACT\n\n{speech}"
    assert headings(tmp_path, text) == [(2, "THE FIRST ACT"), (3, "SCENE 2"), (2, "THE SECOND ACT")]
    assert "END OF THE FIRST ACT." in paras(tmp_path, text)


def test_an_ocr_books_section_titles_alone_in_capitals(tmp_path):
    text = f"{OPENING}\n\n"
    for title in ("THE FIRST DAYS.", "AT SCHOOL.", "THE LATER YEARS."):
        text += f"{title}\n\n{PROSE}\n\n{PROSE}\n\n"
    assert headings(tmp_path, text) == [
        (2, "THE FIRST DAYS."),
        (2, "AT SCHOOL."),
        (2, "THE LATER YEARS."),
    ]


def test_one_line_in_capitals_is_emphasis_not_a_section(tmp_path):
    text = f"{OPENING}\n\nLETTER I\n\nFROM THE COAST\n\n{PROSE}\n\n"
    text += f"I HATE THE RAIN IN THIS TOWN.\n\n{PROSE}\n\n{PROSE}\n"
    assert headings(tmp_path, text) == [(2, "LETTER I. FROM THE COAST")]


def test_markdown_levels_come_from_the_hashes_and_the_opening_hash_is_the_title(tmp_path):
    text = (
        f"# A Field Guide\n\n{PROSE}\n\n## Birds of the shore\n\n{PROSE}\n\n"
        f"### The oystercatcher\n\n{PROSE}\n\n## Further reading\n\n{PROSE}\n"
    )
    assert headings(tmp_path, text) == [
        (2, "Birds of the shore"),
        (3, "The oystercatcher"),
        (2, "Further reading"),
    ]


def test_a_contents_list_names_the_headings_and_is_none_itself(tmp_path):
    text = (
        f"{OPENING}\n\nContents:\n\n  The Old House.\n  The Journey.\n  Home Again.\n\n\n\n"
        f"The Old House\n\n{PROSE}\n\nThe Journey\n\n{PROSE}\n\nHome Again\n\n{PROSE}\n"
    )
    assert headings(tmp_path, text) == [
        (2, "The Old House"),
        (2, "The Journey"),
        (2, "Home Again"),
    ]


def test_a_title_after_a_wide_gap_opens_a_division_but_a_dateline_does_not(tmp_path):
    letter = "                                        4th May\n\nDear Aunt,\n\n" + PROSE
    text = f"{OPENING}\n\n\n\n\nSummer on the Farm\n\n{PROSE}\n\n\n\n\n{letter}\n\n{PROSE}\n"
    assert headings(tmp_path, text) == [(2, "Summer on the Farm")]


def test_french_keywords_and_a_letter_spaced_chapter(tmp_path):
    text = f"{OPENING}\n\n\nCHAPITRE PREMIER\n\nLA MAISON\n\n{PROSE}\n\n\nCHAPITRE II\n\n{PROSE}\n"
    assert headings(tmp_path, text) == [(2, "CHAPITRE PREMIER. LA MAISON"), (2, "CHAPITRE II")]


def test_a_chapter_in_spaced_capitals_is_read_as_printed():
    lines = tuple(f"{OPENING}\n\n\nC H A P T E R  I\n\n{PROSE}\n".split("\n"))
    out = mark_headings(split_chunks(lines), Evidence("x"))
    assert [(c.kind, c.number, c.text) for c in out.chunks if c.kind == "heading"] == [
        ("heading", 2, "C H A P T E R I")
    ]


def test_the_texts_own_title_repeated_after_its_preface_is_a_heading(tmp_path):
    text = (
        f"The Garden Wall\n\n\nPreface to the Second Edition\n\n{OPENING}\n\n"
        f"The Garden Wall\n\n{PROSE}\n\n{PROSE}\n"
    )
    got = headings(tmp_path, text)
    assert (2, "Preface to the Second Edition") in got and (2, "The Garden Wall") in got


def test_a_pronoun_alone_on_a_line_is_no_numeral(tmp_path):
    text = (
        f"{OPENING}\n\nAnd then, because the road was long and the night was cold and wet,\n"
        "I\nwent home by the lower path, and II\nwas the number on the gate.\n\n"
        f"{PROSE}\n\n{PROSE}\n"
    )
    assert headings(tmp_path, text) == []


def test_a_wrapped_line_starting_with_a_keyword_is_prose(tmp_path):
    text = (
        f"{OPENING}\nArticle 1\nScope\nThe rule that governs this case is the one laid down in\n"
        "Article 6\nof the earlier directive, and it applies to every contract here.\n\n"
        f"{PROSE}\n"
    )
    assert headings(tmp_path, text) == [(2, "Article 1. Scope")]


def test_forms_of_a_heading_line():
    assert keyword_form("THE SECOND ACT").rank == 1
    assert keyword_form("Article 12").rank == 3 and keyword_form("Section 2").rank == 2
    assert keyword_form("Chapter 3 of this book deals with") is None
    assert named_form("Preface from the Editor").title == "from the Editor"
    assert named_form("Introduction to the Study of Law") is not None
    assert named_form("Introduction of new rules was slow") is None
    assert numbered_form("3.2. CSF Tiers").path == (3, 2)
    assert numbered_form("1 For the purposes of this document, the terms mean.") is None


def test_a_keyword_headings_long_title_wrapped_on_to_a_second_line_is_one_heading(tmp_path):
    """Gutenberg novels give chapters long titles that wrap (``Capítulo II. Que trata de la
    primera salida que de su tierra hizo el`` / ``ingenioso don Quijote``): one heading, its
    title run on; ``Capítulo primero`` counts as chapter 1. On the start of the Quijote, and
    on an English novel's chapters made up for the test."""
    from samizdat.book import load_book, normalise_book
    from samizdat.model import Heading, plain_text

    src = Path(__file__).parent / "fixtures" / "spanish" / "quijote-pg2000-start.txt"
    (tmp_path / "q").mkdir()
    (tmp_path / "q" / src.name).write_bytes(src.read_bytes())
    prose = "The rain fell on the town all that week, and nobody went out of doors.\n" * 4
    novel = "".join(
        f"CHAPTER {n}. In which the traveller sets out on the road and meets a man\n"
        f"of the {word} kind\n\n{prose}\n"
        for n, word in (("I", "quiet"), ("II", "talkative"), ("III", "unlucky"))
    )
    (tmp_path / "e").mkdir()
    (tmp_path / "e" / "novel.txt").write_text(novel, encoding="utf-8")
    for folder, first in (
        ("q", "Capítulo primero. Que trata de la condición"),
        ("e", "CHAPTER I."),
    ):
        nb = normalise_book(load_book(tmp_path / folder, None), "2026-01-01")
        assert nb.conservation[0].ok
        heads = [
            plain_text(b.inlines) for b in nb.manuscript.texts[0].blocks if isinstance(b, Heading)
        ]
        assert any(h.startswith(first) for h in heads), heads
    q = normalise_book(load_book(tmp_path / "q", None), "2026-01-01").manuscript.texts[0]
    heads = [plain_text(b.inlines) for b in q.blocks if isinstance(b, Heading)]
    assert (
        "Capítulo II. Que trata de la primera salida que de su tierra hizo el ingenioso don Quijote"
        in heads
    )
    assert sum(h.startswith("Capítulo") for h in heads) == 4
    e = normalise_book(load_book(tmp_path / "e", None), "2026-01-01").manuscript.texts[0]
    heads = [plain_text(b.inlines) for b in e.blocks if isinstance(b, Heading)]
    assert (
        "CHAPTER II. In which the traveller sets out on the road and meets a man of the talkative kind"
        in heads
    )


def test_a_part_keyword_takes_its_year_and_title_over_chapters(tmp_path):
    """A novel in parts (Ainsworth's "EPOCH THE FIRST." / "1703." / "JONATHAN WILD."): the
    part is one heading over its chapters, its year and its title lines in it."""
    text = f"{OPENING}\n\n\n\n"
    for part, year, title in (("FIRST", "1703", "THE WIDOW"), ("SECOND", "1715", "THE HEIR")):
        text += f"EPOCH THE {part}.\n\n{year}.\n\n{title}.\n\n\n\n\n"
        for n, place in (("I", "Mint"), ("II", "Tavern")):
            text += f"CHAPTER {n}.\n\nThe {place} in {year}.\n\n\n{PROSE}\n\n{PROSE}\n\n\n\n"
    assert headings(tmp_path, text) == [
        (2, "EPOCH THE FIRST. 1703. THE WIDOW."),
        (3, "CHAPTER I. The Mint in 1703."),
        (3, "CHAPTER II. The Tavern in 1703."),
        (2, "EPOCH THE SECOND. 1715. THE HEIR."),
        (3, "CHAPTER I. The Mint in 1715."),
        (3, "CHAPTER II. The Tavern in 1715."),
    ]


def test_the_staves_of_a_carol_and_a_casebooks_adventures_are_chapters():
    """Dickens divides *A Christmas Carol* into staves; Doyle's collections into adventures."""
    assert keyword_form("STAVE I.").rank == keyword_form("CHAPTER I.").rank
    assert keyword_form("ADVENTURE IV. THE BOSCOMBE VALLEY MYSTERY").title == (
        "THE BOSCOMBE VALLEY MYSTERY"
    )
    assert keyword_form("Epoch the Second").rank == keyword_form("BOOK II").rank


def test_letters_numbered_with_a_close_set_dash_are_headings(tmp_path):
    """Keats's letters as Gutenberg sets them: ``I.--TO CHARLES COWDEN CLARKE.`` (the numeral,
    its stop and a dash set close to the title), a date line under each."""
    text = f"{OPENING}\n\n\n\n"
    for n, to in (
        ("I", "CHARLES COWDEN CLARKE"),
        ("II", "BENJAMIN HAYDON"),
        ("III", "JOHN REYNOLDS"),
    ):
        text += f"{n}.--TO {to}.\n\n\n[London, October 31, 1816.]\n\n{PROSE}\n\n{PROSE}\n\n\n\n"
    assert headings(tmp_path, text) == [
        (2, "I.—TO CHARLES COWDEN CLARKE."),
        (2, "II.—TO BENJAMIN HAYDON."),
        (2, "III.—TO JOHN REYNOLDS."),
    ]
    assert numbered_form("I.--I cannot tell what you mean by this, my dear friend") is None


GUTENBERG_HEAD = (
    "The Project Gutenberg EBook of Saggio, by Michele Scherillo\n\n"
    "*** START OF THIS PROJECT GUTENBERG EBOOK SAGGIO ***\n\n\n\n"
)


def test_a_gutenberg_texts_centred_section_numerals_are_headings_not_folios(tmp_path):
    """Scherillo's essay in Gutenberg's I promessi sposi: sections numbered ``I.`` … ``IV.``
    centred alone, a page of prose apart, count up as folios would; a proofread e-text has
    no folios, so each is a heading (the title page's article "I" no first section)."""
    text = GUTENBERG_HEAD + "                 I\n\n          PROMESSI SPOSI\n\n\n\n"
    for n in ("I", "II", "III", "IV"):
        text += f"                    {n}.\n\n\n" + f"{PROSE}\n{PROSE}\n\n" * 12 + "\n\n"
    nb = _build(tmp_path, text)
    assert nb.reports[0].counts["folios_removed"] == 0
    heads = [h for _, h in headings(tmp_path, text)]
    assert heads == ["I.", "II.", "III.", "IV."]


def test_scherillos_essay_keeps_its_section_numerals_and_its_quoted_verse():
    """Gutenberg's *I promessi sposi* (#45334): the essay's sections ``I.``…``VI.``, centred
    alone a few pages apart, are its headings (they were deleted as folios); the verse it
    quotes from mid-line is verse, apart from the prose."""
    from helpers import read_checked

    path = (
        Path(__file__).parent
        / "fixtures/italian/manzoni-promessi-sposi-scherillo-pg45334-start.txt"
    )
    _, _, norm, _ = read_checked(path)
    heads = [_plain(b.inlines) for b in norm.blocks if isinstance(b, Heading)]
    assert [h for h in heads if h.rstrip(".") in {"I", "II", "III", "IV", "V", "VI"}] == [
        "I.", "II.", "III.", "IV.", "V.", "VI."
    ]  # fmt: skip
    verse = [_plain(b.inlines) for b in norm.blocks if isinstance(b, Para) and b.role == "verse"]
    assert any(v.startswith("......che ne le reggie primo\nL’orma stampò") for v in verse)
    assert any(v.strip().startswith("nè udir le preci\n") for v in verse)


def test_a_licences_centred_divisions_and_sections_from_zero_are_headings(tmp_path):
    """The GPL as a plain-text document: centred lines over its text (``Preamble``, ``TERMS
    AND CONDITIONS``) are its divisions, and its sections count from ``0. Definitions.``."""
    import shutil

    shutil.copy(Path(__file__).parent / "fixtures/licence/gnu-gpl-3.txt", tmp_path / "gpl.txt")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    assert nb.conservation[0].ok
    text = nb.manuscript.texts[0]
    heads = [_plain(b.inlines) for b in text.blocks if isinstance(b, Heading)]
    assert heads[:4] == ["Preamble", "TERMS AND CONDITIONS", "0. Definitions.", "1. Source Code."]
    # its centred title over its version's date is its title, not a letter's address
    assert (
        text.meta.title.startswith("GNU GENERAL PUBLIC LICENSE") and not text.meta.editorial_title
    )
    assert heads[-1] == "17. Interpretation of Sections 15 and 16."
    assert numbered_form("0") is None and numbered_form("0.") is None


def test_a_centred_line_alone_is_no_heading(tmp_path):
    """One centred line in a text (a motto, a date set centred) is no division: the text
    must centre its divisions more than once."""
    text = f"{OPENING}\n\n                          Summer\n\n{PROSE}\n\n{PROSE}\n"
    assert headings(tmp_path, text) == []


def test_recipe_titles_after_rows_of_stars_are_headings(tmp_path):
    """Gutenberg parts a cookbook's recipes with rows of stars, each recipe's title in
    capitals under its row (Randolph's *Virginia Housewife*): the titles are headings."""
    import shutil

    src = Path(__file__).parent / "fixtures/cookbook/randolph-virginia-housewife-pg12519-start.txt"
    shutil.copy(src, tmp_path / "cook.txt")
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    assert nb.conservation[0].ok
    heads = [_plain(b.inlines) for b in nb.manuscript.texts[0].blocks if isinstance(b, Heading)]
    assert {"BEEF SOUP.", "GRAVY SOUP.", "OYSTER SOUP.", "TO DRESS TURTLE."} <= set(heads)
    assert sum(h.endswith("SOUP.") for h in heads) >= 10


def test_a_title_after_a_row_of_stars_in_a_made_up_text(tmp_path):
    stars = "       *       *       *       *       *"
    text = f"{OPENING}\n\n"
    for title in ("THE FERRY.", "THE INN.", "THE BRIDGE."):
        text += f"{stars}\n\n{title}\n\n{PROSE}\n\n{PROSE}\n\n"
    assert [h for _, h in headings(tmp_path, text)] == ["THE FERRY.", "THE INN.", "THE BRIDGE."]


def test_front_matter_named_for_whose_it_is_are_headings(tmp_path):
    """Bates's *Naturalist on the River Amazons* (Gutenberg #2440) opens with Darwin's ``AN
    APPRECIATION`` and ``AUTHOR'S PREFACE TO THE EDITION OF 1864``: named divisions, as
    ``TRANSLATOR'S PREFACE`` is; a sentence opening so is none."""
    assert named_form("AUTHOR'S PREFACE TO THE EDITION OF 1864").title == "TO THE EDITION OF 1864"
    assert named_form("TRANSLATOR’S PREFACE").keyword == "preface"
    assert named_form("The author's preface was long") is None
    text = f"{OPENING}\n\n\n\nAN APPRECIATION\n\n{PROSE}\n\n\n\nTRANSLATOR'S PREFACE\n\n{PROSE}\n"
    assert [h for _, h in headings(tmp_path, text)] == ["AN APPRECIATION", "TRANSLATOR’S PREFACE"]
