"""The canonical deal-file form of SPEC section 2, in Python, for the data generators
and the example validator. Standard library only (PyYAML is used by the validator).

Quoting (mirrors the store's canonical writer, src/store/yaml_writer.cpp): a string is
written plain only when YAML 1.1 and 1.2 both read it back as the same string, else in
double quotes with backslash escapes.
  block context, quote when:
  * empty, leading/trailing space or tab, or it ends with ':'
  * the first character is one of  - ? : , [ ] { } # & * ! | > ' " % @ ` + .
  * it starts with a digit and could be a number, date or time (only the characters
    0-9 a-f x o b _ . : + - , or YYYY- followed by anything)
  * y, n, yes, no, true, false, on, off, null, ~ (any capitalisation), = or <<
  * it contains ': ' or ' #', a control character (tab and newline included), DEL,
    C1 controls, U+2028/2029, bidi controls, U+FEFF/FFFE/FFFF
  flow context (history, log, tags), additionally quote unless every character is a
  letter, digit, non-ASCII, or one of  space - _ . / @ +
"""
from __future__ import annotations

import datetime as _dt
import re

_FIRST = set("-?:,[]{}#&*!|>'\"%@`+. \t")
_FLOW_OK = re.compile(r"^[A-Za-z0-9 \-_./@+\u0080-\U0010FFFF]*$")
_KEYWORDS = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}
_NUMBERISH = re.compile(r"^[0-9a-fA-FxXoObB_.:+\-]*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")

TOP_KEYS = ["title", "company", "contact", "source", "value", "currency", "stage",
            "probability", "created", "expected_close", "tags", "bant", "next",
            "history", "log", "notes"]
CONTACT_KEYS = ["name", "email", "phone"]
BANT_KEYS = ["budget", "authority", "need", "timeline", "note"]
NEXT_KEYS = ["action", "due"]
HISTORY_KEYS = ["date", "stage", "note", "reason"]
LOG_KEYS = ["date", "kind", "note"]


def valid_id(s: str) -> bool:
    return bool(_ID.match(s))


def _escaped(cp: int) -> bool:
    return (cp < 0x20 or cp == 0x7F or 0x80 <= cp <= 0x9F or cp in (0x2028, 0x2029)
            or cp == 0x061C or cp in (0x200E, 0x200F) or 0x202A <= cp <= 0x202E
            or 0x2066 <= cp <= 0x2069 or cp in (0xFEFF, 0xFFFE, 0xFFFF))


def plain_safe(s: str) -> bool:
    if not s or s[0] in _FIRST:
        return False
    if s[0].isascii() and s[0].isdigit() and (
            _NUMBERISH.match(s) or (len(s) >= 5 and s[:4].isdigit() and s[4] == "-")):
        return False
    if s.lower() in _KEYWORDS or s in ("=", "<<"):
        return False
    if s[-1] in " \t:" or ": " in s or ":\t" in s or " #" in s or "\t#" in s:
        return False
    return not any(_escaped(ord(c)) for c in s)


def _needs_quotes(s: str, flow: bool) -> bool:
    if not plain_safe(s):
        return True
    return flow and not _FLOW_OK.match(s)


def _dq(s: str) -> str:
    out = ['"']
    for c in s:
        o = ord(c)
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif o == 0:
            out.append("\\0")
        elif _escaped(o):
            out.append("\\x%02X" % o if o <= 0xFF else "\\u%04X" % o)
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def quote(s: str) -> str:
    """A scalar string in block context."""
    return _dq(s) if _needs_quotes(s, False) else s


def quote_flow(s: str) -> str:
    """A scalar string inside [...] or {...}."""
    return _dq(s) if _needs_quotes(s, True) else s


def number(v) -> str:
    """Shortest round-trip decimal: 12000, 1234.5, 0.35."""
    if isinstance(v, bool):
        raise TypeError("bool is not a number")
    if isinstance(v, int):
        return str(v)
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


def scalar(v, flow=False) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return number(v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    if v is None:
        return "null"
    return quote_flow(str(v)) if flow else quote(str(v))


def _flow_map(d: dict, order: list[str]) -> str:
    keys = [k for k in order if k in d] + [k for k in d if k not in order]
    return "{" + ", ".join(f"{k}: {scalar(d[k], flow=True)}" for k in keys) + "}"


def _literal(text: str, indent: int) -> str:
    pad = " " * indent
    if text.endswith("\n\n"):
        chomp = "+"
    elif text.endswith("\n"):
        chomp = ""
    else:
        chomp = "-"
    body = text[:-1] if text.endswith("\n") else text
    lines = [(pad + ln) if ln else "" for ln in body.split("\n")]
    head = "|" + (str(indent) if body.startswith(" ") else "") + chomp
    return head + "\n" + "\n".join(lines) + "\n"


def _value_block(v, indent: int) -> str:
    """Text after 'key:' for an unknown key's value (generic, canonical)."""
    pad = " " * indent
    if isinstance(v, dict):
        if not v:
            return " {}\n"
        return "\n" + "".join(f"{pad}  {k}:{_value_block(x, indent + 2)}" for k, x in v.items())
    if isinstance(v, list):
        if not v:
            return " []\n"
        if all(not isinstance(x, (dict, list)) for x in v):
            return " [" + ", ".join(scalar(x, flow=True) for x in v) + "]\n"
        return "\n" + "".join(f"{pad}  -{_value_block(x, indent + 2)}" for x in v)
    if isinstance(v, str) and "\n" in v:
        return " " + _literal(v, indent + 2)
    return " " + scalar(v) + "\n"


def encode(deal: dict, pipeline_currency: str = "EUR") -> str:
    """Canonical bytes of a deal given as a dict (dates as datetime.date or str)."""
    out: list[str] = []

    def put_sub(key, d, order):
        if not d:
            return
        out.append(f"{key}:\n")
        keys = [k for k in order if k in d] + [k for k in d if k not in order]
        for k in keys:
            out.append(f"  {k}:{_value_block(d[k], 2)}")

    for key in TOP_KEYS:
        if key not in deal or deal[key] is None:
            continue
        v = deal[key]
        if key == "contact":
            put_sub("contact", v, CONTACT_KEYS)
        elif key == "bant":
            put_sub("bant", v, BANT_KEYS)
        elif key == "next":
            put_sub("next", v, NEXT_KEYS)
        elif key == "currency":
            if v != pipeline_currency:
                out.append(f"currency: {quote(v)}\n")
        elif key == "tags":
            if v:
                out.append("tags: [" + ", ".join(quote_flow(t) for t in v) + "]\n")
        elif key in ("history", "log"):
            if v:
                out.append(f"{key}:\n")
                order = HISTORY_KEYS if key == "history" else LOG_KEYS
                for e in v:
                    out.append("  - " + _flow_map(e, order) + "\n")
        elif key == "notes":
            out.append("notes: " + _literal(v, 2))
        elif key in ("value", "probability"):
            out.append(f"{key}: {number(v)}\n")
        else:
            out.append(f"{key}: {scalar(v)}\n")
    for key, v in deal.items():
        if key not in TOP_KEYS:
            out.append(f"{key}:{_value_block(v, 0)}")
    return "".join(out)
