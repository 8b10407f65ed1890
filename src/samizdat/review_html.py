"""Write the review page: ``OUT/review.html`` (counts, legend, every text and its decisions)
and ``OUT/review-<text id>[-N].html`` (the source lines beside the book's blocks, in pages of
about :data:`PAGE_LINES` source lines, so a very long text still opens in a browser).

Every page is self-contained (inline CSS, an inline script that only adds the filter by kind),
needs no network and reads fully without JavaScript. Templates: ``templates/review/``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import paths
from .book import BookSource, NormalisedBook
from .normalise.chunks import load_dictionary
from .review import KINDS, Group, Mark, TextReview, add_report_marks, review_text
from .review_blocks import BlockView

#: Source lines per page of a text (a page ends between blocks once it has this many).
PAGE_LINES = 2000
#: Decisions of one kind listed per text on the index (all are on the text's pages).
INDEX_LIST = 40


def review_book(book: BookSource, nb: NormalisedBook, report: dict[str, Any]) -> list[TextReview]:
    """Every text's decisions, from its decoded source and its final blocks."""
    dictionary = load_dictionary()
    out = []
    for src, text, rep in zip(book.sources, nb.manuscript.texts, report["texts"], strict=True):
        meta = text.meta
        lifted = (meta.title, meta.author) if not meta.editorial_title else (meta.author,)
        review = review_text(
            src.name,
            meta.ident,
            meta.title,
            src.lines,
            src.page_starts,
            text.blocks,
            source_note=text.furniture,
            lifted=lifted,
            dictionary=dictionary,
        )
        mine = [c.describe() for c in book.corrections if c.text in (src.name, meta.ident)]
        add_report_marks(review, rep["findings"], mine, rep.get("structure", []))
        out.append(review)
    return out


@dataclass
class _Paged:
    review: TextReview
    pages: list[list[Group]]
    firsts: list[int]  # each page's first source line

    def name(self, page: int) -> str:
        stem = f"review-{self.review.ident}"
        return f"{stem}.html" if page == 0 else f"{stem}-{page + 1}.html"

    def href(self, line: int) -> str:
        page = max(0, bisect_right(self.firsts, line) - 1)
        return f"{self.name(page)}#{anchor(self.review.file, line)}"


def anchor(file: str, line: int) -> str:
    """A source line's anchor: ``#<file>-L123``."""
    return f"{file}-L{line}"


def _paginate(review: TextReview) -> _Paged:
    pages: list[list[Group]] = [[]]
    size = 0
    for g in review.groups:
        if size >= PAGE_LINES and pages[-1]:
            pages.append([])
            size = 0
        pages[-1].append(g)
        size += g.end - g.start + 1
    firsts = [p[0].start if p else 1 for p in pages]
    firsts[0] = 1
    return _Paged(review, pages, firsts)


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    """The templates, compiled once per process (``serve`` rebuilds reuse them; an edited
    template is read again)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.TEMPLATES / "review"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def write_review(folder: Path, title: str, reviews: list[TextReview]) -> list[Path]:
    """Write the index and every text's pages under ``folder``; returns the files written."""
    env = _environment()
    paged = [_paginate(r) for r in reviews]
    total: Counter[str] = Counter()
    for r in reviews:
        total.update(r.counts)
    kinds = [(k, d, total[k]) for k, d in KINDS.items()]
    written = [folder / "review.html"]
    texts = [_index_entry(p) for p in paged]
    html = env.get_template("index.html").render(
        title=title, kinds=kinds, texts=texts, all_kinds=list(KINDS)
    )
    written[0].write_text(html, encoding="utf-8")
    page = env.get_template("text.html")
    for p in paged:
        for n, groups in enumerate(p.pages):
            target = folder / p.name(n)
            rows = [_row(p, g) for g in groups]
            nav = [(k + 1, p.name(k), k == n) for k in range(len(p.pages))]
            present = [(k, d, p.review.counts[k]) for k, d in KINDS.items() if p.review.counts[k]]
            target.write_text(
                page.render(
                    title=title,
                    text=p.review,
                    rows=rows,
                    nav=nav,
                    kinds=present,
                    all_kinds=list(KINDS),
                ),
                encoding="utf-8",
            )
            written.append(target)
    return written


