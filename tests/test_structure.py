from helpers import EV, chunks, from_lines
from samizdat.normalise.chunks import Evidence, split_chunks
from samizdat.normalise.front import keep_furniture, lift_title
from samizdat.normalise.headings import mark_headings
from samizdat.normalise.structure import (
    drop_furniture,
    mark_letter_parts,
    mark_lists,
    mark_turns,
    separate_posts,
)


def test_lift_title_lifts_title_and_byline():
    out = lift_title(
        chunks("In Defense of the Leninist Party", "by Taimur Rahman", "How does…"), EV
    )
    assert [c.kind for c in out.chunks] == ["title", "byline", "para"]
    assert out.chunks[1].text == "Taimur Rahman" and out.removed == ("by",)


def test_lift_title_uses_the_configured_title_and_initials_bylines():
    ev = Evidence("x", title="A Letter to a Comrade")
    out = lift_title(chunks("A Letter to a Comrade", "N. Lenin", "V. I. Lenin", "Preface"), ev)
    # one byline: the configured author; another name stays text (the book would not show it)
    assert [c.kind for c in out.chunks] == ["title", "byline", "para", "para"]
    ev = Evidence("x", title="A Letter to a Comrade", author="V. I. Lenin")
    out = lift_title(chunks("A Letter to a Comrade", "N. Lenin", "V. I. Lenin", "Preface"), ev)
    assert [c.kind for c in out.chunks] == ["title", "para", "byline", "para"]


def test_lift_title_leaves_a_sentence_opening_alone():
    out = lift_title(
        chunks("In the eyes of the overwhelming majority on the left, it began.", "More."), EV
    )
    assert [c.kind for c in out.chunks] == ["para", "para"]


def test_mark_headings_reads_numerals_named_parts_and_a_repeated_title():
    out = mark_headings(
        from_lines(
            "The Garden Wall\n\nI\n\nPreface from the Editor\n\nThe Garden Wall\n\n"
            "II-1\n\nPostscript from the Author\n\nI think so, and said so to all of them."
        ),
        EV,
    )
    # the first line is the text's title (lift_title's); its repeat opens the work proper
    assert [c.kind for c in out.chunks] == ["para"] + ["heading"] * 5 + ["para"]


def test_keep_furniture_moves_credits_and_links_to_the_source_note():
    out = keep_furniture(
        chunks(
            "Work retrieved from the Marxists Internet Archive.",
            "www.lulu.com/spotlight/c2w",
            "Formatted by RedLibrary.info.",
            "Dear Comrade,",
        ),
        EV,
    )
    assert [c.kind for c in out.chunks] == ["furniture"] * 3 + ["para"]


def test_keep_furniture_drops_gutenberg_header_and_footer_to_the_source_note():
    out = keep_furniture(
        chunks(
            "The Project Gutenberg eBook",
            "*** START OF THE PROJECT GUTENBERG EBOOK X ***",
            "Body.",
            "*** END OF THE PROJECT GUTENBERG EBOOK X ***",
            "Licence.",
        ),
        EV,
    )
    assert [c.kind for c in out.chunks] == ["furniture"] * 2 + ["para"] + ["furniture"] * 2


def test_separate_posts_breaks_at_rare_wide_gaps_only_after_complete_paragraphs():
    parts = list(chunks(*(f"Paragraph number {i} ends here." for i in range(12))))
    parts[6] = parts[6].__class__(parts[6].text, 7, 3)
    out = separate_posts(tuple(parts), EV)
    assert [c.kind for c in out.chunks].count("break") == 1


def test_separate_posts_never_breaks_hard_wrapped_texts():
    parts = list(chunks(*(f"Paragraph {i}." for i in range(12))))
    parts[6] = parts[6].__class__(parts[6].text, 7, 3)
    assert separate_posts(tuple(parts), Evidence("x", wrapped=True)).chunks == tuple(parts)


def test_mark_letter_parts_reads_salutation_signature_and_attribution():
    out = mark_letter_parts(
        chunks(
            "Dear Comrade,",
            "Body text here.",
            "N. Lenin,",
            "January 1904.",
            "- Progress Publishers, Moscow, 1964.",
        ),
        EV,
    )
    assert [c.kind for c in out.chunks] == [
        "salutation",
        "para",
        "signature",
        "signature",
        "attribution",
    ]


def test_mark_lists_needs_consecutive_numbers():
    out = mark_lists(
        chunks(
            "1. The problem of the internal relations;",
            "2. The problem of the external relations.",
            "1. A lone one.",
        ),
        EV,
    )
    assert [c.kind for c in out.chunks] == ["item", "item", "para"]
    assert out.chunks[0].text == "The problem of the internal relations;"


