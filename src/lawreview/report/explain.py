"""`lawreview explain DRAFT [RULE]`: the trace behind a status, as plain text.

Reads a finding's `trace` from the review JSON (a draft is reviewed first; a
stored review is read as it is), so a specialist sees which safeguards and red
flags were found where, which were neutralised or undermined, and which
required safeguards are missing.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import LawreviewError


def _review_dict(path: str, lang: str | None) -> dict:
    if path.endswith(".json"):
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise LawreviewError(f"cannot read review {path}: {exc}") from None
        if data.get("schema") != "lawreview.review/1":
            raise LawreviewError(f"{path} is not a lawreview review (schema lawreview.review/1)")
        return data
    from ..pipeline import review_file
    return review_file(path, lang=lang).as_dict()


def _places(entries: list[dict], indent: str = "      ") -> list[str]:
    return [f"{indent}{e['label']}: «{e['quote']}»" for e in entries]


def explain_finding(f: dict) -> str:
    t = f.get("trace") or {}
    lines = [f"{f['rule']}: {f['status']} (confidence {f.get('confidence', '?')})", f"  {f.get('summary', '')}"]
    subject = t.get("subject") or []
    lines.append("  subject: " + ("found" if subject else "not found"))
    lines += _places(subject, "    ")
    for sg in t.get("safeguards", []):
        state = ("undermined" if sg.get("undermined_by") else "delegated to regulations" if sg.get("delegated")
                 else "found" if sg.get("found") else "MISSING" if sg.get("required") else "absent (optional)")
        lines.append(f"  safeguard {sg['id']}{'' if sg.get('required') else ' (optional)'}: {state}")
        lines += _places(sg.get("found", []))
        if sg.get("undermined_by"):
            lines.append("    undermined by:")
            lines += _places(sg["undermined_by"])
    for rf in t.get("red_flags", []):
        if rf.get("in_force") or rf.get("neutralised"):
            lines.append(f"  red flag {rf['id']}: {'IN FORCE' if rf.get('in_force') else 'neutralised'}")
            lines += _places(rf.get("in_force", []))
            if rf.get("neutralised"):
                lines.append("    neutralised (a safeguard answers it in the same or a tied article):")
                lines += _places(rf["neutralised"])
        else:
            lines.append(f"  red flag {rf['id']}: not found")
    for note in t.get("notes", []):
        lines.append(f"  note: {note}")
    return "\n".join(lines)


def cmd_explain(args) -> int:
    review = _review_dict(args.path, args.lang)
    findings = review.get("findings", [])
    if args.rule_id:
        findings = [f for f in findings if f.get("rule") == args.rule_id]
        if not findings:
            known = ", ".join(f.get("rule", "") for f in review.get("findings", [])[:5])
            raise LawreviewError(f"no rule {args.rule_id!r} in this review (rules look like: {known}, …)")
    print("\n\n".join(explain_finding(f) for f in findings))
    return 0
