"""Outputs land all or none: a build writes into a staging folder inside the output folder, then
:func:`commit` moves every file into place, restoring the previous ones if any move fails."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

from .errors import SamizdatError


def stage_folder(out: Path) -> Path:
    try:
        out.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    except OSError as exc:
        raise SamizdatError(f"{out}: cannot write the output folder: {exc.strerror}") from None


def commit(stage: Path, out: Path) -> list[Path]:
    """Move the staged files into the output folder, all or none.

    Each previous output is first moved aside into a backup folder next to the stage (a rename
    on the same file system); if any replace fails, the new files are removed and the previous
    ones moved back before the error goes on.
    """
    staged = sorted(f for f in stage.iterdir() if f.is_file())
    for f in staged:  # never move a user's folder aside (and delete it with the backup)
        if (out / f.name).is_dir() and not (out / f.name).is_symlink():
            raise IsADirectoryError(errno.EISDIR, "a folder is in the way", str(out / f.name))
    backup = Path(tempfile.mkdtemp(prefix=".previous-", dir=out))
    saved: list[Path] = []
    moved: list[Path] = []
    try:
        for f in staged:
            target = out / f.name
            if target.exists() or target.is_symlink():
                os.replace(target, backup / f.name)
                saved.append(target)
            os.replace(f, target)
            moved.append(target)
    except OSError:
        for target in moved:
            target.unlink(missing_ok=True)
        for target in saved:
            os.replace(backup / target.name, target)
        raise
    finally:
        shutil.rmtree(backup, ignore_errors=True)
    return moved
