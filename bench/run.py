"""Issues 6 and 17's benchmark: samizdat against naive pandoc + WeasyPrint and pandoc + Typst.

``python bench/run.py [--runs N] [--quick] [--only SCENARIO,...] [--worktree]`` writes
``bench/RESULTS.md`` and ``bench/results.json``. Every measurement is a fresh subprocess
(``sys.executable``) run by ``bench/measure.py`` in a temporary copy of the seeds and a temporary
output folder; the repo's ``output/`` is never touched. samizdat is run from a clean export of
``HEAD`` (``--worktree``: from the working tree as it is). See ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
SCENARIOS = (
    "naive-epub",
    "naive-pdf",
    "typst",
    "full",
    "epub",
    "pdf",
    "noop",
    "correction",
    "watch",
    "corpus10",
)
#: Scenarios whose target is a ratio against another scenario: that one runs too.
NEEDS = {"naive-epub": ("naive-pdf",), "naive-pdf": ("naive-epub",)}
NEEDS |= {"correction": ("full", "typst")}
NEEDS |= {"full": ("naive-epub", "naive-pdf"), "corpus10": ("full",)}
CORPUS_COPIES = 10
#: Seconds a --watch rebuild may take before the scenario fails; how often the PDF is polled.
WATCH_TIMEOUT, WATCH_POLL = 300.0, 0.01
LABELS = {
    "naive-epub": "naive: pandoc --toc → EPUB",
    "naive-pdf": "naive: pandoc → HTML → WeasyPrint PDF",
    "typst": "the fast peer: pandoc → Typst → A5 PDF",
    "naive-full": "naive full (EPUB + PDF, summed per run)",
    "full": "samizdat build, cold",
    "epub": "samizdat epub, cold",
    "pdf": "samizdat pdf, cold",
    "noop": "samizdat build, no-op rebuild",
    "correction": "samizdat build after a one-word correction",
    "watch": "samizdat --watch: a saved one-word correction until the PDF is replaced",
    "corpus10": f"samizdat build, {CORPUS_COPIES}× corpus, cold",
}
GIB_KIB = 1024 * 1024
Sample = dict[str, Any]


class BuildFailed(Exception):
    """A measured command exited non-zero."""


@dataclass
class Workspace:
    """A private folder per scenario: ``seeds/`` (the book), ``out/`` and ``cwd/`` (the working
    directory of the measured commands); ``tree`` is the samizdat checkout being measured."""

    root: Path
    tree: Path
    originals: frozenset[str]

    @property
    def seeds(self) -> Path:
        return self.root / "seeds"

    @property
    def out(self) -> Path:
        return self.root / "out"

    def clean(self) -> None:
        """Cold start: nothing but the book; samizdat's cache lives in ``out/.cache``."""
        for entry in self.root.iterdir():
            if entry.name != "seeds":
                shutil.rmtree(entry)
        for entry in self.seeds.iterdir():
            if entry.name not in self.originals:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        (self.root / "cwd").mkdir()


def workspace(root: Path, tree: Path, name: str, copies: int = 1) -> Workspace:
    seeds = root / name / "seeds"
    seeds.mkdir(parents=True)
    if copies == 1:
        shutil.copytree(tree / "seeds", seeds, dirs_exist_ok=True)
    else:
        write_corpus(tree / "seeds", seeds, copies)
    ws = Workspace(root / name, tree, frozenset(p.name for p in seeds.iterdir()))
    ws.clean()
    return ws


def write_corpus(source: Path, target: Path, copies: int) -> None:
    """The book's texts ``copies`` times: copy 0 keeps file names and ids (so corrections.toml
    still applies), copy k gets ``kNN_`` file names, ``-kNN`` ids and ``(copy k)`` titles."""
    config = tomllib.loads((source / "book.toml").read_text(encoding="utf-8"))
    head = (source / "book.toml").read_text(encoding="utf-8").split("[[texts]]", 1)[0]
    entries = []
    for k in range(copies):
        for text in config["texts"]:
            t = dict(text)
            if k:
                t["file"] = f"k{k:02d}_{text['file']}"
                t["id"] = f"{text['id']}-k{k:02d}" if text.get("id") else ""
                t["title"] = f"{text['title']} (copy {k})" if text.get("title") else ""
            shutil.copyfile(source / text["file"], target / t["file"])
            lines = [f"{key} = {json.dumps(v, ensure_ascii=False)}" for key, v in t.items() if v]
            entries.append("[[texts]]\n" + "\n".join(lines) + "\n")
    (target / "book.toml").write_text(head + "\n".join(entries), encoding="utf-8")
    shutil.copyfile(source / "corrections.toml", target / "corrections.toml")


