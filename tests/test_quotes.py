from helpers import EV, chunks
from samizdat.normalise.quotes import attach_citations, is_citation, mark_quotations


def test_is_citation_recognises_op_cit_and_ibid_lines():
    assert is_citation(chunks("Malenkov, op. cit. , pp. 108–109.")[0])
    assert is_citation(chunks("Ibid. , p. S15.")[0])
    assert not is_citation(chunks("Khrushchev concluded that the Purge was arbitrary.")[0])


def test_mark_quotations_uses_lead_in_and_citation_evidence():
    out = mark_quotations(
        chunks(
            "Malenkov noted:",
            "`In the light of the war, we perceive…’",
            "Malenkov, op. cit. , pp. 108–109.",
        ),
        EV,
    )
    assert [c.kind for c in out.chunks] == ["para", "quote", "para"]


def test_mark_quotations_groups_paragraphs_of_one_quotation():
    out = mark_quotations(
        chunks(
            "He said:",
            "`Not in all Party organizations ….",
            "`There are cases when people are persecuted.’",
            "Ibid. , p. 122.",
        ),
        EV,
    )
    quotes = [c for c in out.chunks if c.kind == "quote"]
    assert len(quotes) == 2 and quotes[0].group == quotes[1].group


def test_mark_quotations_is_conservative_with_ordinary_paragraphs():
    out = mark_quotations(
        chunks(
            "This is a body paragraph that ends.",
            "‘Realist’ thinkers would laugh at this, the author says.",
        ),
        EV,
    )
    assert [c.kind for c in out.chunks] == ["para", "para"]


def test_attach_citations_moves_the_line_into_a_note_on_the_quote():
    parts = mark_quotations(
        chunks("He noted:", "`A quoted passage.’", "Malenkov, op. cit. , p. 76."), EV
    ).chunks
    out = attach_citations(parts, EV)
    assert len(out.chunks) == 2 and out.chunks[1].notes[0].text.startswith("Malenkov")
