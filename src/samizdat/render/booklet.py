"""Booklet imposition: the book's pages two-up on sheets, folded in signatures and gathered.

Sheets are printed double-sided (flip on the short edge). A signature is a stack of sheets
folded once and nested, the outermost sheet carrying the signature's last and first pages; a
short book is one signature, saddle-stitched through the fold; a longer one is several
signatures of a few sheets each, gathered in order and sewn or glued. The page count is padded
with blank pages at the end to a multiple of four; the last signature takes the sheets left.

Two refinements a print shop expects: **creep** (inner sheets of a signature stick out at the
fore-edge once folded, so their pages move towards the fold by a step per sheet) and
**collation marks** (a black block on each signature's spine fold, one step lower for each
signature, so the gathered stack shows a staircase and a missing or swapped signature shows).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pikepdf

#: A4 landscape in PDF points.
A4_LANDSCAPE = (297 * 72 / 25.4, 210 * 72 / 25.4)
#: How close (points) two spread widths must be to count as A4 (two A5 pages are 296 mm wide).
_TOLERANCE = 6.0
#: Sheets of ordinary 80 g/m² paper a saddle stitch holds (48 pages): more is too thick.
MAX_SADDLE_SHEETS = 12
#: Points per millimetre.
MM = 72 / 25.4
#: A collation mark: this wide across the fold, this tall, stepped down by its height.
MARK_WIDTH, MARK_HEIGHT = 2 * MM, 5 * MM


@dataclass(frozen=True)
class Side:
    """One printed side of a sheet: its (left, right) 0-based page indices (``None`` a blank),
    the signature it belongs to, the sheet's place in that signature (0 the outermost) and
    whether it is the sheet's front."""

    left: int | None
    right: int | None
    signature: int = 0
    sheet: int = 0
    front: bool = True


