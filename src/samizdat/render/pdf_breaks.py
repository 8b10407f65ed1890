"""Limits on hyphenated lines, applied inside WeasyPrint's line breaking (WeasyPrint 70).

CSS has ``hyphenate-limit-lines`` and WeasyPrint does not implement it, nor any rule about the
last line of a page. WeasyPrint breaks a paragraph into lines one at a time
(``layout.inline.iter_line_boxes``); :func:`iter_line_boxes` is that loop with two rules:

- after :data:`MAX_RUN` hyphenated lines in a row, the next line is broken without
  hyphenating (a word that does not fit goes over whole);
- a line that would end a right-hand page (the next line would not fit on it) is broken again
  without hyphenating, so no word is split over a page turn on a recto.

The rules reach the hyphenation step through :func:`forbidden`, which the line breaker of
:mod:`.weasyprint_fixes` asks. The page side comes from the page being made (``make_page``).
Both rules only move a word to the next line: the text and its order are untouched.
"""

from __future__ import annotations

from typing import Any

from weasyprint.formatting_structure.boxes import TextBox

#: Hyphenated lines allowed in a row.
MAX_RUN = 2

_state = {"forbid": False}


def forbidden() -> bool:
    """Whether the line being broken may not end in a hyphen."""
    return _state["forbid"]


def hyphenated(line: Any) -> bool:
    """Whether a laid-out line box ends in a word broken at a hyphen."""
    last = ""
    for box in line.descendants():
        if isinstance(box, TextBox) and box.text.strip():
            last = box.text.rstrip()
    return len(last) > 1 and last[-1] in "-\u2010" and last[-2].isalpha()


def _next_line(inline: Any, args: tuple, forbid: bool) -> tuple[Any, Any]:
    before = _state["forbid"]
    _state["forbid"] = forbid
    try:
        return inline.get_next_linebox(*args)
    finally:
        _state["forbid"] = before


def _ends_recto(context: Any, line: Any, bottom_space: float) -> bool:
    """Whether ``line`` is the last that fits on a right-hand page."""
    if getattr(context, "samizdat_side", "") != "right" or context.page_bottom is None:
        return False
    return context.overflows_page(bottom_space, line.position_y + 2 * line.height)


def make_iter_line_boxes(inline: Any) -> Any:
    """WeasyPrint's ``iter_line_boxes`` with the rules of this module."""
    from weasyprint.layout.block import remove_placeholders
    from weasyprint.layout.percent import resolve_one_percentage, resolve_percentages

    def iter_line_boxes(
        context,
        box,
        position_y,
        bottom_space,
        skip_stack,
        containing_block,
        absolute_boxes,
        fixed_boxes,
        first_letter_style,
        first_line_style,
    ):
        resolve_percentages(box, containing_block)
        if skip_stack is None:
            resolve_one_percentage(box, "text_indent", containing_block.width)
        else:
            box.text_indent = 0
        run = 0
        while True:
            args = (context, box, position_y, bottom_space, skip_stack, containing_block)
            args += (absolute_boxes, fixed_boxes, first_letter_style, first_line_style)
            indent = box.text_indent
            line, resume_at = _next_line(inline, args, run >= MAX_RUN)
            if (
                line is not None
                and resume_at is not None
                and run < MAX_RUN
                and hyphenated(line)
                and _ends_recto(context, line, bottom_space)
            ):
                remove_placeholders(context, line.children, absolute_boxes, fixed_boxes)
                box.text_indent = indent
                line, resume_at = _next_line(inline, args, True)
            first_line_style = None
            if line:
                inline.handle_leader(context, line, containing_block)
                position_y = line.position_y + line.height
            if line is None:
                return
            run = run + 1 if hyphenated(line) else 0
            yield line, resume_at
            if resume_at is None:
                return
            skip_stack = resume_at
            box.text_indent = 0
            first_letter_style = None

    return iter_line_boxes


def make_make_page(original: Any) -> Any:
    """WeasyPrint's ``make_page``, noting the side of the page being made on the context."""

    def make_page(context, root_box, page_type, *args, **kwargs):
        context.samizdat_side = page_type.side
        return original(context, root_box, page_type, *args, **kwargs)

    return make_page


def install() -> None:
    """Put the rules in WeasyPrint's line and page layout (idempotent)."""
    import weasyprint.layout.block as block
    import weasyprint.layout.inline as inline
    import weasyprint.layout.page as page

    if getattr(block.iter_line_boxes, "samizdat", False):
        return
    limited = make_iter_line_boxes(inline)
    limited.samizdat = True  # type: ignore[attr-defined]
    block.iter_line_boxes = limited
    page.make_page = make_make_page(page.make_page)
