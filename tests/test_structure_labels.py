"""Labels come only from real structural numbering (issue 15): a figure in
parentheses inside a sentence ('CUARENTA Y OCHO (48) horas') is not a paragraph,
even when a line break puts it at the start of a line."""

from pathlib import Path

import pytest

from lawreview.pipeline import review_file
from lawreview.structure import parse_file

LINES = [
    "ARTÍCULO 1.- Objeto. La presente ley regula la retención de extranjeros.",
    "ARTÍCULO 2.- La autoridad migratoria podrá disponer la retención del extranjero",
    "por el término de CUARENTA Y OCHO",
    "(48) horas, prorrogable por resolución fundada del juez competente, quien",
    "será informado en el plazo de VEINTICUATRO",
    "(24) Horas hábiles.",
    "(2) La persona retenida tendrá derecho a asistencia letrada.",
]


def _labels(doc) -> list[str]:
    return [p.eid for p in doc.walk() if p.kind in ("paragraph", "item")]


def _check(doc) -> None:
    art = next(a for a in doc.articles() if a.num == "2")
    assert "CUARENTA Y OCHO (48) horas, prorrogable" in art.full_text().replace("\n", " ")
    assert "VEINTICUATRO (24) Horas hábiles." in art.full_text().replace("\n", " ")
    assert not any(e.endswith(("para_48", "para_24")) for e in _labels(doc)), _labels(doc)
    assert [c.num for c in art.children] == ["2"]   # the real paragraph stays


@pytest.mark.parametrize("sep", ["\n", "\n\n"])
def test_figure_in_parentheses_on_a_wrapped_line_is_no_paragraph_txt(tmp_path, sep):
    src = tmp_path / "ley.txt"
    src.write_text(sep.join(LINES) + "\n", encoding="utf-8")
    _check(parse_file(src))


def test_figure_in_parentheses_on_a_wrapped_line_is_no_paragraph_pdf(tmp_path):
    pytest.importorskip("fpdf")
    from pdfmaker import Para, build_pdf
    from fpdf import FPDF
    from pdfmaker import MARGIN_X, PAGE_W, _Fonts, _Layout
    lay = _Layout(FPDF(unit="pt", format="A4"), _Fonts(FPDF(unit="pt", format="A4")))
    width = PAGE_W - 2 * MARGIN_X
    # pad the sentence until the printed line breaks just before "(48)"
    for pad in range(40):
        body = ("La autoridad migratoria podrá disponer " + "también " * pad +
                "la retención del extranjero por el término de CUARENTA Y OCHO (48) horas, prorrogable por "
                "resolución fundada del juez competente.")
        lines = lay.wrap(body, width, False, 10.5, 0.0, 0.0)
        if any(words and words[0] == "(48)" for words, _ in lines):
            break
    else:
        pytest.skip("no padding puts (48) at a line start")
    built = build_pdf(tmp_path / "ley.pdf", [
        Para("ARTÍCULO 1.- Objeto", kind="heading"), Para("La presente ley regula la retención de extranjeros."),
        Para("ARTÍCULO 2.- Retención", kind="heading"), Para(body, align="L"),
        Para("(2) La persona retenida tendrá derecho a asistencia letrada.")], header=None)
    doc = parse_file(built.path)
    assert not any(e.endswith("para_48") for e in _labels(doc)), _labels(doc)
    assert "CUARENTA Y OCHO (48) horas" in doc.articles()[1].full_text().replace("\n", " ")


def test_amending_decree_has_no_paragraph_48(shared):
    path = shared / "corpora/real/AR_DNU-366-2025.md"
    if not path.exists():
        pytest.skip("AR_DNU-366-2025 not in ../shared")
    doc = parse_file(path)
    assert not [e for e in _labels(doc) if "para_48" in e or "para_30" in e]
    labels = {e["label"] for f in review_file(path).as_dict()["findings"] for e in f["evidence"]}
    assert not any("(48)" in lab for lab in labels), labels
