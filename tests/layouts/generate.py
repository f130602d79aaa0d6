"""Writes the layout corpus (tests/layouts/*.yaml): one deal laid out the many ways people
and tools write YAML by hand -- indentation 2/3/4, indentless or indented lists, flow or
block history entries, comments everywhere, CRLF, BOM, document markers, quoting styles,
folded and literal notes, unknown keys, and the output of PyYAML, yq (go-yaml) and Ruby.
The files are committed; this script is how they were made (python3 generate.py), except
yq-real.yaml and yq-real-indentless.yaml, the real output of yq 3 (the jq wrapper):
`yq -y . pyyaml-block.yaml` and `yq -y --indentless . pyyaml-sorted.yaml`."""
import datetime
import itertools
import os

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))

HISTORY = [("2026-11-02", "lead", None), ("2026-11-05", "qualified", None),
           ("2026-11-20", "proposal", "sent v1")]
LOG = [("2026-11-12", "call", "Discovery call; wants a CMS"),
       ("2026-11-25", "email", "sent the case study")]


def q(s, style):
    if style == "single":
        return "'" + s.replace("'", "''") + "'"
    if style == "double":
        return '"' + s + '"'
    return s


def flowq(s, style):
    if any(c in s for c in ",;:{}[]#"):
        return '"' + s + '"' if style != "single" else "'" + s + "'"
    return q(s, style)


def render(indent=2, seq_indent=True, entries="flow", quote="plain", comments=False,
           notes="literal", unknown=False, datekey="date", order="canonical", log="list",
           blank=False, tags="flow", bant_words=False, contact="block", next_=True,
           tail_comment=False):
    I = " " * indent
    D = (I if seq_indent else "") + "- "
    K = " " * len(D)  # key column inside block entries
    c = (lambda text: "  # " + text) if comments else (lambda text: "")
    sections = {}
    sections["title"] = f"title: {q('Website redesign', quote)}{c('the big one')}\n"
    sections["company"] = f"company: {q('Acme Corp', quote)}\n"
    if contact == "block":
        sections["contact"] = (f"contact:\n{I}name: {q('Jane Doe', quote)}\n"
                               f"{I}email: jane@acme.example{c('work')}\n{I}phone: \"+49 30 1234567\"\n"
                               + (f"{I}linkedin: jdoe\n" if unknown else ""))
    else:
        sections["contact"] = "contact: {name: Jane Doe, email: jane@acme.example}\n"
    sections["source"] = "source: referral\n"
    sections["value"] = f"value: 12000{c('EUR, net')}\n"
    sections["stage"] = f"stage: proposal\n"
    sections["created"] = "created: 2026-11-02\n"
    sections["expected_close"] = "expected_close: 2026-12-15\n"
    if tags == "flow":
        sections["tags"] = "tags: [web, retainer]\n"
    else:
        sections["tags"] = f"tags:\n{D}web\n{D}retainer\n"
    yes, no = ("yes", "no") if bant_words else ("true", "false")
    sections["bant"] = (f"bant:\n{I}budget: {yes}\n{I}authority: {yes}{c('the CTO')}\n{I}need: {yes}\n"
                        f"{I}timeline: {no}\n{I}note: {q('CTO decides; budget approved for Q1', 'double' if quote == 'plain' else quote)}\n")
    if next_:
        sections["next"] = f"next:\n{I}action: {q('Send revised proposal', quote)}\n{I}due: 2026-11-30\n"

    def entry(pairs):
        if entries in ("flow", "flow_spaced"):
            inner = ", ".join(f"{k}: {v}" for k, v in pairs)
            return D + ("{ " + inner + " }" if entries == "flow_spaced" else "{" + inner + "}") + "\n"
        out = ""
        for i, (k, v) in enumerate(pairs):
            out += (D if i == 0 else K) + f"{k}: {v}\n"
        return out

    h = "history:\n"
    for i, (d, s, n) in enumerate(HISTORY):
        pairs = [(datekey, d), ("stage", s)] + ([("note", flowq(n, quote))] if n else [])
        if unknown and i == 1:
            pairs.append(("by", "me"))
        h += entry(pairs)
        if comments and i == 0:
            h += (I if seq_indent else "") + "# qualified after the first call\n"
    sections["history"] = h
    if log == "list":
        lg = "log:\n"
        for d, k, n in LOG:
            lg += entry([(datekey, d), ("kind", k), ("note", flowq(n, quote))])
        sections["log"] = lg
    elif log == "empty":
        sections["log"] = "log:\n"
    if notes == "literal":
        sections["notes"] = f"notes: |\n{I}Free text, kept as written.\n{I}Second line.\n"
    elif notes == "folded":
        sections["notes"] = f"notes: >\n{I}Folded text that\n{I}goes on.\n\n{I}New paragraph.\n"
    elif notes == "plain":
        sections["notes"] = f"notes: plain text\n{I}on two lines\n"
    if unknown:
        sections["owner"] = "owner: sales-team\n"
        sections["custom"] = f"custom:\n{I}priority: high\n{I}ids: [1, 2]\n"
    keys = list(sections)
    if order == "alpha":
        keys.sort()
    elif order == "reversed":
        keys = keys[::-1]
    text = ""
    if comments:
        text += "# Acme: kept by hand\n\n"
    for k in keys:
        text += sections[k]
        if blank:
            text += "\n"
        if comments and k == "bant":
            text += "# ---- activity ----\n"
    if tail_comment:
        text += "# end of file\n"
    return text


