"""Build the Word (and, with fpdf2, PDF) renditions of corpora/samples/*.txt.

The renditions are committed: they are the bundled drafts of the README and the
golden-tree fixtures for each language and format. Run again after editing a
sample: `python tools/make_sample_renditions.py`.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import docx

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpora" / "samples"
GROUPING = re.compile(r"^(PART|TÍTULO|CAPÍTULO|TITRE|Chapitre|CHAPTER|ARRANGEMENT)\b", re.I)
LABEL_ONLY = re.compile(r"^(Article \w+( bis)?|\d+\. [A-Z][^.]*)$")


def build_docx(txt: Path, out: Path) -> None:
    d = docx.Document()
    lines = [l.strip() for l in txt.read_text(encoding="utf-8").splitlines() if l.strip()]
    d.core_properties.title = lines[0]
    section = d.sections[0]
    section.header.paragraphs[0].text = f"DRAFT — {lines[0][:40]} — for consultation"
    section.footer.paragraphs[0].text = "Page 1 — Confidential draft"
    for i, line in enumerate(lines):
        if i == 0:
            d.add_heading(line, level=0)
        elif GROUPING.match(line):
            d.add_heading(line, level=1)
        elif LABEL_ONLY.match(line):
            d.add_heading(line, level=2)
        else:
            d.add_paragraph(line)
    d.save(out)


def build_pdf(txt: Path, out: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from pdfmaker import Para, build_pdf as make  # the test suite's PDF generator (fpdf2)
    lines = [l.strip() for l in txt.read_text(encoding="utf-8").splitlines() if l.strip()]
    items = []
    for i, line in enumerate(lines):
        kind = "title" if i == 0 else ("heading" if GROUPING.match(line) or LABEL_ONLY.match(line) else "body")
        items.append(Para(line, kind=kind, align="L"))
    make(out, items, header=f"{lines[0][:48]} — draft for consultation", footer="Page {n} of {total}")


def main() -> int:
    for txt in sorted(SAMPLES.glob("*.txt")):
        build_docx(txt, txt.with_suffix(".docx"))
        build_pdf(txt, txt.with_suffix(".pdf"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
