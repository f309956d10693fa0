"""`lawreview annotate`: the Word draft, unchanged, with one comment per flagged provision."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from docxmaker import add_abstract_num, add_num, number, numbered_style
from lawreview.assess.engine import Evidence, Finding
from lawreview.cli import main
from lawreview.pipeline import Review, review_file
from lawreview.report.annotate_docx import annotate_docx
from lawreview.rulebook.loader import load_rulebook
from test_reports import RULES

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "dev-corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/dev-corpus")
FLAGGED = ("conflict", "gap", "partial")


def sig(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalnum())


def _body(path: Path):
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"), etree.XMLParser(remove_blank_text=True))
    return root.find(f"{{{W}}}body")


def para_texts(path: Path) -> list[str]:
    return ["".join(t.text or "" for t in p.iter(f"{{{W}}}t", f"{{{W}}}delText", f"{{{W}}}instrText"))
            for p in _body(path).iter(f"{{{W}}}p")]


def without_comments(body):
    for el in list(body.iter(f"{{{W}}}commentRangeStart", f"{{{W}}}commentRangeEnd")):
        el.getparent().remove(el)
    for ref in list(body.iter(f"{{{W}}}commentReference")):
        run = ref.getparent()
        run.getparent().remove(run)
    return etree.tostring(body, method="c14n", exclusive=True)


def comment_ranges(path: Path) -> dict[int, str]:
    """Comment id -> the text between its range start and end, in document order."""
    open_: dict[int, list[str]] = {}
    done: dict[int, str] = {}
    for el in _body(path).iter():
        tag = etree.QName(el).localname if isinstance(el.tag, str) else ""
        if tag == "commentRangeStart":
            open_[int(el.get(f"{{{W}}}id"))] = []
        elif tag == "commentRangeEnd":
            cid = int(el.get(f"{{{W}}}id"))
            done[cid] = "".join(open_.pop(cid))
        elif tag == "t":
            for parts in open_.values():
                parts.append(el.text or "")
        elif tag == "p":
            for parts in open_.values():
                parts.append("\n")
    return done


def comments(path: Path) -> dict[int, tuple[str, str]]:
    with zipfile.ZipFile(path) as zf:
        if "word/comments.xml" not in zf.namelist():
            return {}
        root = etree.fromstring(zf.read("word/comments.xml"))
    return {int(c.get(f"{{{W}}}id")): (c.get(f"{{{W}}}author"), "".join(t.text or "" for t in c.iter(f"{{{W}}}t")))
            for c in root.iter(f"{{{W}}}comment")}


def check_annotated(src: Path, out: Path, review: Review, placed) -> None:
    """Text and formatting as in the original; one comment per flagged provision, on its text."""
    assert para_texts(out) == para_texts(src)
    assert without_comments(_body(out)) == without_comments(_body(src))
    flagged = {e.eid for f in review.findings if f.status in FLAGGED for e in f.evidence}
    assert {p.eid for p in placed} == flagged
    ranges, notes = comment_ranges(out), comments(out)
    assert len(notes) == len(flagged) == len(ranges)
    by_eid = review.document.by_eid()
    for p in placed:
        author, text = notes[p.comment_id]
        assert author == "lawreview"
        anchored = sig(ranges[p.comment_id])
        assert sig(by_eid[p.eid].text) in anchored, (p.eid, ranges[p.comment_id])
        for f in review.findings:
            if f.status in FLAGGED and any(e.eid == p.eid for e in f.evidence):
                assert f.rule.title.get(review.extra["lang"]) in text
                # a quote gives the provision as the law frames it (a chapeau with its items, an item
                # with its chapeau): the comment sits on the cited provision's own words within it
                assert all(any(sig(piece) in anchored for piece in e.quote.split("[…]") if sig(piece))
                           or sig(by_eid[p.eid].text) in sig(e.quote)
                           for e in f.evidence if e.eid == p.eid)


@pytest.mark.parametrize("src", sorted(CORPUS.glob("*.docx")), ids=lambda p: p.name)
def test_dev_corpus(tmp_path, src):
    out = tmp_path / "reviewed.docx"
    assert main(["annotate", str(src), "-o", str(out)]) == 0
    review = review_file(src)
    _, placed, missed = annotate_docx(src, review)
    assert missed == []
    check_annotated(src, out, review, placed)
    docx.Document(str(out))   # opens again


# --------------------------------------------------------------------------- a generated, numbered draft

BODY = [
    ("Purpose", ["This Act governs the entry, stay and removal of foreign nationals."]),
    ("Detention", ["A foreign national may be detained until removal is carried out.",
                   "Unaccompanied minors may be detained pending the assessment of their age.",
                   "The authority may extend this period."]),
    ("Removal", ["A removal order shall be issued by the Minister.",
                 "The authority may extend this period."]),      # same words as in Article 2: must not be confused
    ("Appeals", ["No appeal shall lie against a removal order."]),
]


def build_law(path: Path) -> None:
    """Article labels and paragraph numbers come only from Word numbering; one sentence has
    mixed formatting and a tracked insertion; a table sits between articles."""
    d = docx.Document()
    d.add_paragraph("IMMIGRATION (CONTROL) BILL", style="Title")
    add_abstract_num(d, 30, [{"fmt": "decimal", "text": "Article %1", "suff": "space"},
                             {"fmt": "decimal", "text": "%2."}])
    add_num(d, 50, 30)
    art = numbered_style(d, "Article Heading", 50, 0)
    for heading, paras in BODY:
        d.add_paragraph(heading, style=art)
        for text in paras:
            if text.startswith("Unaccompanied"):
                p = number(d.add_paragraph(), 50, 1)
                p.add_run("Unaccompanied ")
                p.add_run("minors").bold = True
                p.add_run(" may be detained pending the assessment")
                p._p.append(etree.fromstring(
                    f'<w:ins xmlns:w="{W}" w:id="9" w:author="a" w:date="2024-01-01T00:00:00Z">'
                    '<w:r><w:t xml:space="preserve"> of their age</w:t></w:r></w:ins>'))
                r = p.add_run(".")
                r.italic = True
            else:
                number(d.add_paragraph(text), 50, 1) if len(paras) > 1 else d.add_paragraph(text)
        if heading == "Detention":
            t = d.add_table(rows=2, cols=2)
            t.cell(0, 0).text, t.cell(0, 1).text = "Category", "Maximum period"
            t.cell(1, 0).text, t.cell(1, 1).text = "Adults", "30 days"
    d.save(path)


def _finding(doc, rule, status, eid, needle, role="red_flag"):
    prov = doc.by_eid()[eid]
    quote = next(s for s in re.split(r"(?<=\.)\s+", prov.text) if needle in s)
    top = prov.article()
    label = top.label + (f"({prov.num})" if prov is not top else "")
    return Finding(rule, status, [Evidence(eid, top.num, label, prov.page, quote, role)], f"{label}: {status}.")


def test_generated_numbered_draft_with_synthetic_findings(tmp_path):
    src = tmp_path / "draft.docx"
    build_law(src)
    review = review_file(src)
    doc = review.document
    eids = {p.eid for p in doc.walk()}
    assert {"art_2__para_2", "art_2__para_3", "art_3__para_2", "art_4"} <= eids, sorted(eids)
    r = {x.id: x for x in RULES}
    review = dataclasses.replace(review, rulebook=dataclasses.replace(load_rulebook(), rules=RULES), findings=[
        _finding(doc, r["detention.last_resort"], "conflict", "art_2__para_1", "until removal"),
        _finding(doc, r["detention.children"], "conflict", "art_2__para_2", "minors"),
        _finding(doc, r["consular.notification"], "gap", "art_2__para_2", "minors", "subject"),   # same provision
        _finding(doc, r["smuggling.non_criminalization"], "partial", "art_3__para_2", "extend", "subject"),
        _finding(doc, r["expulsion.remedy_suspensive"], "conflict", "art_4", "No appeal"),
        _finding(doc, r["nonrefoulement"], "compliant", "art_1", "governs", "safeguard"),
    ])
    data, placed, missed = annotate_docx(src, review)
    out = tmp_path / "reviewed.docx"
    out.write_bytes(data)
    assert missed == []
    check_annotated(src, out, review, placed)
    # the repeated sentence is anchored in Article 3, not in Article 2
    paras = para_texts(src)
    p3 = next(p for p in placed if p.eid == "art_3__para_2")
    assert paras[p3.first - 1].startswith("A removal order")
    # two findings on one provision make one comment holding both
    texts = comments(out)
    both = next(p for p in placed if p.eid == "art_2__para_2")
    assert "No immigration detention of children" in texts[both.comment_id][1]
    assert "Consular notification" in texts[both.comment_id][1]
    assert "Key citations: CRC art. 37(b)" in texts[both.comment_id][1]


def test_generated_draft_through_the_cli(tmp_path):
    src = tmp_path / "draft.docx"
    build_law(src)
    out = tmp_path / "reviewed.docx"
    assert main(["annotate", str(src), "-o", str(out), "--lang", "es"]) == 0
    review = review_file(src, lang="es")
    _, placed, _ = annotate_docx(src, review, "es")
    check_annotated(src, out, review, placed)
    # the real rule flags the detention of the unaccompanied minors (Article 2(2))
    assert "art_2__para_2" in {p.eid for p in placed}


def test_refuses_pdf_and_text(tmp_path, capsys):
    for name in ("dev1_asylum_reform_bill.pdf", "dev2_ley_migracion.txt"):
        out = tmp_path / "x.docx"
        assert main(["annotate", str(CORPUS / name), "-o", str(out)]) == 2
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "only Word (.docx) drafts can be annotated" in err
        assert "--format docx -o memo.docx" in err
        assert not out.exists()


def test_refuses_to_overwrite_the_draft(tmp_path, capsys):
    src = tmp_path / "draft.docx"
    build_law(src)
    before = src.read_bytes()
    assert main(["annotate", str(src), "-o", str(src)]) == 2
    assert src.read_bytes() == before
