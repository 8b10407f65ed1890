"""The word check's alignment: a stream of the book's words matched in order against the
source's, a word read whole over a line-end hyphen or letter-spaced, furniture skipped only
where the book does not read it (:mod:`.wordcheck`)."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

from .normalise.spacing import MAX_FRAGMENT_USES
from .wordcheck_source import Source, front_end

#: Problems listed (all are counted).
MAX_LISTED = 200
#: How far ahead (in words) the body may skip source words to find its next one: a page of
#: footnotes, a running head and a folio can sit between two halves of a paragraph.
WINDOW = 3000
#: A jump over more source words than this needs two words of confirmation, not one.
FAR = 40
#: How many lines after a line-end hyphen the second half of the word may start.
HYPHEN_LINES = 80


def align_body(
    src: Source, lines: tuple[str, ...], body: list[str], counts: Counter[str]
) -> list[int]:
    """The body aligned from the source's first word or, when the source opens with edition
    matter (:func:`_front_end`), from the first word after it — whichever leaves fewer words
    unplaced: the body's first words are not taken from a header or a front matter field that
    repeats them (a description, a title quoted in a licence line)."""
    end = front_end(lines)
    start = bisect_right(src.line, end) if end else 0
    if not start:
        return align(src, body, 0, counts)
    late: Counter[str] = Counter()
    after = align(src, body, start, late)
    if after:
        kept, src.used = src.used, bytearray(len(src.words))
        early: Counter[str] = Counter()
        first = align(src, body, 0, early)
        if len(first) < len(after):
            counts.update(early)
            return first
        src.used = kept
    counts.update(late)
    return after


def _join_end(src: Source, k: int, word: str) -> int:
    """Index of the last source word of ``word`` read as hyphen-split halves starting at ``k``
    (``capi-`` … ``talist``; ``an-`` ``noy-`` ``ing``), or -1."""
    rest, at = word, k
    while src.hyphen[at] and rest.startswith(src.words[at]) and rest != src.words[at]:
        rest = rest[len(src.words[at]) :]
        limit = src.line[at] + HYPHEN_LINES
        m = at + 1
        while m < len(src.words) and src.line[m] <= limit:
            if src.first[m] and not src.used[m] and rest.startswith(src.words[m]):
                break
            m += 1
        else:
            return -1
        if src.words[m] == rest:
            return m
        at = m
    return -1


def _match(src: Source, k: int, word: str) -> int:
    """End index of ``word`` matched at source word ``k`` (whole or hyphen-joined), or -1."""
    if k >= len(src.words) or src.used[k]:
        return -1
    if src.words[k] == word:
        return k
    if src.hyphen[k] and word.startswith(src.words[k]):
        return _join_end(src, k, word)
    if src.line[k] in src.spaced and word.startswith(src.words[k]) and word in src.known:
        return _spaced_end(src, k, word)
    return -1


def _spaced_end(src: Source, k: int, word: str) -> int:
    """Index of the last piece of ``word`` read as letter-spaced pieces of one line from
    ``k`` (``sec`` ``ti`` ``on``), or -1. One piece at least must be a fragment (a piece the
    source hardly ever uses as a word of its own): ``to get her`` is never ``together``."""
    joined, m = src.words[k], k
    while joined != word and m + 1 < len(src.words) and src.line[m + 1] == src.line[k]:
        m += 1
        joined += src.words[m]
        if not word.startswith(joined) or src.used[m]:
            return -1
    fragment = any(src.whole[src.words[i]] <= MAX_FRAGMENT_USES for i in range(k, m + 1))
    return m if joined == word and fragment else -1


def _take(src: Source, k: int, end: int, counts: Counter[str]) -> None:
    src.used[k] = 1
    if end != k and src.line[end] == src.line[k]:  # letter-spaced pieces of one line
        src.used[k : end + 1] = b"\x01" * (end + 1 - k)
        counts["letter-spacing"] += end - k
    elif end != k:
        src.used[end] = 1
        counts["hyphen-join"] += 1


def align(src: Source, stream: list[str], start: int, counts: Counter[str]) -> list[int]:
    """Match ``stream`` in order against the source from ``start``; returns the indices of the
    stream's words that found no place (each followed by the source index it was looked for at)."""
    misses: list[int] = []
    j, n = start, len(src.words)
    for i, word in enumerate(stream):
        nxt = stream[i + 1] if i + 1 < len(stream) else None
        found, end = -1, -1
        window = WINDOW if len(misses) < 2 * MAX_LISTED else 64  # a lost cause stays linear
        for k in range(j, min(n, j + window)):
            end = _match(src, k, word)
            if end < 0:
                continue
            if src.furniture.get(k) == "markup":
                continue  # markup is never text: a link's address is not its text
            if k in src.furniture:  # a running head's word is the body's only if the body
                if _runs_through(src, k, end, stream, i):  # reads the rest of its line too
                    found = k
                    break
                continue
            if k == j or nxt is None or _confirms(src, end + 1, stream, i + 1, k - j > FAR):
                found = k
                break
        if found < 0:
            misses.extend((i, j))
            continue
        _take(src, found, end, counts)
        j = end + 1
    return misses


