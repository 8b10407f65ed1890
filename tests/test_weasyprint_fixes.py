"""The WeasyPrint 70 lone-word line: a text run ending in a space before an inline element must
keep its words on the line when it fits without that space (see render/weasyprint_fixes.py)."""

from __future__ import annotations

from typing import Any

import weasyprint.text.line_break as line_break
from weasyprint import HTML

from samizdat.render import weasyprint_fixes
from samizdat.render.pdf import write_pdf  # noqa: F401  (importing the renderer applies the fix)

RUN = "alpha beta gamma delta"
STYLE = "@page{size:600pt 200pt;margin:0} p{margin:0;font:12pt serif;text-align:justify}"


def _paragraph(html: str) -> Any:
    doc = HTML(string=f"<style>{STYLE}</style>{html}").render()
    return next(
        b for b in doc.pages[0]._page_box.descendants() if getattr(b, "element_tag", None) == "p"
    )


def _first_line_at(width: float) -> str:
    p = _paragraph(f"<style>p{{width:{width}px}}</style><p>{RUN} <em>epsilon</em> zeta eta</p>")
    return "".join(x.text for x in p.children[0].descendants() if hasattr(x, "text")).strip()


def _critical_width() -> float:
    """Halfway between the run's width without and with its trailing space."""
    p = _paragraph(f"<p><span>{RUN}</span><span>{RUN} </span>x</p>")
    boxes = [b for b in p.descendants() if type(b).__name__ == "TextBox"]
    bare, spaced = boxes[0].width, boxes[1].width
    assert spaced > bare
    return bare + (spaced - bare) / 2


def test_the_fix_is_installed():
    assert line_break.split_first_line is weasyprint_fixes.split_first_line


def test_run_ending_in_space_before_inline_keeps_its_words():
    assert _first_line_at(_critical_width()) == RUN


def test_without_the_fix_the_line_holds_one_word(monkeypatch):
    import weasyprint.layout.inline as inline

    monkeypatch.setattr(line_break, "split_first_line", weasyprint_fixes._original)
    monkeypatch.setattr(inline, "split_first_line", weasyprint_fixes._original)
    assert _first_line_at(_critical_width()) == "alpha"
