"""Status and evidence accuracy of the engine on every labelled set, tuning and held-out.

Prints, per set and then per language and per format, the share of labelled
findings whose status is acceptable and whose evidence cites an expected
article (the same rules as ../shared/tools/score_review.py, run in-process so
that the whole run takes seconds).

Sets (see benchmarks/ACCURACY.md for which are tuning and which held-out):
  gold      corpora/gold                          tuning   (drafts + 6 real laws)
  dev       ../shared/dev-corpus                  tuning   (TXT, DOCX, PDF)
  real2     ../shared/corpora/real2               tuning since 2026-12-04 (blind-first recorded)
  real      corpora/labels/real  -> ../shared/corpora/real   tuning (labelled 2026-12-04)
  real3t    corpora/labels/real3 -> ../shared/corpora/real3  tuning since 2026-12-04 (5 laws, after blind-first)
  real3     corpora/heldout/real3 -> ../shared/corpora/real3 held-out (the other 5 laws)

A set whose documents are missing (no ../shared beside the checkout) is skipped.

Held-out sets are scored only with --heldout (or --set real3), and their misses
are never printed: a held-out law whose misses someone has read is no longer held out.

Usage: python benchmarks/accuracy.py [--set NAME ...] [--heldout] [--verbose] [--only DOC]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))

from lawreview.errors import LawreviewError  # noqa: E402
from lawreview.pipeline import review_document  # noqa: E402
from lawreview.rulebook.loader import load_rulebook  # noqa: E402
from lawreview.structure import parse_file  # noqa: E402

FLAGGED = {"conflict", "gap", "partial"}
# name: (labels folder, documents folder, formats, role)
SETS = {
    "gold": (ROOT / "corpora/gold", ROOT / "corpora/gold", ("txt", "md"), "tuning"),
    "dev": (SHARED / "dev-corpus", SHARED / "dev-corpus", ("txt", "docx", "pdf"), "tuning"),
    "real2": (SHARED / "corpora/real2", SHARED / "corpora/real2", ("md",), "tuning"),
    "real": (ROOT / "corpora/labels/real", SHARED / "corpora/real", ("md",), "tuning"),
    "real3t": (ROOT / "corpora/labels/real3", SHARED / "corpora/real3", ("md",), "tuning"),
    "real3": (ROOT / "corpora/heldout/real3", SHARED / "corpora/real3", ("md",), "held-out"),
}


def norm_article(value) -> str:
    import re
    text = str(value or "").strip().lower()
    words = {"premier": "1", "première": "1", "primero": "1", "primera": "1", "first": "1", "único": "1", "unique": "1"}
    if text in words:
        return words[text]
    return re.sub(r"[\s.\-–—°º]", "", text)


CONFUSION: dict[tuple[str, str], int] = defaultdict(int)   # (labelled first status, given status) -> misses


class Tally:
    def __init__(self):
        self.st = self.st_all = self.ev = self.ev_all = self.docs = self.docs_ok = 0
        self.compliant_wrong = 0   # "compliant" where every acceptable status is flagged

    def add(self, other: "Tally"):
        for k in vars(self):
            setattr(self, k, getattr(self, k) + getattr(other, k))

    def line(self) -> str:
        return (f"status {self.st}/{self.st_all} = {self.st / max(self.st_all, 1):.3f}   "
                f"evidence {self.ev}/{self.ev_all} = {self.ev / max(self.ev_all, 1):.3f}   "
                f"documents {self.docs_ok}/{self.docs}   wrong-compliant {self.compliant_wrong}")


def score_case(review: dict, case: dict, name: str, verbose: bool) -> Tally:
    t = Tally()
    t.docs = 1
    doc = review["document"]
    problems = []
    if case.get("language") and doc.get("language") != case["language"]:
        problems.append(f"language {doc.get('language')!r} != {case['language']!r}")
    if case.get("min_articles") and int(doc.get("articles") or 0) < case["min_articles"]:
        problems.append(f"articles {doc.get('articles')} < {case['min_articles']}")
    t.docs_ok = 0 if problems else 1
    if problems and verbose:
        print(f"  MISS {name}: document {'; '.join(problems)}")
    findings = {f["rule"]: f for f in review["findings"]}
    for rule, (statuses, articles) in case["expect"].items():
        f = findings.get(rule)
        status = f["status"] if f else None
        want = set()
        for s in statuses:
            want |= FLAGGED if s == "flagged" else {s}
        t.st_all += 1
        ok = status in want
        t.st += ok
        if status == "compliant" and want <= FLAGGED:
            t.compliant_wrong += 1
        if not ok:
            CONFUSION[(statuses[0], status or "none")] += 1
        if not ok and verbose:
            print(f"  MISS {name}: {rule} status {status!r}, want {sorted(want)}")
        if articles:
            t.ev_all += 1
            cited = {norm_article(e.get("article")) for e in (f or {}).get("evidence", [])}
            if ok and cited & {norm_article(a) for a in articles}:
                t.ev += 1
            elif ok and verbose:
                print(f"  MISS {name}: {rule} evidence cites {sorted(cited)}, want one of {articles}")
    return t


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", choices=sorted(SETS), help="sets to score (default: all)")
    ap.add_argument("--verbose", "-v", action="store_true", help="print every miss")
    ap.add_argument("--only", help="score only documents whose name contains this")
    ap.add_argument("--confusion", action="store_true",
                    help="print the misses as counts of (labelled status -> given status), no document named")
    ap.add_argument("--heldout", action="store_true",
                    help="also score the held-out sets (never with --verbose: their misses stay unread)")
    args = ap.parse_args()
    rulebook = load_rulebook()
    by_role: dict[str, Tally] = defaultdict(Tally)
    started = time.perf_counter()
    names = args.set or [n for n, spec in SETS.items() if spec[3] == "tuning" or args.heldout]
    for set_name in names:
        labels, docs, formats, role = SETS[set_name]
        verbose = args.verbose and role == "tuning"
        exp_file = labels / "expected.json"
        if not exp_file.exists() or not docs.exists():
            print(f"{set_name}: skipped ({exp_file if not exp_file.exists() else docs} missing)")
            continue
        expected = json.loads(exp_file.read_text(encoding="utf-8"))
        per_lang: dict[str, Tally] = defaultdict(Tally)
        per_fmt: dict[str, Tally] = defaultdict(Tally)
        total = Tally()
        for name, case in expected.items():
            if name.startswith("_") or (args.only and args.only not in name):
                continue
            for fmt in formats:
                path = docs / f"{name}.{fmt}"
                if not path.exists():
                    continue
                try:
                    review = review_document(parse_file(path), rulebook=rulebook).as_dict()
                except LawreviewError as exc:
                    print(f"  MISS {path.name}: no review ({exc})")
                    t = Tally()
                    t.docs, t.st_all = 1, len(case["expect"])
                    t.ev_all = sum(1 for _, (_, a) in case["expect"].items() if a)
                else:
                    t = score_case(review, case, path.name, verbose)
                per_lang[case.get("language", "?")].add(t)
                per_fmt[fmt].add(t)
                total.add(t)
        by_role[role].add(total)
        print(f"{set_name} ({role}): {total.line()}")
        for lang, t in sorted(per_lang.items()):
            print(f"    {lang}: {t.line()}")
        if len(per_fmt) > 1:
            for fmt, t in sorted(per_fmt.items()):
                print(f"    .{fmt}: {t.line()}")
    for role, t in by_role.items():
        print(f"ALL {role}: {t.line()}")
    if args.confusion:
        print("misses by labelled status -> given status:")
        for (want, got), n in sorted(CONFUSION.items(), key=lambda kv: -kv[1]):
            print(f"  {want:>15} -> {got:<15} {n}")
    print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
