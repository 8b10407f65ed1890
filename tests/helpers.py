"""Small helpers for pass tests: build chunks and evidence in one line."""

from __future__ import annotations

from samizdat.normalise.chunks import Chunk, Evidence, split_chunks


def chunks(*texts: str, kind: str = "para") -> tuple[Chunk, ...]:
    return tuple(Chunk(t, i + 1, 1, kind, (t,)) for i, t in enumerate(texts))


def from_lines(text: str) -> tuple[Chunk, ...]:
    return split_chunks(tuple(text.split("\n")))


EV = Evidence(
    "test.txt",
    vocabulary=frozenset({"organization", "document", "factory", "non-proletarian", "literature"}),
)


def read_checked(path):  # type: ignore[no-untyped-def]
    """One source file normalised alone, as a new user's build reads it, and its independent
    word check (asserted whole): (source, evidence, normalised, check)."""
    from samizdat.book import _bare
    from samizdat.ingest.reader import read_source
    from samizdat.normalise import evidence_for, normalise_text
    from samizdat.normalise.chunks import load_dictionary, vocabulary
    from samizdat.wordcheck import check_words, model_words

    src = read_source(path)
    ev = evidence_for(
        src.name,
        src.lines,
        src.page_starts,
        vocabulary=vocabulary([src.lines]),
        dictionary=load_dictionary(),
    )
    norm = normalise_text(src.lines, ev, "t")
    book = model_words(_bare(norm), norm.title_lines, norm.bylines)
    check = check_words(src.lines, book, src.page_starts)
    assert check.ok, check.problems(src.name)  # every word kept, in its order
    return src, ev, norm, check
