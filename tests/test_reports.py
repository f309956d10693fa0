"""Human-readable reports: HTML, Markdown, Word memo (issue 4).

Most tests run on a synthetic review (hand-made rules and findings over a real
parsed draft), so they do not depend on which rules have landed; the
end-to-end tests run the real pipeline on the dev corpus. Browser and
LibreOffice tests skip with a message when those programs are absent.
"""

from __future__ import annotations

import dataclasses
import html as htmllib
import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest

from lawreview.textutil import unquote
from lawreview.assess.engine import Evidence, Finding
from lawreview.cli import main
from lawreview.pipeline import Review, review_file
from lawreview.report import render_review
from lawreview.report.common import build_view, translations
from lawreview.report.markdown import md
from lawreview.rulebook.loader import load_rulebook
from lawreview.rulebook.models import Rule
from lawreview.structure import parse_file

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "dev-corpus"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/dev-corpus")
XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=alert(1)>"

DRAFT_EN = f"""IMMIGRATION CONTROL BILL {XSS_IMG}

Article 1 - Purpose
This Act governs the entry, stay and removal of foreign nationals.

Article 2 - Detention
1. A foreign national may be detained until removal is carried out {XSS_SCRIPT}.
2. Unaccompanied minors may be detained pending the assessment of their age {XSS_IMG}.

Article 3 - Removal
A removal order shall be issued by the Minister. No appeal shall lie against a removal order.

Article 4 - Smuggling
Any person who facilitates irregular entry commits an offence, including the migrant concerned.

Article 5 - Entry into force
This Act enters into force on publication.
"""

DRAFT_ES = """LEY DE MIGRACIÓN

ARTÍCULO 1.- La presente Ley regula el ingreso y la salida de extranjeros.

ARTÍCULO 2.- El extranjero en situación irregular será asegurado en la estación migratoria hasta su deportación.

ARTÍCULO 3.- Los menores de edad serán alojados con sus familias en la estación migratoria.

ARTÍCULO 4.- Contra la resolución de deportación no cabrá recurso alguno.
"""


def _loc(en: str, es: str, fr: str) -> dict:
    return {"en": en, "es": es, "fr": fr}


def _rule(rid: str, theme: str, severity: str, title: tuple, rec: tuple, citations: list[tuple[str, str]]) -> Rule:
    el = {"id": "s", "label": _loc("x", "x", "x"), "patterns": [{"all": ["detention"]}]}
    examples = [{"lang": lg, "text": "x", "expect": e} for lg in ("en", "es", "fr") for e in ("compliant", "conflict")]
    return Rule.model_validate({
        "id": rid, "type": "conditional", "theme": theme, "severity": severity, "title": _loc(*title),
        "standard": _loc(f"Standard {rid} in English.", f"Norma {rid} en español.", f"Norme {rid} en français."),
        "why": _loc("w", "w", "w"), "recommendation": _loc(*rec),
        "citations": [{"instrument": i, "provision": p} for i, p in citations],
        "subject": [el], "safeguards": [el], "examples": examples})