def remove_stale(out: Path, written: list[Path]) -> list[Path]:
    """Delete the review pages in ``out`` this build did not write (a text no longer in the
    book, pages beyond a text's current pagination); returns the files deleted.

    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp())
    >>> for name in ("review.html", "review-a.html", "review-a-2.html", "review-gone.html"):
    ...     _ = (out / name).write_text("")
    >>> [p.name for p in remove_stale(out, [out / "review.html", out / "review-a.html"])]
    ['review-a-2.html', 'review-gone.html']
    """
    keep = {p.name for p in written}
    stale = sorted(p for p in out.glob("review-*.html") if p.is_file() and p.name not in keep)
    for p in stale:
        p.unlink()
    return stale


def _index_entry(p: _Paged) -> dict[str, Any]:
    r = p.review
    by_kind: dict[str, list[Mark]] = {}
    for m in sorted(r.marks, key=lambda m: m.line):
        by_kind.setdefault(m.kind, []).append(m)
    lists = [
        (k, [(m, p.href(m.line)) for m in ms[:INDEX_LIST]], len(ms))
        for k, ms in ((k, by_kind.get(k, [])) for k in KINDS)
        if ms
    ]
    pages = [(n + 1, p.name(n), p.firsts[n]) for n in range(len(p.pages))]
    return {"review": r, "lists": lists, "pages": pages, "lines": len(r.lines)}


def _row(p: _Paged, g: Group) -> dict[str, Any]:
    cont = p.href(g.cont) if g.cont else ""
    blocks = Markup("".join(map(_block, g.blocks)))
    kinds = " ".join(sorted(g.kinds))
    return {"group": g, "kinds": kinds, "lines": _lines(p, g), "blocks": blocks, "cont": cont}


def _esc(text: str) -> str:
    """``text`` escaped as markupsafe (the templates' autoescape) escapes it, as plain ``str``.

    >>> text = "<a href=" + chr(34) + "x" + chr(39) + "> & co</a>"
    >>> _esc(text), _esc(text) == str(escape(text))
    ('&lt;a href=&#34;x&#39;&gt; &amp; co&lt;/a&gt;', True)
    """
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("'", "&#39;")
        .replace('"', "&#34;")
    )


_RUN = {
    "em": '<span class="em"><em>{}</em></span>',
    "strong": '<span class="strong"><strong>{}</strong></span>',
}


def _block(b: BlockView) -> str:
    """A book block beside its source lines: its label, then its runs of text.

    >>> from .review_blocks import BlockView
    >>> _block(BlockView("p", "turn", "", (("speaker", "Q."), ("t", " <b>"), ("br", ""))))
    '<div class="b p"><span class="tag">turn</span><span class="speaker">Q.</span> &lt;b&gt;<br></div>'
    """
    out = [f'<div class="b {_esc(b.tag)}"><span class="tag">{_esc(b.label)}</span>']
    for kind, text in b.runs:
        if kind == "t":
            out.append(_esc(text))
        elif kind == "br":
            out.append("<br>")
        else:
            out.append(_RUN.get(kind, f'<span class="{_esc(kind)}">{{}}</span>').format(_esc(text)))
    out.append("</div>")
    return "".join(out)


def _lines(p: _Paged, g: Group) -> Markup:
    """A group's numbered source lines with their marks, escaped as the templates escape: a
    long text has hundreds of thousands of lines, each a loop and an escape in Jinja.

    >>> from .review import TextReview
    >>> r = TextReview("a&b", "a", "A", ("<b>",), [], [Mark(1, "join", "j")])
    >>> print(_lines(_paginate(r), Group(1, 1, marks=r.marks)))
    <div class="l" id="a&amp;b-L1"><a class="n" href="#a&amp;b-L1">1</a>&lt;b&gt;
    <span class="m k-join">j</span></div>
    """
    at: dict[int, list[str]] = {}
    for m in g.marks:
        label = escape(m.label)
        if m.target:
            label = Markup('<a href="{}">{}</a>').format(p.href(m.target), label)
        at.setdefault(m.line, []).append(f'\n<span class="m k-{escape(m.kind)}">{label}</span>')
    file = escape(p.review.file)
    text = str(escape("\n".join(p.review.lines[g.start - 1 : g.end]))).split("\n")
    return Markup(
        "".join(
            f'<div class="l" id="{file}-L{n}"><a class="n" href="#{file}-L{n}">{n}</a>'
            f"{line}{''.join(at.get(n, ()))}</div>"
            for n, line in zip(range(g.start, g.end + 1), text, strict=True)
        )
    )