def signature_sizes(page_count: int, sheets: int = 0) -> list[int]:
    """Sheets in each signature: ``sheets`` each (0: all in one), the last taking the rest.

    >>> signature_sizes(184, 4), signature_sizes(184, 0), signature_sizes(10, 4)
    ([4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 2], [46], [3])
    """
    if page_count < 1:
        raise ValueError("a booklet needs at least one page")
    total = -(-page_count // 4)
    if sheets <= 0 or sheets >= total:
        return [total]
    return [sheets] * (total // sheets) + ([total % sheets] if total % sheets else [])


def imposition(page_count: int, sheets: int = 0) -> list[Side]:
    """Every sheet side in printing order: signature by signature, each from its outer sheet
    in, each sheet's front then back.

    >>> [(s.left, s.right) for s in imposition(8)]
    [(7, 0), (1, 6), (5, 2), (3, 4)]
    >>> [(s.signature, s.sheet, s.left, s.right) for s in imposition(16, 2)][:3]
    [(0, 0, 7, 0), (0, 0, 1, 6), (0, 1, 5, 2)]
    """
    sides: list[Side] = []
    first = 0
    for number, size in enumerate(signature_sizes(page_count, sheets)):
        last = first + 4 * size - 1
        for k in range(size):
            front = (last - 2 * k, first + 2 * k)
            back = (first + 2 * k + 1, last - 1 - 2 * k)
            for is_front, (left, right) in ((True, front), (False, back)):
                shown = [i if i < page_count else None for i in (left, right)]
                sides.append(Side(shown[0], shown[1], number, k, is_front))
        first = last + 1
    return sides


def booklet_order(page_count: int, sheets: int = 0) -> list[tuple[int | None, int | None]]:
    """The sheet sides in printing order, as (left, right) 0-based page indices.

    ``None`` is a blank page added to reach a multiple of four. For 8 pages: (7, 0), (1, 6),
    (5, 2), (3, 4) — the outer sheet's front, its back, then the inner sheet's front and back.
    """
    return [(s.left, s.right) for s in imposition(page_count, sheets)]


def thickness_warning(page_count: int, sheets: int) -> str:
    """A warning when a signature holds more sheets than a saddle stitch can, else ``""``.

    >>> thickness_warning(184, 0)[:60]
    'booklet: one signature of 46 sheets is too thick to fold and'
    >>> thickness_warning(184, 4), thickness_warning(40, 0)
    ('', '')
    """
    biggest = max(signature_sizes(page_count, sheets))
    if biggest <= MAX_SADDLE_SHEETS:
        return ""
    what = "one signature" if sheets <= 0 else "signatures"
    return (
        f"booklet: {what} of {biggest} sheets is too thick to fold and saddle-stitch (about "
        f"{MAX_SADDLE_SHEETS} at most); print it in signatures, e.g. --signature-sheets 4"
    )


def impose_booklet(
    pdf_in: Path, pdf_out: Path, *, sheets: int = 0, creep: float = 0.0, marks: bool = True
) -> int:
    """Impose ``pdf_in`` (one page per trimmed book page) as a booklet of signatures.

    ``sheets`` per signature (0: one signature of every sheet, saddle-stitched); ``creep`` in
    millimetres per sheet: a signature's sheet ``k`` (0 the outermost) has its two pages moved
    ``k × creep`` towards the fold, each clipped to its half of the sheet; ``marks`` draws the
    collation marks when there are several signatures.

    Two pages sit side by side on each sheet side, clipped to their TrimBox (bleed and crop marks
    are cut away); spreads of two A5 pages are centred on A4 landscape, other sizes get a sheet
    exactly two pages wide. Each page is placed whole as a form XObject, so nothing is re-parsed
    and shared fonts are stored once. Returns the number of sheet sides written.
    """
    with pikepdf.open(pdf_in) as src, pikepdf.new() as out:
        pages = [pikepdf.Page(p) for p in src.pages]
        sheet = _sheet_size(pages[0])
        plan = imposition(len(pages), sheets)
        several = plan[-1].signature > 0
        forms: dict[int, pikepdf.Object] = {}
        for side in plan:
            page = pikepdf.Page(out.add_blank_page(page_size=sheet))
            ops = _place_pages(out, page, pages, side, sheet, creep * MM, forms)
            if marks and several and side.front and side.sheet == 0:
                ops.append(_collation_mark(side.signature, sheet))
            page.contents_add(pikepdf.Stream(out, "\n".join(ops).encode()))
        for key in ("/Title", "/Author", "/Subject"):
            if src.docinfo and key in src.docinfo:
                out.docinfo[key] = src.docinfo[key]
        # pikepdf aborts the process when a write to the file fails (a full disk): save to
        # memory, then write the bytes, so the failure is an ordinary OSError.
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True)
        sides = len(out.pages)
    pdf_out = Path(pdf_out)
    pdf_out.parent.mkdir(parents=True, exist_ok=True)
    pdf_out.write_bytes(buffer.getvalue())
    return sides


def _sheet_size(page: pikepdf.Page) -> tuple[float, float]:
    """Two trimmed pages wide, or A4 landscape when that is within a few points of it."""
    left, bottom, right, top = (float(v) for v in page.trimbox)
    width, height = 2 * (right - left), top - bottom
    if abs(width - A4_LANDSCAPE[0]) < _TOLERANCE and abs(height - A4_LANDSCAPE[1]) < _TOLERANCE:
        return A4_LANDSCAPE
    return width, height


def _place_pages(
    out: pikepdf.Pdf,
    sheet: pikepdf.Page,
    pages: list[pikepdf.Page],
    side: Side,
    size: tuple[float, float],
    creep: float,
    forms: dict[int, pikepdf.Object],
) -> list[str]:
    """Drawing operators putting the side's two pages on ``sheet``, each clipped to its half
    and moved ``side.sheet × creep`` points towards the fold."""
    ops = []
    fold = size[0] / 2
    for slot, index in enumerate((side.left, side.right)):
        if index is None:
            continue
        if index not in forms:
            form = pages[index].as_form_xobject()
            form.BBox = pages[index].trimbox  # clip to the trimmed page
            forms[index] = out.copy_foreign(form)
        name = sheet.add_resource(forms[index], pikepdf.Name.XObject)
        x0, y0, x1, y1 = (float(v) for v in pages[index].trimbox)
        shift = side.sheet * creep * (1 if slot == 0 else -1)
        tx = fold - (x1 - x0) + slot * (x1 - x0) - x0 + shift
        ty = (size[1] - (y1 - y0)) / 2 - y0
        clip = f"{slot * fold:.4f} 0 {fold:.4f} {size[1]:.4f} re W n"
        ops.append(f"q {clip} 1 0 0 1 {tx:.4f} {ty:.4f} cm {name} Do Q")
    return ops


def _collation_mark(signature: int, size: tuple[float, float]) -> str:
    """A black block over the fold of a signature's outer sheet, its height stepping down one
    block per signature from the top margin (starting over when it reaches the foot)."""
    top, room = size[1] - 10 * MM, size[1] - 20 * MM - MARK_HEIGHT
    steps = max(1, int(room // MARK_HEIGHT) + 1)
    y = top - MARK_HEIGHT * (1 + signature % steps)
    x = size[0] / 2 - MARK_WIDTH / 2
    return f"q 0 g {x:.4f} {y:.4f} {MARK_WIDTH:.4f} {MARK_HEIGHT:.4f} re f Q"