RULES = [
    _rule("detention.last_resort", "detention", "high",
          ("Detention only as a last resort", "Detención solo como último recurso", "La rétention en dernier ressort"),
          ("Provide that detention is a last resort.", "Prever que la detención sea el último recurso.",
           "Prévoir que la rétention est une mesure de dernier ressort."),
          [("ICCPR", "art. 9(1)"), ("HRC-GC35", "para. 18")]),
    _rule("detention.children", "detention", "high",
          ("No immigration detention of children", "Prohibición de la detención de niños", "Pas de rétention d'enfants"),
          ("Prohibit the detention of children.", "Prohibir la detención de niños.", "Interdire la rétention des enfants."),
          [("CRC", "art. 37(b)"), ("GCM", "objective 13")]),
    _rule("expulsion.remedy_suspensive", "expulsion", "high",
          ("Effective remedy against removal", "Recurso efectivo contra la expulsión", "Recours effectif contre l'éloignement"),
          ("Provide an appeal with suspensive effect.", "Prever un recurso con efecto suspensivo.",
           "Prévoir un recours suspensif."),
          [("ICCPR", "art. 13"), ("CAT", "art. 3"), ("ECHR-P7", "art. 1")]),
    _rule("smuggling.non_criminalization", "criminal", "medium",
          ("Smuggled migrants are not prosecuted", "No penalización de los migrantes objeto de tráfico",
           "Non-pénalisation des migrants objets de trafic"),
          ("Exempt smuggled migrants from prosecution.", "Eximir de responsabilidad penal a los migrantes.",
           "Exonérer les migrants objets de trafic."),
          [("SOM", "art. 5")]),
    _rule("consular.notification", "detention", "medium",
          ("Consular notification", "Notificación consular", "Notification consulaire"),
          ("Provide for consular notification.", "Prever la notificación consular.", "Prévoir la notification consulaire."),
          [("VCCR", "art. 36")]),
    _rule("nonrefoulement", "return", "high",
          ("Non-refoulement", "No devolución", "Non-refoulement"),
          ("Prohibit refoulement.", "Prohibir la devolución.", "Interdire le refoulement."),
          [("CSR51", "art. 33"), ("CAT", "art. 3")]),
    _rule("trafficking.protection", "trafficking", "medium",
          ("Protection of victims of trafficking", "Protección de las víctimas de trata", "Protection des victimes de la traite"),
          ("Protect victims.", "Proteger a las víctimas.", "Protéger les victimes."),
          [("TIP", "art. 6")]),
]


def _ev(doc, eid: str, role: str, needle: str) -> Evidence:
    prov = doc.by_eid()[eid]
    sentence = next(s for s in re.split(r"(?<=\.)\s+", prov.text) if needle in s)
    top = prov.article()
    while top is not None and top.parent is not None and top.parent.kind == "article":
        top = top.parent
    label = top.label + (f"({prov.num})" if prov is not top else "")
    return Evidence(eid=eid, article=top.num, label=label, page=prov.page, quote=sentence, role=role)


def synthetic_review(tmp_path: Path, *, lang: str = "en", country: str | None = None) -> Review:
    """A review with every status, several themes, two findings on one article, XSS in the draft."""
    src = tmp_path / ("draft_es.txt" if lang == "es" else "draft.txt")
    src.write_text(DRAFT_ES if lang == "es" else DRAFT_EN, encoding="utf-8")
    doc = parse_file(src)
    rb = dataclasses.replace(load_rulebook(), rules=RULES)
    r = {x.id: x for x in RULES}
    if lang == "es":
        findings = [
            Finding(r["detention.last_resort"], "conflict", [_ev(doc, "art_2", "red_flag", "asegurado")],
                    "ARTÍCULO 2: detención automática. Esto contradice el estándar."),
            Finding(r["detention.children"], "conflict", [_ev(doc, "art_3", "red_flag", "menores")],
                    "ARTÍCULO 3: se prevé la privación de libertad de niños."),
            Finding(r["expulsion.remedy_suspensive"], "conflict", [_ev(doc, "art_4", "red_flag", "recurso")],
                    "ARTÍCULO 4: no cabe recurso."),
            Finding(r["consular.notification"], "gap", [_ev(doc, "art_2", "subject", "asegurado")],
                    "El proyecto regula la detención sin prever la notificación consular."),
            Finding(r["nonrefoulement"], "not_applicable", [], "El proyecto no contiene disposiciones."),
        ]
    else:
        findings = [
            Finding(r["detention.last_resort"], "conflict", [_ev(doc, "art_2__para_1", "red_flag", "until removal")],
                    "Article 2(1): detention until removal. This contradicts the standard."),
            Finding(r["detention.children"], "conflict", [_ev(doc, "art_2__para_2", "red_flag", "minors")],
                    "Article 2(2): children may be detained. This contradicts the standard."),
            Finding(r["expulsion.remedy_suspensive"], "conflict", [_ev(doc, "art_3", "red_flag", "No appeal")],
                    "Article 3: no appeal against removal. This contradicts the standard."),
            Finding(r["smuggling.non_criminalization"], "partial", [_ev(doc, "art_4", "subject", "offence")],
                    "The draft regulates smuggling (Article 4) but does not exempt migrants."),
            Finding(r["consular.notification"], "gap", [_ev(doc, "art_2__para_1", "subject", "until removal")],
                    "The draft regulates detention (Article 2(1)) but does not provide consular notification."),
            Finding(r["nonrefoulement"], "compliant", [_ev(doc, "art_1", "safeguard", "governs")],
                    "The draft provides it (Article 1)."),
            Finding(r["trafficking.protection"], "not_applicable", [], "The draft contains no provision on trafficking."),
        ]
    review = Review(document=doc, findings=findings, rulebook=rb, extra={"lang": lang})
    if country:
        from lawreview.rulebook.instruments import load_ratifications, resolve_country
        review.ratifications = load_ratifications([])
        review.country = resolve_country(country)
    return review


