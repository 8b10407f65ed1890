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
