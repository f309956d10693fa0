"""Speed and memory of `lawreview parse` and `lawreview review` on a ~64-page draft.

Builds a 64-page draft as PDF (with running headers, hyphenation, a table and a
two-column annex) and as DOCX, then prints, in the same run:
  - pdfplumber's plain `extract_text` over every page (the reference),
  - pypdfium2's plain text extraction,
  - `lawreview parse` (PDF and DOCX) and `lawreview review` (PDF, end to end,
    process start included), with pages/s and the peak memory of the process.

Usage: python benchmarks/bench_review.py [--chapters N] [--repeat R]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from pdfmaker import Columns, Para, Table, build_pdf, law_items  # noqa: E402


def lawreview() -> list[str]:
    exe = Path(sys.executable).with_name("lawreview")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "lawreview.cli"]


def run_child(argv: list[str]) -> tuple[float, float]:
    """Wall time (s) and peak RSS (MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {proc.stderr.strip()}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def build_docx(items: list, path: Path) -> None:
    import docx
    d = docx.Document()
    for it in items:
        if isinstance(it, Para):
            text = it.text.replace("\u00ad", "").replace("~", "")
            if it.kind in ("title", "heading"):
                d.add_heading(text, level=1 if it.kind == "title" else 2)
            else:
                d.add_paragraph(text)
        elif isinstance(it, Table):
            t = d.add_table(rows=len(it.rows), cols=len(it.rows[0]))
            for r, row in enumerate(it.rows):
                for c, cell in enumerate(row):
                    t.cell(r, c).text = cell
        elif isinstance(it, Columns):
            for p in it.paras:
                d.add_paragraph(p.text.replace("\u00ad", "").replace("~", ""))
    d.save(path)


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chapters", type=int, default=42, help="size of the draft (42 ≈ 64 pages)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lang", default="en", choices=("en", "es"))
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="lawreview-bench-"))
    items = law_items(args.chapters, args.lang)
    pdf = tmp / "draft.pdf"
    built = build_pdf(pdf, items)
    docx_path = tmp / "draft.docx"
    build_docx(items, docx_path)
    pages = built.pages
    print(f"draft: {pages} pages, {len(built.words)} words ({args.lang}) in {tmp}")

    import pdfplumber
    import pypdfium2

    def plumber():
        with pdfplumber.open(pdf) as doc:
            for page in doc.pages:
                page.extract_text()
                page.close()

    def pdfium():
        doc = pypdfium2.PdfDocument(str(pdf))
        for page in doc:
            tp = page.get_textpage()
            tp.get_text_range()
            tp.close()
            page.close()
        doc.close()

    rows = []
    t = best(plumber, 1)
    rows.append(("pdfplumber extract_text (in-process)", t, None))
    rows.append(("pypdfium2 get_text_range (in-process)", best(pdfium, args.repeat), None))
    runs = {
        "lawreview parse draft.pdf (process)": [*lawreview(), "parse", str(pdf)],
        "lawreview parse draft.docx (process)": [*lawreview(), "parse", str(docx_path)],
        "lawreview review draft.pdf --format json (process)": [*lawreview(), "review", str(pdf), "--format", "json"],
        "lawreview review draft.docx --format json (process)": [*lawreview(), "review", str(docx_path), "--format", "json"],
    }
    run_child(runs["lawreview review draft.pdf --format json (process)"])  # warm the lemma cache and page cache
    for name, argv in runs.items():
        results = [run_child(argv) for _ in range(args.repeat)]
        rows.append((name, min(r[0] for r in results), max(r[1] for r in results)))
    width = max(len(r[0]) for r in rows)
    print(f"{'step'.ljust(width)}   seconds   pages/s   peak MB   × extract_text")
    for name, secs, mem in rows:
        print(f"{name.ljust(width)}   {secs:7.3f}   {pages / secs:7.1f}   {('%7.0f' % mem) if mem else '      —'}   {secs / t:6.2f}")
    review = rows[-2][1]
    print(f"\nreview of the PDF end to end = {review / t:.2f} × pdfplumber extract_text (target ≤ 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