def _runs_through(src: Source, k: int, end: int, stream: list[str], i: int) -> bool:
    """Does the stream, from its word ``i`` matched at ``k``..``end``, read the rest of the
    source line of ``k`` word for word (or, when ``k`` ends its line, does the next word follow,
    past furniture)? A running head that repeats a sentence's opening (``It was about noon…``
    over ``It was soon plain``) keeps its words; a salutation kept at a page's foot, over the
    next page's head, is the body's."""
    m, t, n = end + 1, i + 1, len(src.words)
    if m >= n or src.line[m] != src.line[k]:
        if src.furniture.get(k) == "running-head":  # a head's last word: past the next head
            while m < n and src.furniture.get(m) == "running-head" and not src.used[m]:
                m += 1
        return t >= len(stream) or _match(src, m, stream[t]) >= 0
    while m < n and src.line[m] == src.line[k]:
        if t >= len(stream):
            return True
        e = _match(src, m, stream[t])
        if e < 0:
            return False
        m, t = e + 1, t + 1
    return True


def _confirms(src: Source, k: int, stream: list[str], i: int, far: bool) -> bool:
    """Do the stream's next words (two of them for a far jump) follow at ``k``, skipping only
    furniture, numbers and words already taken?"""
    n = len(src.words)
    for word in stream[i : i + (2 if far else 1)]:
        k = _past_lifted(src, k, word)
        while k < n and (src.used[k] or k in src.furniture or src.words[k].isdigit()):
            if src.words[k] == word and not src.used[k]:
                break
            k += 1
        if k >= n:
            return False
        end = _match(src, k, word)
        if end < 0:
            return False
        k = end + 1
    return True


def _past_lifted(src: Source, k: int, word: str) -> int:
    """``k``, or past the lifted title and bylines that stand there in the source (and the
    furniture between them) when the stream's next ``word`` is not there: a title that a
    scan's specks stand before (``I`` / ``THE SCIENCE OF LIFE`` / ``OK``) is aligned last,
    so the body reads over its place."""
    at, n = k, len(src.words)
    while at < n and src.words[at] != word:
        step = next(
            (len(x) for x in src.lifted if tuple(src.words[at : at + len(x)]) == x),
            1 if at > k and at in src.furniture else 0,
        )
        if not step:
            break
        at += step
    return at if at > k and any(tuple(src.words[k : k + len(x)]) == x for x in src.lifted) else k


def anchor(src: Source, stream: list[str], cursor: int, line_start: bool = False) -> int:
    """Where a moved stream (a note) starts in the source: its first three words in a row,
    searched from ``cursor`` on, then from the start (with ``line_start``, only where they
    open a source line, as a lifted title does)."""
    head = stream[:3]
    n = len(src.words)
    for lo, hi in ((cursor, n), (0, cursor)):
        for k in range(lo, hi):
            if line_start and not (
                src.first[k] or (src.first[k - 1] and src.furniture.get(k - 1) == "byline-by")
            ):
                continue  # a title's line, or a byline's after its "by"
            if src.words[k] == head[0] and all(
                k + d < n and src.words[k + d] == w and not src.used[k + d]
                for d, w in enumerate(head)
            ):
                return k
    return -1
