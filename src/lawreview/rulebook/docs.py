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


def _wrap(text: str, indent: str = "  ", first: str | None = None) -> str:
    """One paragraph or bullet: `first` opens it ("  - " for a bullet), later lines are indented
    to line up under its text, so a wrapped bullet stays one bullet."""
    return textwrap.fill(" ".join(text.split()), width=88, initial_indent=first or indent,
                         subsequent_indent=indent)


def rule_doc(rule_id: str, lang: str = "en") -> str:
    """The rule explained in `lang`: headings and labels from report_templates/i18n, the rule's
    own texts in `lang` (English only where the rulebook has no translation), examples in `lang`."""
    from ..report.common import translations
    rb = load_rulebook()
    try:
        rule = rb.rule(rule_id)
    except KeyError:
        import difflib
        close = difflib.get_close_matches(rule_id, [r.id for r in rb.rules], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else " (see `lawreview rules list`)"
        raise LawreviewError(f"unknown rule {rule_id!r}{hint}") from None
    t = translations(lang)
    d = t["rules_doc"]
    severity = t["severities"].get(rule.severity, rule.severity).lower()
    theme = t["themes"].get(rule.theme, rule.theme)
    out = [f"{rule.id} — {rule.title.get(lang)}",
           f"{d['severity']}: {severity} · {d['theme']}: {theme} · {d['type']}: {d['types'].get(rule.type, rule.type)}", ""]
    out += [d["checks"], _wrap(rule.standard.get(lang)), ""]
    out += [d["why"], _wrap(rule.why.get(lang)), ""]
    if rule.safeguards:
        out.append(d["contains"])
        out += [_wrap(f"{s.label.get(lang)}{'' if s.required else ' ' + d['counts_when_present']}", "    ", "  - ")
                for s in rule.safeguards]
        out.append("")
    if rule.red_flags:
        out.append(d["red_flags"])
        out += [_wrap(f.label.get(lang), "    ", "  - ") for f in rule.red_flags]
        out.append("")
    out.append(d["sources"])
    for c in rule.citations:
        inst = rb.instruments.get(c.instrument)
        title = inst.title_in(lang) if inst is not None else c.instrument
        kind = t["kinds"].get(getattr(inst, "kind", None), t["kinds"]["unknown"])
        out.append(_wrap(f"{c.instrument} {c.provision} — {title} [{kind}]", "    ", "  - "))
    out += ["", d["examples"]]
    examples = [ex for ex in rule.examples if ex.lang == lang or lang == "all"]
    for ex in examples:
        out.append(_wrap(f"[{t['statuses'].get(ex.expect, ex.expect)}] {ex.text}", "    ", "  - "))
    if not examples:
        out.append(f"  {d['no_examples']}")
    out += ["", d["fix"], _wrap(rule.recommendation.get(lang))]
    return "\n".join(out)
