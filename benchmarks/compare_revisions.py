"""Load speed of the embedded data at two revisions, measured side by side in one run.

    python benchmarks/compare_revisions.py f455ff0 HEAD

Each revision's ``src/`` is extracted with ``git archive`` into a temporary folder; separate
interpreters load that revision's own embedded file with that revision's own code (15 loads each,
after one warm-up), alternating revisions over 6 rounds. Prints the median of the per-process
medians and their ratio (second / first). Used to check that moving the data to a source tree
(issue 11) kept the load speed: see benchmarks/README.md.
"""

from __future__ import annotations

import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_CODE = """
import statistics, time, iscm
from importlib.resources import files
data = (files("iscm") / "data" / "iscm.json").read_bytes(); iscm.load(data)
times = []
for _ in range(15):
    start = time.perf_counter(); iscm.load(data); times.append(time.perf_counter() - start)
print(statistics.median(times))
"""


def _extract(revision: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, "src"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def main(argv: list[str]) -> int:
    first, second = (argv if len(argv) >= 2 else ["HEAD~1", "HEAD"])[:2]
    with tempfile.TemporaryDirectory() as tmp:
        paths = {rev: _extract(rev, Path(tmp) / str(i)) for i, rev in enumerate((first, second))}
        times: dict[str, list[float]] = {first: [], second: []}
        for _ in range(6):
            for rev, path in paths.items():
                out = subprocess.run(
                    [sys.executable, "-c", _CODE],
                    env={"PYTHONPATH": str(path)},
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                times[rev].append(float(out))
    a, b = statistics.median(times[first]), statistics.median(times[second])
    print(f"load of the embedded data: {first} {a * 1000:.1f} ms, {second} {b * 1000:.1f} ms")
    print(f"ratio {second}/{first}: {b / a:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
