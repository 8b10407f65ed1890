"""Run one command and print its wall time and memory as one JSON line (used by bench/run.py).

``python bench/measure.py CMD [ARG...]`` — a fresh wrapper process per measurement, so
``RUSAGE_CHILDREN`` covers this command's processes only. Wall time (Popen to exit), CPU time
(user + system of the command and the descendants it waited for) and two memory numbers:

- ``maxrss_kib``: the largest resident set of any single process in the command's tree
  (``getrusage(RUSAGE_CHILDREN).ru_maxrss``; descendants count once their parent waited for them);
- ``tree_peak_kib``: the largest *sum* over the whole process tree of each process's
  proportional set size (PSS, ``/proc/PID/smaps_rollup``: a page shared by n processes counts
  1/n to each), sampled every ``SAMPLE_SECONDS`` — the memory the command needs once work runs
  in parallel processes. ``tree_rss_peak_kib`` is the same with RSS, which counts pages shared
  by forked workers once per process and so errs high. Both are at least ``maxrss_kib``, so a
  command too short to be sampled still gets a figure.

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


def _memory_kib(pid: int) -> tuple[int, int]:
    """(PSS, RSS) of one process in KiB; (0, 0) once it has gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            fields = dict(line.split(":", 1) for line in f if line[:4] in ("Pss:", "Rss:"))
        return int(fields["Pss"].split()[0]), int(fields["Rss"].split()[0])
    except (OSError, KeyError, ValueError):
        return 0, 0


def tree_memory_kib(root: int) -> tuple[int, int]:
    """(PSS, RSS) in KiB summed over ``root`` and all its descendants."""
    tree, todo, pss, rss = _children(), [root], 0, 0
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, ()))
        p, r = _memory_kib(pid)
        pss, rss = pss + p, rss + r
    return pss, rss


def _sample(pid: int, done: threading.Event, peak: list[int]) -> None:
    while not done.wait(SAMPLE_SECONDS):
        pss, rss = tree_memory_kib(pid)
        peak[:] = max(peak[0], pss), max(peak[1], rss)


def measure(cmd: list[str]) -> dict[str, object]:
    """Time ``cmd`` (wall clock, Popen to exit) while a thread samples its tree's memory."""
    peak, done = [0, 0], threading.Event()
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
        "tree_rss_peak_kib": max(peak[1], maxrss),
        "returncode": proc.returncode,
        "stderr_tail": stderr[-2000:] if proc.returncode else "",
    }


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: measure.py CMD [ARG...]", file=sys.stderr)
        sys.exit(2)
    print(json.dumps(measure(sys.argv[1:])))