def docx_text(data: bytes | Path) -> str:
    """Every w:t of the body, footers and headers, one line per paragraph."""
    with zipfile.ZipFile(data if isinstance(data, Path) else io.BytesIO(data)) as zf:
        names = [n for n in zf.namelist() if re.fullmatch(r"word/(document|footer\d*|header\d*)\.xml", n)]
        out = []
        for n in names:
            xml = zf.read(n).decode("utf-8")
            for p in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
                out.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)))
    return htmllib.unescape("\n".join(out))


# --------------------------------------------------------------------------- view-model

def test_view_model_orders_and_groups(tmp_path):
    v = build_view(synthetic_review(tmp_path))
    assert [s for s, _, _ in v.counts] == ["conflict", "gap", "partial", "compliant", "not_applicable"]
    assert [n for _, _, n in v.counts] == [3, 1, 1, 1, 1]
    assert [f.status for f in v.findings][:3] == ["conflict"] * 3 and v.findings[-1].status == "not_applicable"
    assert [t.theme for t in v.themes] == ["return", "detention", "expulsion", "criminal"]
    assert [f.rule for f in v.not_applicable] == ["trafficking.protection"]
    # article-by-article: draft order, two findings on Article 2(1), compliant evidence not flagged
    assert [c.label for c in v.comments] == ["Article 2", "Article 3", "Article 4"]
    art2 = v.comments[0]
    assert [q.label for q in art2.quotes] == ["Article 2(1)", "Article 2(2)"]
    assert {f.rule for f in art2.findings} == {"detention.last_resort", "detention.children", "consular.notification"}
    assert v.findings[0].evidence[0].href == art2.anchor
    # annex: every cited instrument once, treaties first
    ids = [i.id for i in v.instruments]
    assert len(ids) == len(set(ids)) and {"ICCPR", "CRC", "GCM", "SOM", "CSR51", "TIP"} <= set(ids)
    assert ids.index("ICCPR") < ids.index("GCM")


def test_translation_files_have_the_same_keys():
    def keys(d, prefix=""):
        return {prefix + k for k in d} | {x for k, v in d.items() if isinstance(v, dict) for x in keys(v, f"{prefix}{k}.")}
    import yaml
    from lawreview.paths import templates_dir
    raw = {lg: yaml.safe_load((templates_dir() / "i18n" / f"{lg}.yaml").read_text(encoding="utf-8")) for lg in ("en", "es", "fr")}
    assert keys(raw["es"]) == keys(raw["en"]) == keys(raw["fr"])
    for lg in raw:
        assert len(raw[lg]["months"]) == 12 and all(isinstance(p, str) for p in raw[lg]["method_text"])
        for status in ("conflict", "gap", "partial", "compliant", "not_applicable"):
            assert raw[lg]["statuses"][status]


# --------------------------------------------------------------------------- HTML

def test_html_escapes_untrusted_text(tmp_path):
    html = render_review(synthetic_review(tmp_path), "html")
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'id="findings-table"' in html
    # self-contained: no external stylesheet, script, image or font
    assert not re.search(r"<link\b|src=\"http|url\(|@import", html)