def measure(argv: list[str], ws: Workspace) -> Sample:
    """One run of ``argv`` in a fresh bench/measure.py wrapper; a failed command stops the run."""
    wrapper = [sys.executable, str(BENCH / "measure.py"), *argv]
    done = subprocess.run(wrapper, capture_output=True, text=True, cwd=ws.root / "cwd")
    if done.returncode:
        raise BuildFailed(f"bench/measure.py failed: {done.stderr.strip()}")
    sample: Sample = json.loads(done.stdout)
    if sample["returncode"]:
        raise BuildFailed(f"`{' '.join(argv[1:3])}` failed: {sample['stderr_tail']}")
    print(f"    {sample['seconds']:7.2f} s  {sample['maxrss_kib'] // 1024} MiB", flush=True)
    return sample


def samizdat(command: str, ws: Workspace) -> list[str]:
    args = [command, "--seeds", str(ws.seeds), "--out", str(ws.out), "--quiet"]
    return [sys.executable, str(ws.tree / "build.py"), *args]


def naive(what: str, ws: Workspace) -> list[str]:
    return [sys.executable, str(BENCH / "naive.py"), what, str(ws.seeds), str(ws.out)]


def cold_runs(ws: Workspace, argv: list[str], runs: int) -> list[Sample]:
    """Each run from nothing: output folder and cache deleted first."""
    samples = []
    for _ in range(runs):
        ws.clean()
        samples.append(measure(argv, ws))
    return samples


def noop_runs(ws: Workspace, runs: int) -> list[Sample]:
    """Build once (untimed), then time identical rebuilds: each has nothing new to do."""
    ws.clean()
    measure(samizdat("build", ws), ws)
    return [measure(samizdat("build", ws), ws) for _ in range(runs)]


def pick_words(seeds: Path, manuscript: str, n: int) -> tuple[str, list[str]]:
    """(text id, words): in the largest text, the first ``n`` long words (alphabetical) that
    occur exactly once in its source file and exactly once in the whole manuscript."""
    texts = tomllib.loads((seeds / "book.toml").read_text(encoding="utf-8"))["texts"]
    largest = max(texts, key=lambda t: (seeds / t["file"]).stat().st_size)
    raw = (seeds / largest["file"]).read_text(encoding="utf-8")
    words = sorted(set(re.findall(r"\b[a-z]{9,}\b", raw)))
    words = [w for w in words if raw.count(w) == 1 and manuscript.count(w) == 1][:n]
    if len(words) < n:
        raise BuildFailed(f"fewer than {n} words occur exactly once in {largest['file']}")
    return largest.get("id") or largest["file"], words


def add_correction(path: Path, text: str, word: str) -> None:
    """Append one ``[[correction]]`` upper-casing ``word`` in ``text`` to ``corrections.toml``."""
    entry = (
        f'\n[[correction]]\ntext = "{text}"\nfind = "{word}"\nreplace = "{word.upper()}"\n'
        'reason = "bench/run.py: one-word correction"\n'
    )
    with path.open("a", encoding="utf-8") as f:
        f.write(entry)


def correction_runs(ws: Workspace, runs: int, notes: list[str]) -> list[Sample]:
    """Build once; before each timed rebuild append one new correction that changes one word
    (a different word each run) of the same text. Always a state no build has seen before: an
    undo/redo toggle would return to states the cache still holds."""
    ws.clean()
    measure(samizdat("build", ws), ws)
    manuscript = (ws.out / "manuscript.md").read_text(encoding="utf-8")
    text, words = pick_words(ws.seeds, manuscript, runs)
    samples = []
    for word in words:
        add_correction(ws.seeds / "corrections.toml", text, word)
        samples.append(measure(samizdat("build", ws), ws) | {"corrected": word})
    shown = ", ".join(f"`{w}`" for w in words)
    notes.append(f"correction: in `{text}`, one more word upper-cased per run: {shown}")
    return samples


