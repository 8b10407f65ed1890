"""Run one command and print its wall time and memory as one JSON line (used by bench/run.py).

``python bench/measure.py CMD [ARG...]`` — a fresh wrapper process per measurement, so
``RUSAGE_CHILDREN`` covers this command's processes only. Wall time (Popen to exit), CPU time
(user + system of the command and the descendants it waited for) and two memory numbers:

- ``maxrss_kib``: the largest resident set of any single process in the command's tree
  (``getrusage(RUSAGE_CHILDREN).ru_maxrss``; descendants count once their parent waited for them);
- ``tree_peak_kib``: the largest *sum* of resident sets of the whole process tree, sampled every
  ``SAMPLE_SECONDS`` from ``/proc`` — what matters once work runs in parallel processes (shared
  pages are counted once per process, so this errs high).

The command's stdout is discarded; the tail of its stderr is returned when it fails.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time

SAMPLE_SECONDS = 0.1
PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def _children() -> dict[int, list[int]]:
    """Parent pid → child pids, for every process visible in /proc."""
    tree: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", encoding="ascii", errors="replace") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(name))
    return tree


def tree_rss_kib(root: int) -> int:
    """Resident KiB summed over ``root`` and all its descendants (0 for vanished processes)."""
    tree, todo, total = _children(), [root], 0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, ()))
        try:
            with open(f"/proc/{pid}/statm", encoding="ascii") as f:
                total += int(f.read().split()[1]) * PAGE_KIB
        except (OSError, IndexError, ValueError):
            continue
    return total


def _sample(pid: int, done: threading.Event, peak: list[int]) -> None:
    while not done.wait(SAMPLE_SECONDS):
        peak[0] = max(peak[0], tree_rss_kib(pid))


def measure(cmd: list[str]) -> dict[str, object]:
    """Time ``cmd`` (wall clock, Popen to exit) while a thread samples its tree's memory."""
    peak, done = [0], threading.Event()
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        sampler = threading.Thread(target=_sample, args=(proc.pid, done, peak), daemon=True)
        sampler.start()
        proc.wait()
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    maxrss = usage.ru_maxrss  # KiB on Linux
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "maxrss_kib": maxrss,
        "tree_peak_kib": max(peak[0], maxrss),
        "returncode": proc.returncode,
        "stderr_tail": stderr[-2000:] if proc.returncode else "",
    }


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: measure.py CMD [ARG...]", file=sys.stderr)
        sys.exit(2)
    print(json.dumps(measure(sys.argv[1:])))