def test_html_escapes_xss_from_the_real_pipeline(tmp_path):
    src = tmp_path / "xss.txt"
    src.write_text(DRAFT_EN, encoding="utf-8")
    html = render_review(review_file(src), "html")
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;img src=x onerror=alert(1)&gt;" in html  # the title at least


def test_html_content(tmp_path):
    html = render_review(synthetic_review(tmp_path), "html")
    for needle in ("Detailed findings by theme", "Protection from return", "Detention", "Expulsion",
                   "Comment on Article 2 (Detention)", 'href="#p-art_2"', 'id="p-art_2"',
                   "Standards not addressed by the draft", "Protection of victims of trafficking",
                   "Annex — Instruments cited", "Convention on the Rights of the Child",
                   "binding force is shown by instrument kind only", "Provide an appeal with suspensive effect."):
        assert needle in html, needle
    # the counts come first, conflicts at the top
    assert html.index("counts-table") < html.index("findings-table")
    assert "Ratification advice" not in html


def test_html_with_country_separates_binding_and_guidance(tmp_path):
    html = render_review(synthetic_review(tmp_path, country="HND"), "html")
    assert "Obligations binding on Honduras" in html and "Guidance and other instruments" in html
    assert "Ratification advice" in html and "2022-08-25" in html
    assert "instrument kind only" not in html


def _chromium() -> str | None:
    return os.environ.get("LAWREVIEW_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-quic", "--hide-scrollbars"]