class Watcher:
    """``build.py --watch`` running in the background; each line it prints is kept."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        self.proc = subprocess.Popen(
            argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, count: int, timeout: float = WATCH_TIMEOUT) -> None:
        """Until the watcher has said "watching" ``count`` times (a build ended each time)."""
        deadline = time.monotonic() + timeout
        while sum(line.startswith("watching") for line in self.lines) < count:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise BuildFailed(f"--watch stopped or stalled: {self.lines[-3:]}")
            time.sleep(0.01)
        errors = [line for line in self.lines if line.startswith("error")]
        if errors:
            raise BuildFailed(f"--watch: {errors[-1]}")

    def stop(self) -> int:
        """Stop the watcher (Ctrl-C); its peak resident memory in KiB (VmHWM)."""
        peak = _peak_rss_kib(self.proc.pid)
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return peak


def _peak_rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    found = re.search(r"VmHWM:\s*(\d+)", status)
    return int(found.group(1)) if found else 0


def _replaced(path: Path, before: tuple[int, int], timeout: float = WATCH_TIMEOUT) -> float:
    """Poll until ``path`` is another file than ``before`` (inode, mtime); the time it was seen."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            st = path.stat()
            if (st.st_ino, st.st_mtime_ns) != before:
                return time.perf_counter()
        except FileNotFoundError:
            pass
        time.sleep(WATCH_POLL)
    raise BuildFailed(f"--watch: {path.name} not replaced within {timeout:.0f} s")


def watch_runs(ws: Workspace, runs: int, notes: list[str]) -> list[Sample]:
    """``build.py --watch`` started once and left to build the book (untimed); then per run one
    new one-word correction is appended to ``corrections.toml`` (as in ``correction``) and the
    time is taken from that save until the watcher has replaced the PDF. The warm process
    keeps its imports, fonts, templates and caches between runs, as an editor's would."""
    ws.clean()
    watcher = Watcher([*samizdat("build", ws), "--watch"], ws.root / "cwd")
    samples = []
    try:
        watcher.wait_for(1)
        pdfs = sorted(ws.out.glob("*.pdf"))
        manuscript = (ws.out / "manuscript.md").read_text(encoding="utf-8")
        text, words = pick_words(ws.seeds, manuscript, 2 * runs)
        for n, word in enumerate(words[runs:], start=2):  # other words than `correction`'s
            st = pdfs[0].stat()
            started = time.perf_counter()
            add_correction(ws.seeds / "corrections.toml", text, word)
            seconds = _replaced(pdfs[0], (st.st_ino, st.st_mtime_ns)) - started
            watcher.wait_for(n)
            print(f"    {seconds:7.2f} s  (PDF replaced)", flush=True)
            samples.append({"seconds": seconds, "cpu_seconds": 0.0, "corrected": word})
    finally:
        peak = watcher.stop()
    for sample in samples:
        sample |= {"maxrss_kib": peak, "tree_peak_kib": peak}
    shown = ", ".join(f"`{s['corrected']}`" for s in samples)
    notes.append(
        f"watch: in `{text}`, one more word upper-cased per run: {shown}; time from the save to "
        "the PDF replaced (polled every 10 ms); memory is the watcher's own peak RSS, CPU not taken"
    )
    return samples


def run_scenario(name: str, ws: Workspace, runs: int, notes: list[str]) -> list[Sample]:
    plans: dict[str, Callable[[], list[Sample]]] = {
        "naive-epub": lambda: cold_runs(ws, naive("epub", ws), runs),
        "naive-pdf": lambda: cold_runs(ws, naive("pdf", ws), runs),
        "typst": lambda: cold_runs(ws, naive("typst", ws), runs),
        "full": lambda: cold_runs(ws, samizdat("build", ws), runs),
        "epub": lambda: cold_runs(ws, samizdat("epub", ws), runs),
        "pdf": lambda: cold_runs(ws, samizdat("pdf", ws), runs),
        "noop": lambda: noop_runs(ws, runs),
        "correction": lambda: correction_runs(ws, runs, notes),
        "watch": lambda: watch_runs(ws, runs, notes),
        "corpus10": lambda: cold_runs(ws, samizdat("build", ws), runs),
    }
    return plans[name]()


def summary(samples: list[Sample]) -> dict[str, float]:
    secs = [float(s["seconds"]) for s in samples]
    return {
        "runs": len(samples),
        "median": statistics.median(secs),
        "min": min(secs),
        "max": max(secs),
        "cpu_median": statistics.median(float(s.get("cpu_seconds", 0)) for s in samples),
        "maxrss_kib": max(int(s["maxrss_kib"]) for s in samples),
        "tree_peak_kib": max(int(s["tree_peak_kib"]) for s in samples),
    }


