#!/usr/bin/env python3
"""Checks a pipeline directory against SPEC sections 1-3, independently of the C++ code.

usage: validate_examples.py [DIR] [--strict] [--today YYYY-MM-DD]

Every deals/*.yaml must load with PyYAML's safe_load (plus: no duplicate keys, no
anchors/aliases) and satisfy the deal-file rules: valid id, required keys, types, known
stages, history dates >= created and non-decreasing, last history stage == stage,
`reason` only on closing entries. Files not in canonical form are listed (expected for
hand-written files); with --strict they are errors. With --today it also prints what the
reports should show on that day (stalled, due, closing soon, the week's movement), as a
reference for tests. Exit 1 on any error.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tomllib

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dealfile  # noqa: E402

DEFAULT_STAGES = [("lead", 0.05, 7), ("qualified", 0.10, 7), ("contacted", 0.20, 10),
                  ("demo", 0.35, None), ("proposal", 0.50, None), ("negotiation", 0.75, 21)]


class StrictLoader(yaml.SafeLoader):
    pass


def _mapping(loader, node, deep=False):
    seen = set()
    for k, _ in node.value:
        key = loader.construct_object(k, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", k.start_mark)
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)


def load_config(root):
    with open(os.path.join(root, "pipeline.toml"), "rb") as f:
        cfg = tomllib.load(f)
    stages = cfg.get("stages")
    if stages is None:
        stages = [{"name": n, "probability": p, **({"stall_days": s} if s else {})}
                  for n, p, s in DEFAULT_STAGES]
    names = [s["name"] for s in stages]
    assert len(set(names)) == len(names), "duplicate stage"
    for s in stages:
        assert dealfile.valid_id(s["name"]), f"bad stage name {s['name']}"
        assert 0 <= s["probability"] <= 1, f"bad probability in {s['name']}"
    cfg["_stages"] = stages
    cfg["_stall"] = {s["name"]: s.get("stall_days", cfg.get("stall_days", 14)) for s in stages}
    return cfg


def _fix_on(entry):
    """PyYAML reads the key `on` as the YAML 1.1 boolean True; map it back."""
    return {("on" if k is True else k): v for k, v in entry.items()}


def check_deal(path, text, cfg, errors):
    did = os.path.basename(path)[:-5]
    err = lambda m: errors.append(f"{path}: {m}")  # noqa: E731
    if not dealfile.valid_id(did):
        err(f"bad id {did!r}")
    for ev in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(ev, yaml.AliasEvent) or getattr(ev, "anchor", None):
            err("anchor or alias")
            break
    try:
        d = yaml.load(text, Loader=StrictLoader)
    except yaml.YAMLError as e:
        err(f"YAML: {e}")
        return None
    if not isinstance(d, dict):
        err("not a mapping")
        return None
    stages = [s["name"] for s in cfg["_stages"]] + ["won", "lost"]
    for k in ("title", "stage", "created"):
        if k not in d:
            err(f"missing {k}")
    if not isinstance(d.get("title"), str):
        err("title not a string")
    if d.get("stage") not in stages:
        err(f"unknown stage {d.get('stage')!r}")
    for k in ("created", "expected_close"):
        if k in d and type(d[k]) is not dt.date:
            err(f"{k} not a date: {d[k]!r}")
    for k in ("company", "source", "currency", "notes"):
        if k in d and not isinstance(d[k], str):
            err(f"{k} not a string")
    if "value" in d and (isinstance(d["value"], bool) or not isinstance(d["value"], (int, float))
                         or d["value"] < 0):
        err("value not a non-negative number")
    if "probability" in d and not (isinstance(d["probability"], (int, float))
                                   and 0 <= d["probability"] <= 1):
        err("probability not in 0..1")
    if "tags" in d and not (isinstance(d["tags"], list) and all(isinstance(t, str) for t in d["tags"])):
        err("tags not a list of strings")
    for k, v in (d.get("contact") or {}).items():
        if not isinstance(v, str):
            err(f"contact.{k} not a string")
    for k, v in (d.get("bant") or {}).items():
        if k == "note":
            if not isinstance(v, str):
                err("bant.note not a string")
        elif not isinstance(v, bool):
            err(f"bant.{k} not true/false")
    if "next" in d:
        n = d["next"]
        if not isinstance(n, dict) or not isinstance(n.get("action"), str):
            err("next.action missing")
        elif "due" in n and type(n["due"]) is not dt.date:
            err("next.due not a date")
    hist = [_fix_on(h) for h in d.get("history") or []]
    d["history"] = hist
    prev = d.get("created")
    for i, h in enumerate(hist):
        if type(h.get("on")) is not dt.date or h.get("stage") not in stages:
            err(f"history[{i}] bad: {h}")
            continue
        if prev and h["on"] < prev:
            err(f"history[{i}] date {h['date']} before {prev}")
        prev = h["on"]
        if "reason" in h and h["stage"] not in ("won", "lost"):
            err(f"history[{i}] reason on a non-closing entry")
    if hist and hist[-1].get("stage") != d.get("stage"):
        err(f"last history stage {hist[-1].get('stage')} != stage {d.get('stage')}")
    logs = [_fix_on(e) for e in d.get("log") or []]
    d["log"] = logs
    for i, e in enumerate(logs):
        if type(e.get("on")) is not dt.date or not isinstance(e.get("kind"), str) \
                or not isinstance(e.get("note"), str):
            err(f"log[{i}] bad: {e}")
        elif d.get("created") and e["on"] < d["created"]:
            err(f"log[{i}] before created")
    d["_id"] = did
    return d


def canonical(d, cfg):
    c = {k: v for k, v in d.items() if not k.startswith("_")}
    if not c.get("history"):
        c.pop("history", None)
    if not c.get("log"):
        c.pop("log", None)
    return dealfile.encode(c, cfg.get("currency", "EUR"))


def summary(deals, cfg, today):
    since = today - dt.timedelta(days=6)
    order = {s["name"]: i for i, s in enumerate(cfg["_stages"])}

    def last_activity(d):
        dates = [d["created"]] + [h["on"] for h in d["history"]] + [e["on"] for e in d["log"]]
        return max(dates)

    def hist(d):
        return d["history"] or [{"on": d["created"], "stage": d["stage"]}]

    print(f"as of {today} (week {since}..{today}):")
    for s in cfg["_stages"] + [{"name": "won"}, {"name": "lost"}]:
        ids = sorted(d["_id"] for d in deals if d["stage"] == s["name"])
        print(f"  {s['name']:12} {len(ids):2}  {' '.join(ids)}")
    stalled = []
    for d in deals:
        if d["stage"] in order:
            idle = (today - last_activity(d)).days
            if idle > cfg["_stall"][d["stage"]]:
                stalled.append((-idle, d["_id"], d["stage"]))
    print("stalled:")
    for idle, i, s in sorted(stalled):
        print(f"  {i} ({s}, idle {-idle} d)")
    print("next actions overdue / due by", today + dt.timedelta(days=7), ":")
    for d in sorted(deals, key=lambda d: (d.get("next", {}).get("due") or dt.date.max, d["_id"])):
        n = d.get("next")
        if n and n.get("due") and n["due"] <= today + dt.timedelta(days=7):
            tag = "OVERDUE" if n["due"] < today else "due"
            print(f"  {tag:7} {n['due']} {d['_id']} [{d['stage']}]: {n['action']}")
    print("closing within 30 days:")
    for d in deals:
        ec = d.get("expected_close")
        if d["stage"] in order and ec and today < ec <= today + dt.timedelta(days=30):
            print(f"  {ec} {d['_id']} {d.get('value')}")
    print("new this week:", " ".join(sorted(d["_id"] for d in deals if since <= d["created"] <= today)))
    print("moves this week:")
    for d in deals:
        h = hist(d)
        for a, b in zip(h, h[1:]):
            if since <= b["on"] <= today:
                extra = f" ({b['reason']})" if "reason" in b else ""
                print(f"  {b['date']} {d['_id']}: {a['stage']} -> {b['stage']}{extra}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", nargs="?", default=os.path.join(os.path.dirname(__file__), "..", "examples"))
    ap.add_argument("--strict", action="store_true", help="every file must be canonical")
    ap.add_argument("--today", type=dt.date.fromisoformat)
    ap.add_argument("-q", "--quiet", action="store_true")
    a = ap.parse_args()
    cfg = load_config(a.dir)
    errors, noncanon, deals = [], [], []
    ddir = os.path.join(a.dir, "deals")
    for name in sorted(os.listdir(ddir)):
        if not name.endswith(".yaml"):
            continue
        path = os.path.join(ddir, name)
        with open(path, encoding="utf-8") as f:
            text = f.read()
        d = check_deal(path, text, cfg, errors)
        if d is None:
            continue
        deals.append(d)
        if canonical(d, cfg) != text:
            noncanon.append(path)
    if not a.quiet:
        print(f"{len(deals)} deals read, {len(errors)} errors, {len(noncanon)} not canonical")
        for p in noncanon:
            print(f"  not canonical: {p}")
    if a.strict:
        errors += [f"{p}: not canonical" for p in noncanon]
    for e in errors:
        print(e, file=sys.stderr)
    if a.today:
        summary(deals, cfg, a.today)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