def test_html_in_headless_chromium(tmp_path):
    exe = _chromium()
    if not exe:
        pytest.skip("Chromium not found: apt-get install -y chromium (or set LAWREVIEW_CHROMIUM) to run the browser test")
    out = tmp_path / "review.html"
    out.write_text(render_review(synthetic_review(tmp_path, country="HND"), "html"), encoding="utf-8")
    flags = [*CHROME_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([exe, *flags, "--dump-dom", out.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    page = dom.stdout
    table = re.search(r'<table id="findings-table".*?</table>', page, re.S)
    assert table, "findings table missing from the rendered DOM"
    assert len(re.findall(r"<tr class=\"st-", table.group(0))) == 7
    # the injected markup stayed text: no element was created from it
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    shot = tmp_path / "review.png"
    res = subprocess.run([exe, *flags, "--window-size=1200,2000", f"--screenshot={shot}", out.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


# --------------------------------------------------------------------------- Markdown

def test_markdown_same_content_and_escaped(tmp_path):
    text = render_review(synthetic_review(tmp_path), "md")
    assert text.startswith("# Review of a draft migration law")
    for needle in ("## Summary", "| Standard | Theme | Status | Severity | Provisions |", "## Detailed findings by theme",
                   "### Comment on Article 2 (Detention)", "## Standards not addressed by the draft",
                   "## Annex — Instruments cited", "## Method and limits", "Provide an appeal with suspensive effect."):
        assert needle in text, needle
    assert not re.search(r"(?<!\\)<(script|img|/script)", text)
    assert r"\<script\>alert(1)\</script\>" in text
    assert md("a|b *c* [d](e)") == r"a\|b \*c\* \[d\](e)"


# --------------------------------------------------------------------------- DOCX memo

def test_memo_structure_and_evidence(tmp_path):
    review = synthetic_review(tmp_path)
    data = render_review(review, "docx")
    d = docx.Document(io.BytesIO(data))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    order = ["Executive summary", "Findings table", "Detailed findings by theme", "Comments article by article",
             "Recommendations", "Standards not addressed by the draft", "Annex — Instruments cited", "Method and limits"]
    assert [h for h in headings if h in order] == order
    assert "Comment on Article 2 (Detention)" in headings
    text = docx_text(data)
    assert review.document.title in text
    for f in review.findings:
        if f.status == "conflict":
            for e in f.evidence:
                assert e.quote in text
    assert "automated first review" in text.lower() and "checked by a specialist" in text
    assert d.core_properties.author == "lawreview"


def test_memo_from_the_cli_for_every_dev_draft(tmp_path):
    for src in sorted(CORPUS.glob("*.docx")) + sorted(CORPUS.glob("*.txt")):
        out = tmp_path / (src.stem + src.suffix.replace(".", "_") + ".docx")
        assert main(["review", str(src), "--format", "docx", "-o", str(out)]) == 0
        review = review_file(src)
        text = docx_text(out)
        assert review.document.title in text
        for f in review.findings:
            if f.status == "conflict":
                assert all(e.quote in text for e in f.evidence), (src.name, f.rule.id)


ENGLISH_WORDS = ["Executive summary", "Findings", "Finding", "Recommendation", "Recommendations", "Conflict",
                 "Compliant", "Partial", "Gap", "Not applicable", "Standard", "Citations", "Comment on", "Annex",
                 "Method", "Summary", "Subject", "Date", "From", "Provision", "Severity", "Binding", "Treaty",
                 "Soft law", "page", "Theme", "Detention", "Expulsion", "Government", "Review", "High", "Medium",
                 "Instrument", "Title", "Year", "Status", "Obligations", "Guidance", "Ratification", "specialist"]


def _declarations_quoted(review) -> list[str]:
    """A State's reservations are quoted in the language it deposited them in (UNTC: English or French)."""
    return [c["reservation"]["excerpt"] for f in review.as_dict()["findings"] for c in f["citations"]
            if "reservation" in c]


def _english_left(text: str, allowed: list[str]) -> list[str]:
    for a in allowed:
        text = text.replace(a, " ")
    return [w for w in ENGLISH_WORDS if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)]


def test_memo_in_spanish_has_no_english_left(tmp_path):
    review = synthetic_review(tmp_path, lang="es", country="HND")
    text = docx_text(render_review(review, "docx", lang="es"))
    assert "Resumen ejecutivo" in text and "Contradicción" in text and "Comentario sobre ARTÍCULO 2" in text
    assert "Prohibir la detención de niños." in text and "Prohibición de la detención de niños" in text
    # the data source is cited as its publisher names it
    assert _english_left(text, [review.document.source, build_view(review).ratification_source,
                                *_declarations_quoted(review)]) == []


def test_memo_in_spanish_from_the_real_pipeline(tmp_path):
    src = CORPUS / "dev2_ley_migracion.docx"
    out = tmp_path / "memo.docx"
    assert main(["review", str(src), "--format", "docx", "--lang", "es", "--country", "HND", "-o", str(out)]) == 0
    review = review_file(src, lang="es", country="HND")
    text = docx_text(out)
    assert "Resumen ejecutivo" in text and "Gobierno de Honduras" in text
    for f in review.findings:
        assert f.rule.title.get("es") in text
        if f.status in ("conflict", "gap", "partial"):
            assert unquote(f.rule.recommendation.get("es")) in text
    # citations ("objective 13", "paras."), the data source and the State's declarations stay as cited
    assert _english_left(text, [review.document.source, build_view(review).ratification_source,
                                *_declarations_quoted(review)]) == []
    html = render_review(review, "html", lang="es")
    assert "Conclusiones detalladas por tema" in html and "Detailed findings" not in html


def test_french_wording(tmp_path):
    review = synthetic_review(tmp_path, lang="en")
    html = render_review(review, "html", lang="fr")
    assert "Constats détaillés par thème" in html and "Annexe — Instruments cités" in html
    assert "Pas de rétention d'enfants" in html or "Pas de rétention d&#39;enfants" in html
    assert translations("fr")["statuses"]["conflict"] == "Contradiction"


def test_memo_converts_to_pdf_with_libreoffice(tmp_path):
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    if not exe:
        pytest.skip("LibreOffice not found: apt-get install -y libreoffice-writer to run the DOCX->PDF test")
    memo = tmp_path / "memo.docx"
    memo.write_bytes(render_review(synthetic_review(tmp_path, country="HND"), "docx"))
    res = subprocess.run([exe, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(memo)],
                         capture_output=True, text=True, timeout=180)
    pdf = tmp_path / "memo.pdf"
    assert res.returncode == 0 and pdf.exists(), res.stdout + res.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        txt = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
        assert "IMMIGRATION CONTROL BILL" in txt and "Executive summary" in txt
