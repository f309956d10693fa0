"""Benchmark PDF ingest against plain text extraction on a ~64-page draft.

Each reader runs in its own child process, so the wall time includes process
start and imports (what a user waits for) and ru_maxrss is that reader's alone.
A second child per reader measures the Python heap peak with tracemalloc
(slower, so its time is not reported).

    .venv/bin/python benchmarks/bench_pdf_ingest.py [--pages 64] [--lang en|es] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import pathlib
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "src"))

READERS = {
    "lawreview read_pdf": """
from lawreview.ingest.pdf import read_pdf
blocks, pages = read_pdf(pathlib.Path(PATH))
result = {"pages": pages, "chars": sum(len(b.text) for b in blocks), "blocks": len(blocks)}
""",
    "pdfplumber extract_text": """
import pdfplumber
chars = 0
with pdfplumber.open(PATH) as pdf:
    pages = len(pdf.pages)
    for page in pdf.pages:
        chars += len(page.extract_text() or "")
        page.close()
result = {"pages": pages, "chars": chars}
""",
    "pypdfium2 get_text_range": """
import pypdfium2 as pdfium
doc = pdfium.PdfDocument(PATH)
chars = 0
pages = len(doc)
for i in range(pages):
    page = doc[i]
    tp = page.get_textpage()
    chars += len(tp.get_text_range())
    tp.close()
    page.close()
doc.close()
result = {"pages": pages, "chars": chars}
""",
}

CHILD = """
import json, pathlib, resource, sys, time
sys.path.insert(0, {src!r})
PATH = {path!r}
TRACE = {trace!r}
if TRACE:
    import tracemalloc
    tracemalloc.start()
t0 = time.perf_counter()
{body}
elapsed = time.perf_counter() - t0
result["seconds"] = elapsed
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork+exec
with open("/proc/self/status") as fh:
    hwm = [l for l in fh if l.startswith("VmHWM:")]
result["maxrss_mb"] = (int(hwm[0].split()[1]) if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024
if TRACE:
    result["py_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
print(json.dumps(result))
"""


def build(path: pathlib.Path, target_pages: int, lang: str) -> int:
    from pdfmaker import build_pdf, law_items

    chapters, pages = 4, build_pdf(path, law_items(4, lang)).pages
    for _ in range(3):      # page count is roughly linear in chapters
        chapters = max(1, round(chapters * target_pages / pages))
        pages = build_pdf(path, law_items(chapters, lang)).pages
        if abs(pages - target_pages) <= 2:
            break
    return pages


def run(name: str, path: pathlib.Path, trace: bool) -> dict:
    code = CHILD.format(src=str(ROOT / "src"), path=str(path), trace=trace, body=READERS[name])
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    wall = time.perf_counter() - t0
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=64)
    ap.add_argument("--lang", choices=["en", "es"], default="en")
    ap.add_argument("--keep", type=pathlib.Path, help="write the PDF here instead of a temp folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or pathlib.Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"draft_{args.pages}p_{args.lang}.pdf"
        pages = build(path, args.pages, args.lang)
        print(f"{path.name}: {pages} pages, {path.stat().st_size // 1024} KiB")
        print(f"{'reader':26} {'wall s':>7} {'read s':>7} {'pages/s':>8} {'maxrss MB':>10} {'py peak MB':>11} {'chars':>8}")
        rows = {}
        for name in READERS:
            timed = run(name, path, trace=False)
            traced = run(name, path, trace=True)
            rows[name] = timed
            print(f"{name:26} {timed['wall']:7.2f} {timed['seconds']:7.3f} {pages / timed['seconds']:8.0f} "
                  f"{timed['maxrss_mb']:10.1f} {traced['py_peak_mb']:11.1f} {timed['chars']:8d}")
        ours, plumber = rows["lawreview read_pdf"], rows["pdfplumber extract_text"]
        print(f"read_pdf wall time is {ours['wall'] / plumber['wall']:.0%} of pdfplumber extract_text "
              f"({ours['seconds'] / plumber['seconds']:.0%} excluding process start)")


if __name__ == "__main__":
    main()