def tool_docs():
    data = {
        "title": "Website redesign", "company": "Acme Corp",
        "contact": {"name": "Jane Doe", "email": "jane@acme.example", "phone": "+49 30 1234567"},
        "source": "referral", "value": 12000, "stage": "proposal",
        "created": datetime.date(2026, 11, 2), "expected_close": datetime.date(2026, 12, 15),
        "tags": ["web", "retainer"],
        "bant": {"budget": True, "authority": True, "need": True, "timeline": False,
                 "note": "CTO decides; budget approved for Q1"},
        "next": {"action": "Send revised proposal", "due": datetime.date(2026, 11, 30)},
        "history": [{"date": datetime.date(2026, 11, 2), "stage": "lead"},
                    {"date": datetime.date(2026, 11, 5), "stage": "qualified"},
                    {"date": datetime.date(2026, 11, 20), "stage": "proposal", "note": "sent v1"}],
        "log": [{"date": datetime.date(2026, 11, 12), "kind": "call",
                 "note": "Discovery call; wants a CMS"},
                {"date": datetime.date(2026, 11, 25), "kind": "email", "note": "sent the case study"}],
        "notes": "Free text, kept as written.\nSecond line.\n",
    }
    out = {}
    out["pyyaml-block"] = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    out["pyyaml-sorted"] = yaml.safe_dump(data, sort_keys=True)
    out["pyyaml-flow-leaves"] = yaml.safe_dump(data, sort_keys=False, default_flow_style=None)
    out["pyyaml-indent4"] = yaml.safe_dump(data, sort_keys=False, indent=4)
    out["pyyaml-explicit"] = yaml.safe_dump(data, sort_keys=False, explicit_start=True,
                                            explicit_end=True)
    out["pyyaml-width40"] = yaml.safe_dump(data, sort_keys=False, default_flow_style=None,
                                           width=40)
    # go-yaml v3 (yq) indents lists under their key and writes block history entries.
    out["yq"] = render(indent=2, seq_indent=True, entries="block", tags="block")
    out["yq-indent4"] = render(indent=4, seq_indent=True, entries="block", tags="block")
    # Ruby's Psych: a `---` header, indentless lists, block entries.
    out["ruby-psych"] = "---\n" + render(indent=2, seq_indent=False, entries="block",
                                         tags="block", quote="double")
    return out


def main():
    files = {}
    n = 0
    for indent, seq_indent, entries in itertools.product(
            (2, 3, 4), (True, False), ("flow", "flow_spaced", "block")):
        n += 1
        opts = dict(indent=indent, seq_indent=seq_indent, entries=entries,
                    comments=n % 2 == 0, quote=("plain", "single", "double")[n % 3],
                    notes=("literal", "folded", "plain", "none")[n % 4], blank=n % 5 == 0,
                    unknown=n % 3 == 1, tags="block" if n % 4 == 3 else "flow")
        files[f"i{indent}-{'indented' if seq_indent else 'indentless'}-{entries.replace('_', '-')}"] = render(**opts)
    variants = {
        "comments-everywhere": dict(comments=True, blank=True, tail_comment=True),
        "comments-block": dict(comments=True, entries="block", seq_indent=False),
        "crlf": dict(crlf=True),
        "crlf-block-comments": dict(crlf=True, entries="block", comments=True),
        "bom": dict(bom=True),
        "bom-crlf": dict(bom=True, crlf=True, comments=True),
        "doc-start": dict(start=True),
        "doc-start-end": dict(start=True, end=True),
        "doc-start-end-crlf": dict(start=True, end=True, crlf=True, comments=True),
        "on-keys": dict(datekey="on"),
        "on-keys-block": dict(datekey="on", entries="block"),
        "alpha-order": dict(order="alpha"),
        "reversed-order": dict(order="reversed", comments=True),
        "no-log": dict(log="none"),
        "no-log-block": dict(log="none", entries="block", seq_indent=False),
        "no-log-indent4": dict(log="none", indent=4),
        "empty-log": dict(log="empty"),
        "no-next": dict(next_=False),
        "no-next-comments": dict(next_=False, comments=True, indent=4),
        "bant-yes-no": dict(bant_words=True),
        "contact-flow": dict(contact="flow"),
        "unknown-keys": dict(unknown=True),
        "unknown-keys-block": dict(unknown=True, entries="block", indent=3),
        "single-quoted": dict(quote="single"),
        "double-quoted": dict(quote="double", comments=True),
        "folded-notes": dict(notes="folded"),
        "plain-multiline-notes": dict(notes="plain"),
        "no-notes": dict(notes="none"),
        "blank-lines": dict(blank=True),
        "blank-lines-block": dict(blank=True, entries="block"),
        "tags-block": dict(tags="block"),
        "tail-comment": dict(tail_comment=True),
        "spaced-indent3": dict(entries="flow_spaced", indent=3, seq_indent=False),
        "everything": dict(comments=True, blank=True, unknown=True, bant_words=True,
                           crlf=True, bom=True, start=True, end=True, indent=4,
                           entries="block", notes="folded"),
    }
    for name, v in variants.items():
        v = dict(v)
        crlf, bom, start, end = (v.pop(k, False) for k in ("crlf", "bom", "start", "end"))
        text = render(**v)
        if start:
            text = "---\n" + text
        if end:
            text += "...\n"
        if crlf:
            text = text.replace("\n", "\r\n")
        if bom:
            text = "\ufeff" + text
        files[name] = text
    files.update(tool_docs())
    for name, text in files.items():
        with open(os.path.join(HERE, name + ".yaml"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    print(len(files), "layouts")


if __name__ == "__main__":
    main()