def naive_full(raw: dict[str, list[Sample]]) -> list[Sample]:
    """Run i of pandoc→EPUB plus run i of pandoc→HTML→WeasyPrint: one naive full build."""
    pairs = zip(raw["naive-epub"], raw["naive-pdf"], strict=False)
    keys = ("maxrss_kib", "tree_peak_kib")
    return [
        {k: float(a[k]) + float(b[k]) for k in ("seconds", "cpu_seconds")}
        | {k: max(int(a[k]), int(b[k])) for k in keys}
        for a, b in pairs
    ]


Target = tuple[str, str, str, str, bool | None]
#: Issue 6's time targets: (label, scenario, divided by this scenario or "" for seconds, limit).
CHECKS = (
    ("full build / naive full", "full", "naive-full", 1.0),
    ("one-word correction / full build", "correction", "full", 0.25),
    ("one-word correction / pandoc → Typst", "correction", "typst", 1.0),
    ("--watch: one-word correction in the PDF (s)", "watch", "", 1.5),
    ("no-op rebuild (s)", "noop", "", 0.3),
    (f"{CORPUS_COPIES}× corpus / 1× full build", "corpus10", "full", 10.5),
)


def targets(s: dict[str, dict[str, float]]) -> list[Target]:
    """(target, measured, the same on CPU time, limit, passed) per target of issue 6; passed is
    judged on wall time, None when not run. The CPU column is a check against a busy machine."""

    def value(a: str, b: str, key: str) -> float | None:
        if a not in s or (b and b not in s):
            return None
        return s[a][key] / s[b][key] if b else s[a][key]

    rows = [
        (t, value(a, b, "median"), None if a == "watch" else value(a, b, "cpu_median"), lim)
        for t, a, b, lim in CHECKS
    ]
    big = s.get("corpus10")
    memory = big["tree_peak_kib"] / 1024 if big else None
    rows.append((f"{CORPUS_COPIES}× corpus peak memory, tree PSS (MiB)", memory, None, 1024))
    return [
        (
            label,
            "not run" if v is None else f"{v:.2f}",
            "—" if c is None else f"{c:.2f}",
            f"≤ {limit}",
            None if v is None else v <= limit,
        )
        for label, v, c, limit in rows
    ]


def command_output(argv: list[str]) -> str:
    try:
        return subprocess.run(argv, capture_output=True, text=True, cwd=REPO).stdout.strip()
    except OSError:
        return ""


