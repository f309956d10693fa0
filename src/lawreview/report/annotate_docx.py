"""`lawreview annotate`: the original Word draft with a margin comment on each flagged provision.

The draft's text and formatting are left as they are: only comment anchors
(w:commentRangeStart/End and a reference run) and the comments part are
added. Provisions are found by their own text, because python-docx's
paragraph text lacks Word's automatic numbering, which ingest renders into the
provision labels (see ingest/docx.py): the body text is what both agree on.
"""

from __future__ import annotations

import io
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..errors import InputError, LawreviewError
from .common import FLAGGED, FindingView, build_view

AUTHOR = "lawreview"
INITIALS = "LR"
_SKIP_ANCESTORS = {qn("w:del"), qn("w:moveFrom")}


def signature(text: str) -> str:
    """Letters and digits only, case-folded: immune to quotes, spaces, tabs and breaks."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def _visible_runs(p) -> list:
    """w:r elements of a paragraph that show text (not deleted, not hidden)."""
    out = []
    for r in p.iter(qn("w:r")):
        node, skip = r.getparent(), False
        while node is not None and node is not p:
            if node.tag in _SKIP_ANCESTORS:
                skip = True
                break
            node = node.getparent()
        if skip:
            continue
        vanish = r.find(f"{qn('w:rPr')}/{qn('w:vanish')}")
        if vanish is not None and vanish.get(qn("w:val"), "true").lower() not in ("0", "false", "off"):
            continue
        if r.find(qn("w:t")) is not None:
            out.append(r)
    return out


@dataclass
class _Para:
    element: Any
    runs: list
    sig: str


def _paragraphs(document) -> list[_Para]:
    out = []
    for p in document.element.body.iter(qn("w:p")):
        runs = _visible_runs(p)
        text = "".join(t.text or "" for r in runs for t in r.iter(qn("w:t")))
        out.append(_Para(p, runs, signature(text)))
    return out


def _line_matches(line: str, paras: list[_Para], i: int) -> int | None:
    """Index of the last paragraph that line `line` covers when it starts in paragraph i."""
    ps = paras[i].sig
    if not ps or not line:
        return None
    if ps == line or (ps.endswith(line) and len(line) >= 8) or (len(line) >= 20 and line in ps):
        return i
    if len(ps) >= 8 and line.startswith(ps):       # one provision line over several paragraphs
        rest, j = line[len(ps):], i
        while rest and j + 1 < len(paras):
            j += 1
            nxt = paras[j].sig
            if not nxt:
                continue
            if rest.startswith(nxt):
                rest = rest[len(nxt):]
            elif nxt.startswith(rest):
                rest = ""
            else:
                return None
        return j if not rest else None
    return None


def _locate(lines: list[str], paras: list[_Para], start: int) -> tuple[int, int] | None:
    """First paragraph span at or after `start` holding the lines in order."""
    for i in range(start, len(paras)):
        last = _line_matches(lines[0], paras, i)
        if last is None:
            continue
        for line in lines[1:]:
            for k in range(last, min(last + 8, len(paras))):
                end = _line_matches(line, paras, k)
                if end is not None:
                    last = end
                    break
        return i, last
    return None


def provision_spans(document, review: Any) -> dict[str, tuple[int, int]]:
    """eid -> (first, last) paragraph index, walking the provision tree and the
    paragraphs together so that repeated wording lands on the right occurrence."""
    paras = _paragraphs(document)
    spans: dict[str, tuple[int, int]] = {}
    cursor = 0
    for prov in review.document.walk():
        lines = [s for s in (signature(x) for x in (prov.text or "").split("\n")) if s]
        if not lines:
            continue
        hit = _locate(lines, paras, cursor) or _locate(lines, paras, 0)
        if hit is not None:
            spans[prov.eid] = hit
            cursor = hit[0]
    return spans


def _comment_body(findings: list[FindingView], t: dict[str, Any]) -> list[tuple[str, str]]:
    """(bold head, body) paragraphs: per finding the title and status, the reason, key citations."""
    out = []
    for f in findings:
        out.append((f"[{f.status_label}] {f.title}", ""))
        out.append(("", f.summary))
        cites = "; ".join(f"{c.instrument} {c.provision} ({c.kind_label}"
                          + (f"; {c.state_status}" if c.state_status else "") + ")" for c in f.key_citations)
        if cites:
            out.append(("", f"{t['comment']['citations']} {cites}"))
    return out


@dataclass
class Placed:
    eid: str
    comment_id: int
    first: int          # paragraph indexes in the body (document order, tables included)
    last: int


def annotate_docx(path: str | Path, review: Any, lang: str | None = None) -> tuple[bytes, list[Placed], list[str]]:
    """The annotated copy (bytes), where each comment went, and the labels that could not be placed."""
    view = build_view(review, lang)
    document = docx.Document(str(path))
    paras = _paragraphs(document)
    spans = provision_spans(document, review)
    order = {p.eid: i for i, p in enumerate(review.document.walk())}
    flagged: dict[str, list[FindingView]] = {}
    labels: dict[str, str] = {}
    quotes: dict[str, list[str]] = {}
    for f in view.findings:
        if f.status not in FLAGGED:
            continue
        for q in f.evidence:
            lst = flagged.setdefault(q.eid, [])
            if f not in lst:
                lst.append(f)
            labels.setdefault(q.eid, q.label)
            quotes.setdefault(q.eid, []).append(q.quote)
    placed, missed = [], []
    for eid in sorted(flagged, key=lambda e: order.get(e, 1 << 30)):
        span = spans.get(eid)
        if span is None:   # the provision's text was not found whole: anchor on the quoted sentence
            span = next((s for q in quotes[eid] for s in [_locate([signature(q)], paras, 0)] if s), None)
        if span is None or not paras[span[0]].runs or not paras[span[1]].runs:
            missed.append(labels[eid])
            continue
        first_p, last_p = paras[span[0]], paras[span[1]]
        first = Run(first_p.runs[0], Paragraph(first_p.element, document._body))
        last = Run(last_p.runs[-1], Paragraph(last_p.element, document._body))
        body = _comment_body(flagged[eid], view.t)
        comment = document.add_comment([first, last], text="", author=AUTHOR, initials=INITIALS)
        for n, (head, text) in enumerate(body):
            para = comment.paragraphs[0] if n == 0 else comment.add_paragraph()
            if head:
                para.add_run(head).bold = True
            if text:
                para.add_run(text)
        placed.append(Placed(eid, comment.comment_id, *span))
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue(), placed, missed


def cmd_annotate(args) -> int:
    """CLI: refuse anything but a .docx draft, review it, write the commented copy."""
    from ..output import check_output, write_output
    from ..pipeline import review_file
    path = Path(args.path)
    if not path.exists():
        raise InputError(f"{path.name}: file not found")
    if path.suffix.lower() != ".docx":
        raise InputError(f"only Word (.docx) drafts can be annotated; for {path.name} write the review memo "
                         f"instead: lawreview review {args.path} --format docx -o memo.docx")
    target = check_output(args.output, [path])
    if target.is_stdout and sys.stdout.isatty():
        raise LawreviewError("-o - would send a Word file to the terminal; give a file name or redirect")
    review = review_file(path, lang=args.lang, country=args.country)
    data, placed, missed = annotate_docx(path, review, args.lang)
    write_output(target, data)
    note = f"lawreview: {len(placed)} comment(s) written to {target.path or 'standard output'}"
    if missed:
        note += f"; could not place {', '.join(missed)} (see the memo: lawreview review {args.path} --format docx -o memo.docx)"
    print(note, file=sys.stderr)
    return 0
