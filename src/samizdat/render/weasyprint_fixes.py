"""A workaround for a WeasyPrint 70 line-breaking bug that sets one word alone on a line.

``text.line_break.split_first_line`` (step 3) compares the width of Pango's first line
*including* a trailing collapsible space with the measure. A text run that ends in a space just
before an inline element (``<em>``, a link, a note call) and fits only without that space is then
judged "cannot be split earlier", and the justified line gets the run's first word alone,
stretched across the measure (seen in the seeds book: "…of which there" / "should" / "be a great
number)…"). Whenever the run fits once its trailing space hangs, we break after the space,
which is what WeasyPrint itself does when Pango breaks at a trailing space.

Applied once, at import of :mod:`samizdat.render.pdf`, and only to WeasyPrint 70 (the internals
it wraps); ``tests/test_weasyprint_fixes.py`` shows the bug and the fix.
"""

from __future__ import annotations

from typing import Any

import weasyprint
import weasyprint.layout.inline as inline
import weasyprint.text.line_break as line_break

from . import pdf_breaks, pdf_hyphens, pdf_warnings

#: The WeasyPrint major version whose internals this wraps.
FIXED_VERSION = "70"

_original = line_break.split_first_line


def split_first_line(
    text: str,
    style: Any,
    context: Any,
    max_width: float | None,
    justification_spacing: float,
    is_line_start: bool = True,
    minimum: bool = False,
) -> Any:
    if pdf_breaks.forbidden() and style["hyphens"] != "none":
        saved = style["hyphens"]
        style["hyphens"] = "none"  # this line may not end in a hyphen (see pdf_breaks)
        try:
            return split_first_line(
                text, style, context, max_width, justification_spacing, is_line_start, minimum
            )
        finally:
            style["hyphens"] = saved
    result = _original(
        text, style, context, max_width, justification_spacing, is_line_start, minimum
    )
    if (
        result[2] is not None
        and max_width is not None
        and text.endswith(" ")
        and style["white_space"] in ("normal", "pre-line")
    ):
        stripped = text.rstrip(" ")
        if stripped and result[1] < len(stripped.encode()):
            alt = _original(
                stripped, style, context, max_width, justification_spacing, is_line_start, minimum
            )
            if alt[2] is None and alt[3] <= max_width:
                # The run fits once its collapsible trailing space hangs: break after it.
                return (*alt[:2], len(text.encode()), *alt[3:])
    return result


def apply() -> bool:
    """Install the workaround (idempotent); False when WeasyPrint is not the fixed version."""
    if weasyprint.__version__.split(".")[0] != FIXED_VERSION:
        return False
    line_break.split_first_line = split_first_line
    inline.split_first_line = split_first_line
    pdf_hyphens.install(line_break)
    pdf_breaks.install()
    pdf_warnings.install()
    return True
