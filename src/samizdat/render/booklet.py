"""Saddle-stitch imposition: the A5 book printed two-up on A4 landscape, folded and stapled.

Sheets are printed double-sided (flip on the short edge) and stacked; the outermost sheet carries
the last and first pages. The page count is padded with blank pages to a multiple of four.
"""

from __future__ import annotations

import io
from pathlib import Path

import pikepdf

#: A4 landscape in PDF points.
A4_LANDSCAPE = (297 * 72 / 25.4, 210 * 72 / 25.4)
#: How close (points) two spread widths must be to count as A4 (two A5 pages are 296 mm wide).
_TOLERANCE = 6.0


def booklet_order(page_count: int) -> list[tuple[int | None, int | None]]:
    """The sheet sides in printing order, as (left, right) 0-based page indices.

    ``None`` is a blank page added to reach a multiple of four. For 8 pages: (7, 0), (1, 6),
    (5, 2), (3, 4) — the outer sheet's front, its back, then the inner sheet's front and back.
    """
    if page_count < 1:
        raise ValueError("a booklet needs at least one page")
    total = -(-page_count // 4) * 4
    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(total // 4):
        front = (total - 1 - 2 * sheet, 2 * sheet)
        back = (2 * sheet + 1, total - 2 - 2 * sheet)
        sides.extend([front, back])
    return [
        (left if left < page_count else None, right if right < page_count else None)
        for left, right in sides
    ]


def impose_booklet(pdf_in: Path, pdf_out: Path) -> int:
    """Impose ``pdf_in`` (one page per trimmed book page) as a saddle-stitched booklet.

    Two pages sit side by side on each sheet side, clipped to their TrimBox (bleed and crop marks
    are cut away); spreads of two A5 pages are centred on A4 landscape, other sizes get a sheet
    exactly two pages wide. Each page is placed whole as a form XObject, so nothing is re-parsed
    and shared fonts are stored once. Returns the number of sheet sides written.
    """
    with pikepdf.open(pdf_in) as src, pikepdf.new() as out:
        pages = [pikepdf.Page(p) for p in src.pages]
        left_edge, bottom, right_edge, top = (float(v) for v in pages[0].trimbox)
        width, height = right_edge - left_edge, top - bottom
        sheet_w, sheet_h = 2 * width, height
        if (
            abs(sheet_w - A4_LANDSCAPE[0]) < _TOLERANCE
            and abs(sheet_h - A4_LANDSCAPE[1]) < _TOLERANCE
        ):
            sheet_w, sheet_h = A4_LANDSCAPE
        x0, y0 = (sheet_w - 2 * width) / 2, (sheet_h - height) / 2

        forms: dict[int, pikepdf.Object] = {}
        for left, right in booklet_order(len(pages)):
            sheet = pikepdf.Page(out.add_blank_page(page_size=(sheet_w, sheet_h)))
            ops = []
            for slot, index in enumerate((left, right)):
                if index is None:
                    continue
                if index not in forms:
                    form = pages[index].as_form_xobject()
                    form.BBox = pages[index].trimbox  # clip to the trimmed page
                    forms[index] = out.copy_foreign(form)
                name = sheet.add_resource(forms[index], pikepdf.Name.XObject)
                box = pages[index].trimbox
                tx = x0 + slot * width - float(box[0])
                ty = y0 - float(box[1])
                ops.append(f"q 1 0 0 1 {tx:.4f} {ty:.4f} cm {name} Do Q")
            sheet.contents_add(pikepdf.Stream(out, "\n".join(ops).encode()))
        if src.docinfo:
            for key in ("/Title", "/Author", "/Subject"):
                if key in src.docinfo:
                    out.docinfo[key] = src.docinfo[key]
        pdf_out = Path(pdf_out)
        pdf_out.parent.mkdir(parents=True, exist_ok=True)
        # pikepdf aborts the process when a write to the file fails (a full disk): save to
        # memory, then write the bytes, so the failure is an ordinary OSError.
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True)
        sides = len(out.pages)
    pdf_out.write_bytes(buffer.getvalue())
    return sides
