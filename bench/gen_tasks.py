#!/usr/bin/env python3
"""Generates the Taskwarrior 2.6 data set matching gen_pipeline.py's N deals.

usage: gen_tasks.py N DIR [--seed S] [--today YYYY-MM-DD]

Writes DIR/taskrc and DIR/taskdata/{pending,completed,undo,backlog}.data: one pending
task per deal (same seed, same deals as gen_pipeline.py): description "Company: title",
project sales.<stage>, the deal's tags, entry = created, due = the next action's due
date. `task rc:DIR/taskrc list` then lists N tasks, one line each.
"""
from __future__ import annotations

import argparse
import calendar
import datetime as dt
import os
import random
import sys
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_pipeline  # noqa: E402

TASKRC = """# Taskwarrior configuration for the deals benchmark (bench/gen_tasks.py)
data.location={data}
confirmation=off
verbose=nothing
gc=off
hooks=off
color=off
detection=off
defaultwidth=1000
recurrence=off
news.version=2.6.0
"""


def _epoch(d: dt.date) -> int:
    return calendar.timegm(d.timetuple())


def _f4(v: str) -> str:
    return v.replace("\\", "\\\\").replace('"', '\\"')


def generate(n: int, root: str, seed: int = 1, today: dt.date = dt.date(2026, 11, 30)) -> None:
    data = os.path.join(os.path.abspath(root), "taskdata")
    os.makedirs(data, exist_ok=True)
    with open(os.path.join(root, "taskrc"), "w", encoding="utf-8") as f:
        f.write(TASKRC.format(data=data))
    g = gen_pipeline.Gen(seed, today)
    ur = random.Random(seed ^ 0x5EED)
    lines = []
    for _ in range(n):
        _, d = g.deal()
        entry = _epoch(d["created"])
        attrs = {
            "description": f"{d['company']}: {d['title']}",
            "entry": str(entry),
            "modified": str(_epoch(d["history"][-1]["date"])),
            "project": "sales." + d["stage"],
            "status": "pending",
            "uuid": str(uuid.UUID(int=ur.getrandbits(128), version=4)),
        }
        if d.get("next", {}).get("due"):
            attrs["due"] = str(_epoch(d["next"]["due"]))
        if d.get("tags"):
            attrs["tags"] = ",".join(d["tags"])
        lines.append("[" + " ".join(f'{k}:"{_f4(v)}"' for k, v in sorted(attrs.items())) + "]\n")
    with open(os.path.join(data, "pending.data"), "w", encoding="utf-8") as f:
        f.writelines(lines)
    for name in ("completed.data", "undo.data", "backlog.data"):
        open(os.path.join(data, name), "w").close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int)
    ap.add_argument("dir")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--today", type=dt.date.fromisoformat, default=dt.date(2026, 11, 30))
    a = ap.parse_args()
    generate(a.n, a.dir, a.seed, a.today)


if __name__ == "__main__":
    main()