def test_mark_turns_makes_speaker_labels_consistent():
    texts = [
        "IMLR:  How did it begin?",
        "TC:  With study.",
        "IMLR: And then?",
        "TC: Then work.",
        "IMLR: Thanks.",
        "TC: You are welcome.",
        "News: not a speaker.",
    ]
    out = mark_turns(chunks(*texts), EV)
    assert [c.speaker for c in out.chunks] == ["IMLR", "TC"] * 3 + [""]
    assert out.chunks[0].text == "How did it begin?"


def test_drop_furniture_removes_profiled_folios_and_heads_only():
    ev = Evidence("x.txt", furniture={2: "folio", 3: "running-head"})
    lines = ("Text before", "12", "A HEAD", "text after.", "", "1848")
    out = drop_furniture(split_chunks(lines), ev)
    assert [c.lines for c in out.chunks] == [("Text before", "text after."), ("1848",)]
    assert out.counts == {"folios_removed": 1, "running_heads_removed": 1}


def test_a_lone_year_is_text_without_a_run_of_folios():
    out = drop_furniture(chunks("Text before.", "1848", "text after."), EV)
    assert [c.text for c in out.chunks] == ["Text before.", "1848", "text after."]


def test_typed_breaks_are_section_breaks_in_real_texts():
    """A line of stars or a rule between sections is the text's own section break: the
    Rubaiyat's ``*****`` between its editions, a play's ``* * * …`` (Pinero); the record's
    rule of underscores ends the text and parts nothing. No paragraph of marks is left."""
    import re
    from pathlib import Path

    from helpers import read_checked
    from samizdat.model import Para, SectionBreak, plain_text

    here = Path(__file__).parent
    for name, at_least in (
        ("corpus/fitzgerald-rubaiyat-pg246.txt", 3),
        ("corpus/pinero-mind-the-paint-girl-pg21849-latin1.txt", 1),
        ("corpus/congressional-record-1995-12-22-senate-S19146-gpo.txt", 0),  # its last line
    ):
        _, _, norm, _ = read_checked(here / name)
        assert sum(isinstance(b, SectionBreak) for b in norm.blocks) >= at_least, name
        marks = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para)]
        assert not [m for m in marks if m and re.fullmatch(r"[*_\-\s—]+", m)], name


def test_a_transcribers_note_closed_by_a_rule_goes_to_the_source_note_whole(tmp_path):
    """Jack Sheppard's Gutenberg edition: an unbracketed "Transcribers Note:" of two paragraphs
    closed by a rule of hyphens: both paragraphs are the edition's, and the rule parts
    nothing (no section break opens the text)."""
    from pathlib import Path

    from helpers import read_checked
    from samizdat.model import Para, SectionBreak, plain_text

    novel = Path(__file__).parent / "fixtures/novels/ainsworth-jack-sheppard-pg16215-start.txt"
    _, _, norm, _ = read_checked(novel)
    note = " ".join(norm.furniture)
    assert "Transcribers Note: Obvious typesetter errors" in note
    assert "Throughout this text you will see words or phrases with _ (underscore)" in note
    assert not isinstance(norm.blocks[0], SectionBreak)
    body = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para)]
    assert not any(p.startswith("Throughout this text") for p in body)


def test_a_mottos_source_set_right_under_it_is_its_attribution():
    """Gabriël's pieces open with mottoes (Sterne, Heine): the source's name in capitals, set
    far right under the quotation below the heading, is an attribution, and the title over a
    motto so sourced is a heading; a bill's centred "IN THE HOUSE OF REPRESENTATIVES" over its
    sponsors is no attribution."""
    from pathlib import Path

    from helpers import read_checked
    from samizdat.model import Heading, Para, plain_text

    here = Path(__file__).parent / "fixtures"
    _, _, norm, _ = read_checked(here / "plays/gabriel-ontboezemingen-pg24675-start.txt")
    cited = [
        plain_text(b.inlines)
        for b in norm.blocks
        if isinstance(b, Para) and b.role == "attribution"
    ]
    assert {"STERNE.", "HEINE."} <= set(cited)
    heads = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Heading)]
    assert any(h.startswith("AFSCHEID.") for h in heads) and "AAN DE NOORDZEE." in heads
    assert not any(h.endswith("DOOR") for h in heads)  # the title page's "by" is no title's
    _, _, bill, _ = read_checked(here / "line_numbered/bill.txt")
    assert not [b for b in bill.blocks if isinstance(b, Para) and b.role == "attribution"]
