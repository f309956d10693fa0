"""Benchmark `lawreview batch`: 200 generated drafts, --jobs 1 against --jobs 2.

The drafts are the sample laws of corpora/samples (en, es, fr), their body
repeated and renumbered (durations varied, so no two drafts are alike) to
fill 5-20 pages, written as PDF, DOCX and TXT in turn. A page is a fixed
chunk of text: a page break in the PDF and the DOCX, a form feed in the TXT,
so every format has the same, known page count.

Each configuration runs in a fresh child process (interpreter start, worker
start-up and rulebook loading included, as a user waits for them), on a fresh
output folder. Peak worker memory is each worker process's ru_maxrss, as the
workers report it with their results.

On a shared machine, --repeat N runs the configurations N times, in turn,
and keeps each one's fastest run (the one least disturbed by other work).

    .venv/bin/python benchmarks/bench_batch.py [--docs 200] [--jobs 1,2] [--repeat N] [--keep DIR] [--format json]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

SAMPLES = {"en": "immigration_detention_bill_en.txt", "es": "ley_migraciones_es.txt", "fr": "projet_loi_asile_fr.txt"}
BODY_START = {"en": re.compile(r"^BE IT ENACTED"), "es": re.compile(r"DECRETA:$"), "fr": re.compile(r"^EXPOSÉ")}
ARTICLE = {
    "en": (re.compile(r"^\d+\. (?=[A-Z])"), "{n}. "),
    "es": (re.compile(r"^ARTÍCULO \d+°?(?: bis)?\.-"), "ARTÍCULO {n}.-"),
    "fr": (re.compile(r"^Article (?:premier|\d+)(?: bis)?$"), "Article {n}"),
}
DIVISION = {
    "en": (re.compile(r"^PART \d+ - "), "PART {n} - "),
    "es": (re.compile(r"^TÍTULO [IVXLC]+$"), "TÍTULO {r}"),
    "fr": (re.compile(r"^TITRE (?:IER|[IVXLC]+)$"), "TITRE {r}"),
}
NUMBERS = {
    "en": ["thirty", "forty-five", "sixty", "ninety", "fifteen", "twenty", "seven", "ten"],
    "es": ["treinta", "cuarenta y cinco", "sesenta", "noventa", "quince", "veinte", "siete", "diez"],
    "fr": ["trente", "quarante-cinq", "soixante", "quatre-vingt-dix", "quinze", "vingt", "sept", "dix"],
}
PAGE_LINES = 38            # printed lines per page: fits one A4 page of tests/pdfmaker's layout
LINE_CHARS = 80
FORMATS = ("pdf", "docx", "txt")


def roman(n: int) -> str:
    out = ""
    for v, s in ((40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out, n = out + s, n - v
    return out


def split_sample(lang: str) -> tuple[list[str], list[str]]:
    """(title and preamble paragraphs, body paragraphs): paragraphs are blank-line separated blocks."""
    blocks = [b.strip() for b in (ROOT / "corpora" / "samples" / SAMPLES[lang]).read_text(encoding="utf-8").split("\n\n")]
    blocks = [b for b in blocks if b]
    start = next(i for i, b in enumerate(blocks) if any(BODY_START[lang].search(x) for x in b.splitlines())) + 1
    return blocks[:start], blocks[start:]


def draft_paragraphs(lang: str, pages: int, rng: random.Random, serial: int) -> list[list[str]]:
    """The draft as pages of paragraphs (each paragraph a list of lines)."""
    head, body = split_sample(lang)
    head = [head[0] + f" (No. {serial})"] + head[1:]
    words = NUMBERS[lang]
    number_re = re.compile("|".join(sorted(map(re.escape, words), key=len, reverse=True)))
    art_re, art_fmt = ARTICLE[lang]
    div_re, div_fmt = DIVISION[lang]
    out_pages: list[list[str]] = []
    page: list[str] = []
    size = 0
    art = div = 0

    def add(par: str) -> None:
        nonlocal page, size
        lines = sum(-(-len(line) // LINE_CHARS) + 0.5 for line in par.splitlines())
        if size + lines > PAGE_LINES and page:
            out_pages.append(page)
            page, size = [], 0
        page.append(par)
        size += lines

    for par in head:
        add(par)
    while len(out_pages) < pages:
        for par in body:
            lines = []
            for line in par.splitlines():
                if art_re.match(line):
                    art += 1
                    line = art_re.sub(art_fmt.format(n=art), line, count=1)
                    if lang == "fr" and art == 1:
                        line = "Article premier"
                elif div_re.match(line):
                    div += 1
                    line = div_re.sub(div_fmt.format(n=div, r=roman(div)), line, count=1)
                line = number_re.sub(lambda m: rng.choice(words), line)
                lines.append(line)
            add("\n".join(lines))
            if len(out_pages) >= pages:
                break
    return out_pages[:pages]


def write_draft(path: pathlib.Path, fmt: str, pages: list[list[str]]) -> int:
    if fmt == "txt":
        path.write_text("\n\f".join("\n\n".join(p) for p in pages) + "\n", encoding="utf-8")
        return len(pages)
    if fmt == "docx":
        import docx
        doc = docx.Document()
        for i, page in enumerate(pages):
            if i:
                doc.add_page_break()
            for par in page:
                for line in par.splitlines():
                    doc.add_paragraph(line)
        doc.save(path)
        return len(pages)
    from pdfmaker import PageBreak, Para, build_pdf
    items: list = []
    for i, page in enumerate(pages):
        if i:
            items.append(PageBreak())
        for k, par in enumerate(page):
            for line in par.splitlines():
                items.append(Para(line, kind="title" if (i, k) == (0, 0) else "body", align="L"))
    return build_pdf(path, items).pages


def generate(folder: pathlib.Path, n: int, seed: int = 5) -> tuple[int, dict[str, int]]:
    rng = random.Random(seed)
    total = 0
    by_format = dict.fromkeys(FORMATS, 0)
    for i in range(n):
        fmt, lang = FORMATS[i % 3], ("en", "es", "fr")[(i // 3) % 3]
        target = rng.randint(5, 20)
        path = folder / lang / fmt / f"draft_{i:03d}.{fmt}"
        path.parent.mkdir(parents=True, exist_ok=True)
        pages = write_draft(path, fmt, draft_paragraphs(lang, target, rng, i))
        total += pages
        by_format[fmt] += pages
    return total, by_format


CHILD = """
import json, pathlib, resource, sys, time
t0 = time.perf_counter()
from lawreview.batch import BatchOptions, run_batch
report = run_batch(BatchOptions(root=pathlib.Path({root!r}), outdir=pathlib.Path({out!r}), jobs={jobs},
                                formats={formats!r}), stream=None)
