"""Warnings a proofreader needs, found in the normalised text: each names file and line."""

from __future__ import annotations

import difflib
import itertools
import re

from .model import Block, BlockQuote, BookText, Heading, OrderedList, Para, plain_text
from .normalise.chunks import Finding

#: A body paragraph shorter than this (and not a signature, salutation…) is worth a look.
SHORT_PARAGRAPH = 25
_GLUED = re.compile(r"\b[^\W\d_]{2,}\d+\b|\b\d+(?!st|nd|rd|th|s\b)[^\W\d_]{2,}\b")
_HYPHEN_LEFT = re.compile(r"[^\W\d_]- [a-z]")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _paras(blocks: tuple[Block, ...]) -> list[Para]:
    out: list[Para] = []
    for b in blocks:
        if isinstance(b, Para):
            out.append(b)
        elif isinstance(b, BlockQuote):
            out.extend(_paras(b.blocks))
        elif isinstance(b, OrderedList):
            for item in b.items:
                out.extend(_paras(item))
        elif isinstance(b, Heading):
            continue
    return out


#: How many word pairs one text may send to the fuzzy match: a text of mostly unknown words
#: (OCR noise, another language) would otherwise take minutes; past it the check stops, saying so.
SPLIT_CHECK_BUDGET = 3000


class _NearIndex:
    """Corpus words by their first two letters, so a fuzzy match compares like with like.

    An OCR split keeps a word's first letters ("Vor wirts" ~ "Vorwärts"); comparing only within
    the bucket makes the check linear in the text instead of text × vocabulary.
    """

    def __init__(self, corpus: frozenset[str]):
        self.buckets: dict[str, list[str]] = {}
        for w in sorted(corpus):
            self.buckets.setdefault(w[:2], []).append(w)
        self.memo: dict[str, bool] = {}
        self.checks = 0

    def near(self, joined: str) -> bool:
        if joined not in self.memo:
            self.checks += 1
            bucket = self.buckets.get(joined[:2], [])
            self.memo[joined] = bool(difflib.get_close_matches(joined, bucket, n=1, cutoff=0.85))
        return self.memo[joined]


def _split_words(text: str, words: frozenset[str], index: _NearIndex) -> list[str]:
    """Adjacent unknown words whose join is close to a known one ("Vor wirts" ~ "Vorwärts")."""
    found = []
    for first, second in itertools.pairwise(_WORD.finditer(text)):
        if not text[first.end() : second.start()].isspace():
            continue  # "Kan’ichi", "well-known": joined in the text, not split by a space
        a, b = first[0], second[0]
        if a.lower() in words or b.lower() in words or (a[0].isupper() and b[0].isupper()):
            continue
        if index.checks >= SPLIT_CHECK_BUDGET:
            break
        joined = (a + b).lower()
        if joined in words or index.near(joined):
            found.append(f"{a} {b}")
    return found


def proofread(text: BookText, words: frozenset[str], corpus: frozenset[str]) -> list[Finding]:
    findings: list[Finding] = []
    index = _NearIndex(corpus)
    in_lists = [
        p for b in text.blocks if isinstance(b, OrderedList) for it in b.items for p in _paras(it)
    ]
    for p in _paras(text.blocks):
        line, body = p.loc.line, plain_text(p.inlines)
        if body.count("“") != body.count("”"):
            findings.append(Finding(line, "unbalanced-quotes", "“ and ” do not pair up"))
        for m in _GLUED.finditer(body):
            findings.append(
                Finding(line, "digits-glued", f"digits glued to a word: '{m.group(0)}'")
            )
        for m in _HYPHEN_LEFT.finditer(body):
            findings.append(Finding(line, "hyphen-left", f"line-end hyphen left: '{m.group(0)}'"))
        for pair in _split_words(body, words, index):
            findings.append(Finding(line, "split-word", f"word split by OCR? '{pair}'"))
        if not p.role and len(body) < SHORT_PARAGRAPH and p not in in_lists:
            findings.append(Finding(line, "short-paragraph", f"very short paragraph: '{body}'"))
    if index.checks >= SPLIT_CHECK_BUDGET:
        findings.append(
            Finding(
                text.blocks[0].loc.line if text.blocks else 1,
                "split-word-check-stopped",
                f"more than {SPLIT_CHECK_BUDGET} pairs of unknown words: OCR noise or another "
                "language? The split-word check stopped there",
            )
        )
    return findings
