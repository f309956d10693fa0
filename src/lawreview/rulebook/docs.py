"""`lawreview rules list` and `rules show RULE_ID`: rule docs in the manner of Ruff's
(what it checks, why, sources, examples, fix)."""

from __future__ import annotations

import textwrap

from ..errors import LawreviewError
from .loader import load_rulebook


def rules_table() -> str:
    rb = load_rulebook()
    width = max(len(r.id) for r in rb.rules)
    lines = [f"{'rule'.ljust(width)}  severity  theme        title"]
    for r in sorted(rb.rules, key=lambda r: (r.theme, r.id)):
        lines.append(f"{r.id.ljust(width)}  {r.severity:<8}  {r.theme:<11}  {r.title.en}")
    lines.append(f"\n{len(rb.rules)} rules · rulebook {rb.version} · `lawreview rules show RULE_ID` explains one")
    return "\n".join(lines)


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(text.split()), width=88, initial_indent=indent, subsequent_indent=indent)


def rule_doc(rule_id: str, lang: str = "en") -> str:
    rb = load_rulebook()
    try:
        rule = rb.rule(rule_id)
    except KeyError:
        import difflib
        close = difflib.get_close_matches(rule_id, [r.id for r in rb.rules], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else " (see `lawreview rules list`)"
        raise LawreviewError(f"unknown rule {rule_id!r}{hint}") from None
    out = [f"{rule.id} — {rule.title.get(lang)}", f"severity: {rule.severity} · theme: {rule.theme} · type: {rule.type}", ""]
    out += ["What it checks", _wrap(rule.standard.get(lang)), ""]
    out += ["Why it matters", _wrap(rule.why.get(lang)), ""]
    if rule.safeguards:
        out.append("A compliant law contains")
        out += [f"  - {s.label.get(lang)}{'' if s.required else ' (counts when present)'}" for s in rule.safeguards]
        out.append("")
    if rule.red_flags:
        out.append("Red flags (conflict)")
        out += [f"  - {f.label.get(lang)}" for f in rule.red_flags]
        out.append("")
    out.append("Sources")
    for c in rule.citations:
        inst = rb.instruments.get(c.instrument)
        title = inst.title_in(lang) if inst is not None else c.instrument
        kind = getattr(inst, "kind", "?")
        out.append(f"  - {c.instrument} {c.provision} — {title} [{kind}]")
    out += ["", "Examples"]
    for ex in rule.examples:
        if ex.lang == lang or lang == "all":
            out.append(_wrap(f"[{ex.expect}] {ex.text}", "  - ").replace("  - ", "  - ", 1))
    out += ["", "Fix", _wrap(rule.recommendation.get(lang))]
    return "\n".join(out)
