"""The corpus-level outputs of `lawreview batch`: errors.csv, summary.csv, summary.html.

All three are built in memory and written atomically, so a reader never
meets half a table. No CSV cell starts a formula (see `neutralise`). summary.html orders the standards by how often they are
in conflict across the corpus, so the worst one is the first column.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from ..output import atomic_write
from .run import BatchOptions, BatchReport
from .tasks import Outcome

if TYPE_CHECKING:
    from ..rulebook.loader import Rulebook

# worst first; the order of the heat-map legend and of the totals rows
STATUSES = ("conflict", "gap", "partial", "compliant", "not_applicable")
LABELS = {"conflict": "conflict", "gap": "gap", "partial": "partial", "compliant": "compliant",
          "not_applicable": "not applicable"}
SHORT = {"conflict": "C", "gap": "G", "partial": "P", "compliant": "✓", "not_applicable": "–"}
LINK_PREFERENCE = ("html", "md", "docx", "json")  # which report a document links to


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")   # what a spreadsheet may run as a formula


def neutralise(cell):
    """OWASP's rule against CSV injection: a text cell a spreadsheet would read as a
    formula (a draft named '=1+2.txt', '@SUM(1+1).txt') gets a leading single quote."""
    if isinstance(cell, str) and cell.startswith(FORMULA_PREFIXES):
        return "'" + cell
    return cell


def _csv(rows: list[list]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([[neutralise(c) for c in row] for row in rows])
    return buf.getvalue()


def write_errors_csv(path: Path, failed: list[Outcome]) -> None:
    """path, error class, one-line message; the header alone when nothing failed."""
    atomic_write(path, _csv([["path", "error_class", "message"]] + [[o.rel, o.error, o.message] for o in failed]))


def rule_columns(rows: list[Outcome], rulebook: Rulebook) -> list[str]:
    """The rulebook's rule ids, then any id a row has that the rulebook no longer does."""
    ids = [r.id for r in rulebook.rules]
    seen = set(ids)
    for o in rows:
        for rid in o.statuses:
            if rid not in seen:
                seen.add(rid)
                ids.append(rid)
    return ids


def write_summary_csv(path: Path, rows: list[Outcome], rulebook: Rulebook) -> None:
    """One row per document: path, language, articles, then one status column per rule id."""
    ids = rule_columns(rows, rulebook)
    table = [["path", "language", "articles", *ids]]
    table += [[o.rel, o.language or "", "" if o.articles is None else o.articles,
               *(o.statuses.get(rid, "") for rid in ids)] for o in rows]
    atomic_write(path, _csv(table))


def summary_view(rows: list[Outcome], rulebook: Rulebook, report: BatchReport, opts: BatchOptions) -> dict:
    """Everything the template prints, computed here so the template stays a layout."""
    lang = opts.lang or "en"
    ids = rule_columns(rows, rulebook)
    totals = {rid: Counter(o.statuses.get(rid) for o in rows) for rid in ids}
    order = sorted(ids, key=lambda rid: tuple(-totals[rid][s] for s in STATUSES[:3]) + (rid,))
    link_fmt = next(f for f in LINK_PREFERENCE if f in opts.formats)

    def title(rid: str) -> str:
        try:
            return rulebook.rule(rid).title.get(lang)
        except KeyError:
            return rid

    n = len(rows)
    rules = [{"id": rid, "title": title(rid),
              "totals": [{"status": s, "label": LABELS[s], "n": totals[rid][s]} for s in STATUSES],
              "conflicts": totals[rid]["conflict"],
              "conflict_pct": round(100 * totals[rid]["conflict"] / n) if n else 0} for rid in order]
    documents = [{"path": o.rel, "href": quote(f"{o.rel}.{link_fmt}"), "language": o.language or "",
                  "articles": "" if o.articles is None else o.articles,
                  "conflicts": sum(1 for s in o.statuses.values() if s == "conflict"),
                  "cells": [_cell(o.statuses.get(rid)) for rid in order]} for o in rows]
    worst = rules[0] if rules and rules[0]["conflicts"] else None
    failed = [o for o in report.outcomes if o.state == "failed"]
    return {
        "title": f"lawreview batch summary — {opts.root.name or opts.root}",
        "root": str(opts.root), "rulebook": rulebook.version, "documents": documents, "rules": rules,
        "worst": worst, "n_docs": n, "link_fmt": link_fmt,
        "legend": [{"status": s, "label": LABELS[s], "short": SHORT[s]} for s in STATUSES],
        "failed": [{"path": o.rel, "error": o.error, "message": o.message} for o in sorted(failed, key=lambda o: o.rel)],
        "interrupted": bool(report.interrupted), "pending": report.pending,
    }


def _cell(status: str | None) -> dict:
    if status not in LABELS:
        return {"status": "none", "label": status or "no finding", "short": ""}
    return {"status": status, "label": LABELS[status], "short": SHORT[status]}


def write_summary_html(path: Path, rows: list[Outcome], rulebook: Rulebook, report: BatchReport,
                       opts: BatchOptions) -> None:
    from ..report.common import environment
    html = environment(autoescape=True).get_template("batch_summary.html.j2").render(
        v=summary_view(rows, rulebook, report, opts))
    atomic_write(path, html)

