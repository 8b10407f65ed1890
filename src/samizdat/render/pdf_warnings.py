"""WeasyPrint's warnings, each naming the stylesheet it is about.

WeasyPrint logs a bad declaration as ``Ignored `colr: red` at 12:3, unknown property.``
without saying in which stylesheet. :func:`install` wraps its ``preprocess_stylesheet`` so that
a warning logged while a stylesheet is read is prefixed with that stylesheet's file name
(``print.css: Ignored …``; ``<style>`` for the document's own, i.e. ``page.css.j2``).
The command line shows each warning as one line, and ``--strict`` fails on any
(:mod:`samizdat.cli`).
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

#: The stylesheet being read, as shown in a warning.
_sheet: ContextVar[str] = ContextVar("samizdat_stylesheet", default="")


def sheet_name(base_url: str | None) -> str:
    """How a warning names a stylesheet: its file name, ``<style>`` for the document's own.

    >>> sheet_name("file:///x/templates/print/print.css"), sheet_name("file:///x/print/")
    ('print.css', '<style>')
    """
    name = PurePosixPath(unquote(urlsplit(base_url or "").path)).name
    return name if name.endswith(".css") else "<style>"


class _Where(logging.Filter):
    """Prefix a WeasyPrint warning with the stylesheet being read, if any."""

    def filter(self, record: logging.LogRecord) -> bool:
        sheet = _sheet.get()
        if sheet and not getattr(record, "samizdat_sheet", ""):
            record.msg = f"{sheet}: {record.msg}"
            record.samizdat_sheet = sheet
        return True


def install() -> None:
    """Wrap WeasyPrint's stylesheet reading (idempotent)."""
    import weasyprint
    import weasyprint.css as css

    original = css.preprocess_stylesheet
    if getattr(original, "samizdat", False):
        return

    def preprocess_stylesheet(device_media_type: Any, base_url: Any, *args: Any, **kw: Any):
        token = _sheet.set(sheet_name(base_url))
        try:
            return original(device_media_type, base_url, *args, **kw)
        finally:
            _sheet.reset(token)

    preprocess_stylesheet.samizdat = True  # type: ignore[attr-defined]
    css.preprocess_stylesheet = weasyprint.preprocess_stylesheet = preprocess_stylesheet
    logging.getLogger("weasyprint").addFilter(_Where())