def machine(worktree: bool) -> dict[str, str]:
    import pypandoc

    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    mem = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    dirty = command_output(["git", "status", "--porcelain", "--", "src", "templates", "build.py"])
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu.group(1) if cpu else platform.processor(),
        "cores": str(os.cpu_count()),
        "memory": f"{int(mem.group(1)) / GIB_KIB:.1f} GiB" if mem else "?",
        "os": platform.platform(),
        "python": platform.python_version(),
        "samizdat": metadata.version("samizdat"),
        "weasyprint": metadata.version("weasyprint"),
        "pandoc": command_output([pypandoc.get_pandoc_path(), "--version"]).split("\n")[0],
        "pypandoc": metadata.version("pypandoc-binary"),
        "commit": command_output(["git", "rev-parse", "HEAD"]),
        "tree": (
            ("working tree, with uncommitted changes" if dirty else "working tree, clean")
            if worktree
            else "clean export of HEAD (uncommitted changes not measured)"
        ),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def markdown(info: dict[str, str], s: dict[str, dict[str, float]], notes: list[str]) -> str:
    mib = 1024
    lines = [
        "# Benchmark results (issues 6 and 17)",
        "",
        f"- Date: {info['date']}",
        f"- Machine: {info['cpu']}, {info['cores']} cores, {info['memory']} RAM; {info['os']}",
        f"- Load average at start: {info['load']} (end: {info['load_end']})",
        f"- Python {info['python']}, samizdat {info['samizdat']}, WeasyPrint {info['weasyprint']},"
        f" {info['pandoc']} (pypandoc-binary {info['pypandoc']})",
        f"- Git commit: `{info['commit']}`; measured: {info['tree']}",
        f"- Command: `{info['command']}`",
        "",
        "## Timings (wall clock, seconds)",
        "",
        "| scenario | runs | median | min | max | CPU s (median) | peak RSS, largest process (MiB) "
        "| peak PSS, process tree (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, r in s.items():
        lines.append(
            f"| {LABELS[name]} (`{name}`) | {r['runs']} | {r['median']:.2f} | {r['min']:.2f} | {r['max']:.2f} "
            f"| {r['cpu_median']:.2f} "
            f"| {r['maxrss_kib'] / mib:.0f} | {r['tree_peak_kib'] / mib:.0f} |"
        )
    lines += ["", "## Targets (judged on median wall time)", ""]
    lines += ["| target | measured | on CPU time | limit | result |", "|---|---:|---:|---:|---|"]
    for label, got, on_cpu, limit, ok in targets(s):
        verdict = "not run" if ok is None else ("PASS" if ok else "MISS")
        lines.append(f"| {label} | {got} | {on_cpu} | {limit} | {verdict} |")
    lines += ["", "## Notes", ""] + [f"- {n}" for n in notes or ["none"]]
    lines += [
        "",
        "Scenarios and how to read this file: `bench/README.md`. Raw timings: `bench/results.json`.",
        "",
    ]
    return "\n".join(lines)


def stray_entries(before: dict[Path, set[str]]) -> list[str]:
    """New entries in the repo root or ~/.cache since the start: a cache this bench does not clear?"""
    return [
        f"new entry `{folder / name}` appeared during the run (a cache outside the temp folders?)"
        for folder, names in before.items()
        for name in sorted(set(os.listdir(folder)) - names if folder.is_dir() else ())
    ]


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=5, help="timed runs per scenario (default 5)")
    p.add_argument("--quick", action="store_true", help="smoke test: one run per scenario")
    p.add_argument("--only", default="", help=f"comma-separated subset of: {','.join(SCENARIOS)}")
    p.add_argument("--worktree", action="store_true", help="measure uncommitted changes too")
    args = p.parse_args(argv)
    chosen = [x for x in args.only.split(",") if x] or list(SCENARIOS)
    bad = [x for x in chosen if x not in SCENARIOS]
    if bad or args.runs < 1:
        p.error(f"unknown scenario {bad[0]}" if bad else "--runs must be at least 1")
    wanted = set(chosen) | {d for c in chosen for d in NEEDS.get(c, ())}
    args.scenarios = [x for x in SCENARIOS if x in wanted]
    args.runs = 1 if args.quick else args.runs
    return args


def export_commit(root: Path, commit: str) -> Path:
    """A clean copy of the commit, so edits in progress do not change the numbers."""
    tree = root / "tree"
    tree.mkdir()
    archive = subprocess.run(["git", "archive", commit], cwd=REPO, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(tree)], input=archive.stdout, check=True)
    return tree


def run_all(
    args: argparse.Namespace, commit: str, root: Path, notes: list[str]
) -> dict[str, list[Sample]]:
    tree = REPO if args.worktree else export_commit(root, commit)
    warm = workspace(root, tree, "warm-up")
    measure([sys.executable, "-c", "import weasyprint, ebooklib, pypandoc"], warm)
    measure([sys.executable, str(tree / "build.py"), "--help"], warm)
    raw: dict[str, list[Sample]] = {}
    for name in args.scenarios:
        print(f"{name}:", flush=True)
        ws = workspace(root, tree, name, CORPUS_COPIES if name == "corpus10" else 1)
        try:
            raw[name] = run_scenario(name, ws, args.runs, notes)
        except BuildFailed as exc:
            notes.append(f"**{name} FAILED**: {exc}".replace("\n", " ").strip())
            print(f"    FAILED: {exc}", flush=True)
    if "naive-epub" in raw and "naive-pdf" in raw:
        raw["naive-full"] = naive_full(raw)
    return raw


def main(argv: list[str]) -> int:
    args = parse(argv)
    info = machine(args.worktree)
    watch = [REPO, Path.home() / ".cache"]
    before = {d: set(os.listdir(d)) if d.is_dir() else set() for d in watch}
    notes: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="samizdat-bench-"))
    try:
        raw = run_all(args, info["commit"], root, notes)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    info["load_end"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    notes += stray_entries(before)
    order = [n for n in LABELS if n in raw]
    stats = {name: summary(raw[name]) for name in order}
    info["command"] = " ".join(["python", "bench/run.py", *argv])
    (BENCH / "RESULTS.md").write_text(markdown(info, stats, notes), encoding="utf-8")
    payload = {"machine": info, "notes": notes, "summary": stats, "raw": raw}
    (BENCH / "results.json").write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print((BENCH / "RESULTS.md").read_text(encoding="utf-8"))
    return 1 if any("FAILED" in n for n in notes) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
