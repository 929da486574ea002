"""Run Casereader's benchmarks: every figure beside a baseline measured in the same run, and the ratio.

    python bench/run.py            # full run (minutes); writes bench/results.json
    python bench/run.py --smoke    # tiny sizes, seconds: proves the benchmarks still run (CI)
    python bench/run.py --only sheets,bundles

Each bench module exposes run(n) returning one result dict or a list of them, with at least
name, value_s, baseline_s, ratio, target (a ratio), and optionally extra keys (p50_ms, peak_rss_mb ...).
The full run is information, not a gate; the smoke run fails only if a benchmark cannot run.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

# (key, module, full size, smoke size)
SUITE = [
    ("app", "bench_app", 90, 12),
    ("sheets", "bench_sheets", 1000, 5),
    ("bundles", "bench_bundles", 10_000, 50),
    ("aggregation", "bench_aggregate", 100_000, 300),
]


def machine() -> dict[str, Any]:
    return {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count(),
            "machine": platform.machine()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: check that every benchmark runs")
    parser.add_argument("--only", default="", help="comma-separated keys: " + ",".join(k for k, *_ in SUITE))
    parser.add_argument("--out", default=str(HERE / "results.json"))
    parser.add_argument("--child", nargs=3, metavar=("MODULE", "N", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args.child[0], int(args.child[1]), Path(args.child[2]))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    wanted = {k.strip() for k in args.only.split(",") if k.strip()}
    results: list[dict[str, Any]] = []
    failures = 0
    for key, module_name, full_n, smoke_n in SUITE:
        if wanted and key not in wanted:
            continue
        n = smoke_n if args.smoke else full_n
        started = time.perf_counter()
        got = _run_isolated(key, module_name, n)
        if got is None:  # reported; go on: one broken benchmark must not hide the others
            failures += 1
            continue
        for r in got:
            r.setdefault("size", n)
            r["elapsed_s"] = round(time.perf_counter() - started, 2)
            results.append(r)
    print(f"{'benchmark':<34}{'value':>12}{'baseline':>12}{'ratio':>8}{'target':>8}  extra")
    for r in results:
        extra = {k: v for k, v in r.items() if k not in {"name", "value_s", "baseline_s", "ratio", "target",
                                                         "elapsed_s"}}
        ok = "" if r.get("ratio") is None or r.get("target") is None or r["ratio"] <= r["target"] else " (over)"
        value = r.get("value_s")
        base = r.get("baseline_s")
        print(f"{r['name']:<34}{_fmt(value):>12}{_fmt(base):>12}{_fmt(r.get('ratio'), 'x'):>8}"
              f"{_fmt(r.get('target'), 'x'):>8}  {json.dumps(extra)}{ok}")
    payload = {"smoke": args.smoke, "machine": machine(), "taken_at": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                                                    time.gmtime()),
               "results": results}
    if not args.smoke:
        Path(args.out).write_text(json.dumps(payload, indent=2))
        print(f"written {args.out}")
    print(f"bench: {len(results)} figures, {failures} failed")
    return 1 if failures else 0


def _run_isolated(key: str, module_name: str, n: int) -> list[dict[str, Any]] | None:
    """Run one benchmark module in a fresh interpreter, so that its imports, caches and peak memory are its own
    (a peak RSS measured after another benchmark would be that benchmark's). None if it failed."""
    with tempfile.TemporaryDirectory(prefix="casereader-bench-") as tmp:
        out = Path(tmp) / "result.json"
        env = {**os.environ, "QT_LOGGING_RULES": "default.warning=false"}  # offscreen's size-hint chatter
        code = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", module_name, str(n),
                               str(out)], env=env, check=False).returncode
        if code != 0 or not out.exists():
            print(f"[{key}] FAILED (exit {code})", file=sys.stderr)
            return None
        got = json.loads(out.read_text())
    return got if isinstance(got, list) else [got]


def _child(module_name: str, n: int, out: Path) -> int:
    try:
        got = importlib.import_module(module_name).run(n)
    except Exception:
        traceback.print_exc()
        return 1
    out.write_text(json.dumps(got))
    return 0


def _fmt(value: Any, unit: str = "s") -> str:
    if value is None:
        return "-"
    return f"{value:.3f}{unit}" if unit == "s" else f"{value:.2f}{unit}"


if __name__ == "__main__":
    sys.exit(main())
