"""``--watch``: rebuild on every save of a text, book.toml, corrections.toml or template.

The watcher (watchfiles) waits for changes, debounces bursts of saves, says which files changed
and rebuilds. A failed rebuild prints its one-line error and keeps watching; the previous book
stays in place (builds are atomic). Ctrl-C stops it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

#: Files in the book folder whose change means a rebuild.
WATCHED_SUFFIXES = (".txt", ".srt", ".vtt", ".toml")  # config.TEXT_SUFFIXES and book.toml
#: Milliseconds to wait for a burst of saves to end before rebuilding.
DEBOUNCE_MS = 300


def watched(path: Path, roots: tuple[Path, ...], ignore: tuple[Path, ...]) -> bool:
    """Whether a change to ``path`` should trigger a rebuild."""
    path = path.resolve()
    if any(path.is_relative_to(i) for i in ignore):
        return False
    if any(part.startswith(".") for part in path.parts[1:]):
        return False  # editor swap files, .cache, .staging-*
    return path.suffix in WATCHED_SUFFIXES or any(
        path.is_relative_to(r) and r.name == "templates" for r in roots
    )


def watch(
    roots: Iterable[Path],
    rebuild: Callable[[list[str]], None],
    *,
    ignore: Iterable[Path] = (),
    stop: threading.Event | None = None,
) -> None:
    """Call ``rebuild(changed_names)`` now and after every relevant change until ``stop``."""
    from watchfiles import watch as watch_changes

    roots = tuple(Path(r).resolve() for r in roots)
    ignored = tuple(Path(i).resolve() for i in ignore)
    rebuild([])
    for changes in watch_changes(
        *roots,
        watch_filter=lambda _change, p: watched(Path(p), roots, ignored),
        debounce=DEBOUNCE_MS,
        stop_event=stop,
        raise_interrupt=False,
    ):
        names = sorted({_name(Path(p), roots) for _, p in changes})
        rebuild(names)


def _name(path: Path, roots: tuple[Path, ...]) -> str:
    for root in roots:
        if path.is_relative_to(root):
            return str(path.relative_to(root.parent))
    return str(path)
