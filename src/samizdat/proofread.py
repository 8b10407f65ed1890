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


def _split_words(text: str, words: frozenset[str], corpus: frozenset[str]) -> list[str]:
    """Adjacent unknown words whose join is close to a known one ("Vor wirts" ~ "Vorwärts")."""
    found = []
    tokens = _WORD.findall(text)
    for a, b in itertools.pairwise(tokens):
        if a.lower() in words or b.lower() in words or (a[0].isupper() and b[0].isupper()):
            continue
        joined = (a + b).lower()
        if joined in words or difflib.get_close_matches(joined, corpus, n=1, cutoff=0.85):
            found.append(f"{a} {b}")
    return found


def proofread(text: BookText, words: frozenset[str], corpus: frozenset[str]) -> list[Finding]:
    findings: list[Finding] = []
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
        for pair in _split_words(body, words, corpus):
            findings.append(Finding(line, "split-word", f"word split by OCR? '{pair}'"))
        if not p.role and len(body) < SHORT_PARAGRAPH and p not in in_lists:
            findings.append(Finding(line, "short-paragraph", f"very short paragraph: '{body}'"))
    return findings
