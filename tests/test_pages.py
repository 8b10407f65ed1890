from helpers import EV, chunks
from samizdat.normalise.notes import detach_notes
from samizdat.normalise.pages import join_page_breaks


def test_detach_notes_turns_superscript_paragraphs_into_notes():
    result = detach_notes(chunks("Body text.¹", "¹A note at the page bottom."), EV)
    note = result.chunks[1]
    assert (note.kind, note.number, note.text) == ("note", 1, "A note at the page bottom.")


def test_join_page_breaks_rejoins_a_word_split_over_a_page():
    result = join_page_breaks(chunks("should direct the local organiza-", "tion” (perhaps"), EV)
    assert [c.text for c in result.chunks] == ["should direct the local organization” (perhaps"]
    assert result.counts["page_break_joins"] == 1


def test_join_page_breaks_continues_a_note_split_over_two_pages():
    body = "x " * 120 + "the new editorial"
    parts = chunks(
        body,
        "My opponents wish to use this letter as a docu-",
        "board of Iskra announced it.",
        "Something else entirely is said here.",
        "If the reader compares them, he",
        "ment, I would not change it.",
        "will be able to form a clear idea.",
    )
    parts = detach_notes(parts, EV).chunks
    parts = tuple(
        p if i != 1 else p.__class__(p.text, p.line, 1, "note", number=1)
        for i, p in enumerate(parts)
    )
    out = join_page_breaks(parts, EV).chunks
    note = next(c for c in out if c.kind == "note")
    assert note.text.endswith("as a document, I would not change it.")
    texts = [c.text for c in out if c.kind == "para"]
    assert texts[0].endswith("the new editorial board of Iskra announced it.")
    assert texts[-1] == "If the reader compares them, he will be able to form a clear idea."


def test_join_page_breaks_gives_the_second_continuation_to_an_open_note():
    body = "y " * 120 + "decision being"
    parts = list(
        chunks(
            "The paper fell into the hands of the Right and printed the",
            "could it be allowed to predominate? " + body,
            "writings of the opportunists.",
            "made once and for all.",
        )
    )
    parts[0] = parts[0].__class__(parts[0].text, 1, 1, "note", number=6)
    parts.insert(0, chunks("as in the case of the paper" + " z" * 120)[0])
    out = join_page_breaks(tuple(parts), EV).chunks
    note = next(c for c in out if c.kind == "note")
    assert note.text.endswith("printed the writings of the opportunists.")
    body_paras = [c.text for c in out if c.kind == "para"]
    assert len(body_paras) == 1
    assert body_paras[0].endswith("decision being made once and for all.")


def test_join_page_breaks_leaves_complete_paragraphs_alone():
    parts = chunks("A sentence that ends.", "another one that starts lowercase.")
    assert len(join_page_breaks(parts, EV).chunks) == 2


def test_join_page_breaks_does_not_join_a_short_lead_in_to_its_quotation():
    parts = chunks("And he noted that", "‘…Communists have become bureaucrats’. (Op. cit. p.5)")
    assert len(join_page_breaks(parts, EV).chunks) == 2
