"""A byte-reproducible OCF container.

ebooklib 0.20 writes its zip entries with the current time and in the order it meets them; this
rewrites the archive so that the same content always gives the same bytes: ``mimetype`` first and
stored (no compression, no extra field, as OCF requires), ``META-INF/container.xml`` next, then
every other entry in sorted order, deflated at a fixed level, each stamped with one fixed time and
fixed Unix permissions (ZipInfo's ``create_system`` otherwise depends on the build platform).
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime

MIMETYPE = b"application/epub+zip"
#: The earliest time a zip entry can carry (DOS dates start in 1980).
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    stamp = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    return max(stamp, ZIP_EPOCH)


def normalise(data: bytes, moment: datetime) -> bytes:
    """Rewrite the EPUB zip ``data`` reproducibly, every entry dated ``moment``."""
    date_time = zip_time(moment)
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        names = src.namelist()
        if len(names) != len(set(names)):
            raise ValueError("EPUB container has duplicate entries")
        contents = {name: src.read(name) for name in names}
    if contents.get("mimetype") != MIMETYPE:
        raise ValueError("EPUB container has no valid mimetype entry")
    head = ["mimetype", "META-INF/container.xml"]
    order = head + sorted(n for n in names if n not in head)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for name in order:
            info = zipfile.ZipInfo(name, date_time)
            info.create_system = 3  # Unix
            info.external_attr = 0o100644 << 16  # regular file, rw-r--r--
            if name == "mimetype":
                info.compress_type = zipfile.ZIP_STORED
                dst.writestr(info, contents[name])
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, contents[name], compresslevel=9)
    return out.getvalue()