wall = time.perf_counter() - t0
workers, cpu = {{}}, {{}}
for o in report.outcomes:
    if o.peak_rss_mb is not None:
        workers[o.worker] = max(workers.get(o.worker, 0.0), o.peak_rss_mb)
    if o.cpu_seconds is not None:
        cpu[o.worker] = max(cpu.get(o.worker, 0.0), o.cpu_seconds)
print(json.dumps({{"wall": wall, "reviewed": report.count("reviewed"), "failed": report.count("failed"),
                  "failures": [(o.rel, o.message) for o in report.outcomes if o.state == "failed"][:5],
                  "pages": sum(o.pages or 0 for o in report.outcomes if o.state == "reviewed"),
                  "worker_seconds": sum(o.seconds for o in report.outcomes),
                  "worker_cpu": sum(cpu.values()),
                  "workers": workers,
                  "main_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run(root: pathlib.Path, out: pathlib.Path, jobs: int, formats: tuple[str, ...]) -> dict:
    code = CHILD.format(root=str(root), out=str(out), jobs=jobs, formats=formats)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(ROOT))
    if proc.returncode:
        sys.exit(f"batch --jobs {jobs} failed:\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_wall"] = time.perf_counter() - t0
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--jobs", default="1,2", help="comma-separated worker counts to compare")
    ap.add_argument("--format", default="json", help="report formats, as for lawreview batch --format")
    ap.add_argument("--repeat", type=int, default=1, help="runs per configuration; the fastest is kept")
    ap.add_argument("--keep", type=pathlib.Path, help="generate the drafts here and keep them (and the outputs)")
    args = ap.parse_args()
    from lawreview.batch import parse_formats
    formats = parse_formats(args.format)
    with tempfile.TemporaryDirectory() as tmp:
        base = args.keep or pathlib.Path(tmp)
        drafts = base / "drafts"
        t0 = time.perf_counter()
        pages, by_format = generate(drafts, args.docs)
        print(f"generated {args.docs} drafts ({pages} pages: "
              + ", ".join(f"{f} {p}" for f, p in by_format.items())
              + f"; en/es/fr) in {time.perf_counter() - t0:.1f} s")
        print(f"{'jobs':>4} {'wall s':>7} {'docs/s':>7} {'pages/s':>8} {'in review s':>11} {'worker CPU s':>12} "
              f"{'peak worker MB':>15} {'main MB':>8} {'failed':>6}")
        results: dict[int, dict] = {}
        peaks: list[float] = []          # every worker of every run
        for attempt in range(args.repeat):
            for jobs in [int(j) for j in args.jobs.split(",")]:
                out = base / f"out-jobs{jobs}-{attempt}"
                r = run(drafts, out, jobs, formats)
                peaks += r["workers"].values()
                if jobs not in results or r["wall"] < results[jobs]["wall"]:
                    results[jobs] = r
                if not args.keep:
                    shutil.rmtree(out)
        for jobs, r in results.items():
            peak = max(r["workers"].values()) if r["workers"] else float("nan")
            print(f"{jobs:>4} {r['wall']:7.2f} {args.docs / r['wall']:7.2f} {pages / r['wall']:8.1f} "
                  f"{r['worker_seconds']:11.1f} {r['worker_cpu']:12.1f} {peak:15.0f} {r['main_rss_mb']:8.0f} {r['failed']:>6}")
            for rel, msg in r["failures"]:
                print(f"     failed: {rel}: {msg}")
        if 1 in results and 2 in results:
            ratio = results[2]["wall"] / results[1]["wall"]
            print(f"--jobs 2 took {ratio:.2f}x the time of --jobs 1 (target <= 0.60)")
        print(f"peak worker memory {max(peaks):.0f} MB over {len(peaks)} worker processes (target < 400 MB)")
        if any(r["worker_seconds"] > 1.15 * r["worker_cpu"] for r in results.values()):
            print("note: workers spent much longer in reviews ('in review s') than on the CPU ('worker CPU s'): "
                  "other work was competing for the cores; the figures understate the speed")


if __name__ == "__main__":
    main()
