"""The Word review memo, in the form an IML unit sends to a government.

python-docx draws it; which sections appear, their order, fonts, colours and
column widths come from report_templates/memo.yaml and all wording from the
i18n files, so a country office can restyle the memo without touching code.
"""

from __future__ import annotations

import io
from typing import Any, Callable

import docx
import yaml
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..paths import templates_dir
from ..textutil import strip_controls
from .common import FindingView, ReportView, build_view

PAGE_SIZES = {"A4": (Cm(21.0), Cm(29.7)), "Letter": (Cm(21.59), Cm(27.94))}


def clean(text: Any) -> str:
    """Text python-docx can store (XML forbids most control characters) and a reader wants."""
    return strip_controls(str(text if text is not None else ""))


def layout() -> dict[str, Any]:
    with (templates_dir() / "memo.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# --------------------------------------------------------------------------- low-level helpers

def _shade(element, fill: str) -> None:
    """Background fill of a paragraph (w:pPr) or cell (w:tcPr)."""
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    element.append(shd)


def _border(ppr, side: str, color: str, size: int = 12, space: int = 6) -> None:
    bdr = ppr.find(qn("w:pBdr"))
    if bdr is None:
        bdr = OxmlElement("w:pBdr")
        ppr.append(bdr)
    el = OxmlElement(f"w:{side}")
    for k, v in (("val", "single"), ("sz", str(size)), ("space", str(space)), ("color", color)):
        el.set(qn(f"w:{k}"), v)
    bdr.append(el)


def _cell_margins(table, top=60, bottom=60, left=100, right=100) -> None:
    tblpr = table._tbl.tblPr
    mar = OxmlElement("w:tblCellMar")
    for side, val in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(val))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    tblpr.append(mar)


def _table_borders(table, color: str, inner: bool = True) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        visible = inner or side in ("top", "bottom", "left", "right")
        el.set(qn("w:val"), "single" if visible else "nil")
        el.set(qn("w:sz"), "4")
        el.set(qn("w:color"), color)
        borders.append(el)
    tblpr.append(borders)


def _no_borders(table) -> None:
    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tblpr.append(borders)


def _widths(table, widths_cm: list[float]) -> None:
    """Fixed column widths: Word reads w:tcW, LibreOffice the w:tblGrid."""
    tblpr = table._tbl.tblPr
    layout_el = OxmlElement("w:tblLayout")
    layout_el.set(qn("w:type"), "fixed")
    tblpr.append(layout_el)
    for i, col in enumerate(table.columns):
        col.width = Cm(widths_cm[i])
    for row in table.rows:
        for i, cell in enumerate(row.cells):
            cell.width = Cm(widths_cm[i])


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _no_split(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, None), ("end", None)):
        if kind:
            fc = OxmlElement("w:fldChar")
            fc.set(qn("w:fldCharType"), kind)
            run._r.append(fc)
        elif text:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = "1"
            run._r.append(t)


# --------------------------------------------------------------------------- the memo

class Memo:
    """One memo being written: the document, its layout and the view-model."""

    def __init__(self, view: ReportView, lay: dict[str, Any], options: dict[str, str] | None = None):
        self.v, self.t, self.lay = view, view.t, lay
        self.options = options or {}
        self.doc = docx.Document()
        self.colors = lay["colors"]
        self._styles()

    # -- styles ------------------------------------------------------------------
    def _styles(self) -> None:
        f, c, lay = self.lay["font"], self.colors, self.lay
        sec = self.doc.sections[0]
        sec.page_width, sec.page_height = PAGE_SIZES.get(lay["page"]["size"], PAGE_SIZES["A4"])
        m = lay["page"]["margins_cm"]
        sec.top_margin, sec.bottom_margin = Cm(m["top"]), Cm(m["bottom"])
        sec.left_margin, sec.right_margin = Cm(m["left"]), Cm(m["right"])
        styles = self.doc.styles

        def font(style, size, color=None, bold=None, italic=None):
            style.font.name = f["body"]
            rpr = style.element.get_or_add_rPr()
            rfonts = rpr.find(qn("w:rFonts"))
            for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
                rfonts.set(qn(attr), f["body"])
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                rfonts.attrib.pop(qn(attr), None)
            style.font.size = Pt(size)
            if color:
                style.font.color.rgb = RGBColor.from_string(color)
            if bold is not None:
                style.font.bold = bold
            if italic is not None:
                style.font.italic = italic

        normal = styles["Normal"]
        font(normal, f["size"])
        normal.paragraph_format.space_after = Pt(f["space_after"])
        normal.paragraph_format.line_spacing = f["line_spacing"]
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), lay["languages"].get(self.v.lang, "en-GB"))
        normal.element.get_or_add_rPr().append(lang)
        for name, size in (("Title", f["title"]), ("Heading 1", f["h1"]), ("Heading 2", f["h2"]),
                           ("Heading 3", f["h3"])):
            st = styles[name]
            font(st, size, c["accent"], bold=True, italic=False)
            st.paragraph_format.space_before = Pt({"Title": 0, "Heading 1": 18, "Heading 2": 12}.get(name, 9))
            st.paragraph_format.space_after = Pt(6 if name != "Title" else 4)
            st.paragraph_format.keep_with_next = True
        for name in ("List Bullet", "List Number"):
            styles[name].paragraph_format.space_after = Pt(3)
        quote = styles.add_style("Provision Quote", WD_STYLE_TYPE.PARAGRAPH)
        quote.base_style = normal
        font(quote, f["size"], italic=True)
        pf = quote.paragraph_format
        pf.left_indent, pf.right_indent = Cm(0.5), Cm(0.3)
        pf.space_before, pf.space_after = Pt(0), Pt(6)
        ppr = quote.element.get_or_add_pPr()
        _border(ppr, "left", c["quote_border"], size=18, space=6)
        _shade(ppr, c["quote_fill"])
        src = styles.add_style("Quote Source", WD_STYLE_TYPE.PARAGRAPH)
        src.base_style = normal
        font(src, f["small"], c["muted"])
        src.paragraph_format.left_indent = Cm(0.5)
        src.paragraph_format.space_before, src.paragraph_format.space_after = Pt(4), Pt(0)
        src.paragraph_format.keep_with_next = True
        rec = styles.add_style("Recommendation", WD_STYLE_TYPE.PARAGRAPH)
        rec.base_style = normal
        font(rec, f["size"])
        rec.paragraph_format.left_indent = Cm(0.5)
        rec_ppr = rec.element.get_or_add_pPr()
        _border(rec_ppr, "left", self.lay["status_colors"]["compliant"], size=18, space=6)
        _shade(rec_ppr, c["recommendation_fill"])
        label = styles.add_style("Field Label", WD_STYLE_TYPE.PARAGRAPH)
        label.base_style = normal
        font(label, f["small"], c["muted"], bold=True)
        label.paragraph_format.space_before, label.paragraph_format.space_after = Pt(6), Pt(1)
        label.paragraph_format.keep_with_next = True
        small = styles.add_style("Small Text", WD_STYLE_TYPE.PARAGRAPH)
        small.base_style = normal
        font(small, f["small"], c["muted"])

    # -- building blocks -----------------------------------------------------------
    def para(self, text: str = "", style: str | None = None, bold: bool = False):
        p = self.doc.add_paragraph(style=style)
        if text:
            p.add_run(clean(text)).bold = bold or None
        return p

    def status_run(self, p, f: FindingView, brackets: bool = False):
        text = f"[{f.status_label}]" if brackets else f.status_label
        r = p.add_run(clean(text))
        r.bold = True
        r.font.color.rgb = RGBColor.from_string(self.lay["status_colors"].get(f.status, "000000"))
        return r

    def quote(self, label: str, page: int | None, quote: str, role: str = "") -> None:
        src = label + (f", {self.t['page']} {page}" if page else "") + (f" · {role}" if role else "")
        self.para(src, "Quote Source")
        self.para(quote, "Provision Quote")

    def table(self, header: list[str], rows: list[list[Any]], widths: list[float], status_col: int | None = None):
        tbl = self.doc.add_table(rows=1, cols=len(header))
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl.autofit = False
        _table_borders(tbl, self.colors["table_border"])
        _cell_margins(tbl)
        small = Pt(self.lay["font"]["small"] + 0.5)
        for i, h in enumerate(header):
            cell = tbl.rows[0].cells[i]
            cell.text = ""
            r = cell.paragraphs[0].add_run(clean(h))
            r.bold, r.font.size = True, small
            _shade(cell._tc.get_or_add_tcPr(), self.colors["table_header"])
        _repeat_header(tbl.rows[0])
        for row in rows:
            cells = tbl.add_row().cells
            for i, value in enumerate(row):
                para = cells[i].paragraphs[0]
                if isinstance(value, FindingView):   # a status cell
                    self.status_run(para, value).font.size = small
                else:
                    para.add_run(clean(value)).font.size = small
        _widths(tbl, widths)
        for row in tbl.rows:
            _no_split(row)
            for cell in row.cells:
                for p in cell.paragraphs:
                    p.paragraph_format.space_after = Pt(0)
                    p.paragraph_format.line_spacing = 1.0
        self.para()
        return tbl

    def citations(self, f: FindingView) -> None:
        t, v = self.t, self.v
        self.para(t["citations"], "Field Label")
        groups = ([(t["binding_on"].format(state=v.state), f.binding), (t["guidance"], f.guidance)]
                  if v.state else [("", f.citations)])
        for title, cits in groups:
            if not cits:
                continue
            if title:
                self.para(title + self.t["colon"], bold=True).paragraph_format.space_after = Pt(1)
            for c in cits:
                p = self.para(style="List Bullet")
                p.add_run(clean(f"{c.instrument} {c.provision}")).bold = True
                extra = c.kind_label + (f"; {c.state_status}" if c.state_status else "")
                p.add_run(clean(f" — {c.title} ({extra})"))
                if c.reservation:
                    p.add_run("\n" + clean(c.reservation)).italic = True

    # -- sections ----------------------------------------------------------------
    def heading_block(self) -> None:
        t, v, m = self.t, self.v, self.t["memo"]
        self.doc.add_paragraph(m["heading"], style="Title")
        o = self.options
        date = v.date
        if o.get("date"):
            import datetime as _dt
            from .common import format_date
            date = format_date(_dt.date.fromisoformat(o["date"]), t)
        rows = [(m["to"], o.get("to") or (m["to_state"].format(state=v.state) if v.state else m["to_none"])),
                (m["from"], o.get("from") or m["from_value"]), (m["date"], date)]
        if o.get("ref"):
            rows.append((m["ref"], o["ref"]))
        rows.append((m["subject"], m["subject_value"].format(title=v.title)))
        if v.encoding_note:
            rows.append((t["encoding"], v.encoding_note))
        tbl = self.doc.add_table(rows=0, cols=2)
        _no_borders(tbl)
        _cell_margins(tbl, top=30, bottom=30, left=0, right=80)
        widths = self.lay["table_widths_cm"]["heading_block"]
        for key, value in rows:
            cells = tbl.add_row().cells
            cells[0].paragraphs[0].add_run(clean(key + t["colon"])).bold = True
            cells[1].paragraphs[0].add_run(clean(value))
            for cell in cells:
                cell.paragraphs[0].paragraph_format.space_after = Pt(2)
        _widths(tbl, widths)
        rule = self.para()
        _border(rule._p.get_or_add_pPr(), "bottom", self.colors["accent"], size=8, space=1)
        note = self.para(t["automated_notice"], "Small Text")
        note.runs[0].italic = True

    def executive_summary(self) -> None:
        v, m = self.v, self.t["memo"]
        self.doc.add_heading(m["executive_summary"], level=1)
        self.para(m["exec_intro"].format(title=v.title, n=v.total))
        p = self.para(m["exec_counts"] + " ")
        for i, (status, label, n) in enumerate(v.counts):
            r = p.add_run(clean(f"{label}{self.t['colon']} {n}"))
            r.bold = bool(n) and status in ("conflict", "gap", "partial")
            if i < len(v.counts) - 1:
                p.add_run(" · ")
        if v.flagged:
            self.para(m["exec_priority"])
            for f in v.flagged[: self.lay["exec_priority_max"]]:
                p = self.para(style="List Bullet")
                self.status_run(p, f, brackets=True)
                p.add_run(clean(f" {f.title}"))
                labels = ", ".join(q.label for q in f.provisions)
                if labels:
                    p.add_run(clean(f" ({labels})"))
        else:
            self.para(m["exec_none"])
        if self.options.get("variant", "full") == "full":   # the short memo has no such sections
            self.para(m["exec_close"])

    def findings_table(self) -> None:
        t, v = self.t, self.v
        self.doc.add_heading(t["findings_table"], level=1)
        rows = [[f.title, f.theme_label, f, f.severity_label,
                 ", ".join(q.label for q in f.provisions) or t["none_quoted"]] for f in v.findings]
        self.table([t["standard_col"], t["theme"], t["status"], t["severity"], t["provisions"]], rows,
                   self.lay["table_widths_cm"]["findings"])
        self.para(t["binding_state_note"].format(state=v.state, date=v.ratification_date) if v.state
                  else t["binding_by_kind"], "Small Text")

    def flagged_findings(self) -> None:
        """The short memo's body: only the findings that call for a change (conflict, gap,
        partial), by theme, each with its evidence and recommendation."""
        self.detailed_findings(flagged_only=True)

    def detailed_findings(self, flagged_only: bool = False) -> None:
        t = self.t
        self.doc.add_heading(t["memo"]["flagged_findings"] if flagged_only else t["findings_by_theme"], level=1)
        for theme in self.v.themes:
            if flagged_only:
                from .common import FLAGGED, ThemeView
                theme = ThemeView(theme.theme, theme.label, [f for f in theme.findings if f.status in FLAGGED])
                if not theme.findings:
                    continue
            self.doc.add_heading(theme.label, level=2)
            for f in theme.findings:
                h = self.doc.add_heading(level=3)
                h.add_run(clean(f.title + " — "))
                self.status_run(h, f)
                self.para(f"{t['severity']}{t['colon']} {f.severity_label} · {t['confidence']}{t['colon']} "
                          f"{f.confidence_label}", "Small Text")
                self.para(f.summary)
                if f.evidence:
                    self.para(t["provision"], "Field Label")
                    for q in f.evidence:
                        self.quote(q.label, q.page, q.quote, q.role_label)
                elif f.status != "compliant":
                    self.para(t["no_evidence"], "Small Text")
                self.para(t["standard"], "Field Label")
                self.para(f.standard)
                self.citations(f)
                if f.status != "compliant":
                    self.para(t["recommendation"], "Field Label")
                    self.para(f.recommendation, "Recommendation")

    def article_comments(self) -> None:
        t, v = self.t, self.v
        if not v.comments:
            return
        self.doc.add_heading(t["article_view"], level=1)
        self.para(t["article_view_intro"])
        for c in v.comments:
            self.doc.add_heading(c.title, level=2)
            for q in c.quotes:
                self.quote(q.label, q.page, q.quote)
            for f in c.findings:
                p = self.para()
                p.paragraph_format.keep_with_next = True
                self.status_run(p, f, brackets=True)
                p.add_run(clean(f" {f.title}. ")).bold = True
                p.add_run(clean(f.summary))
                rec = self.para(style="Recommendation")
                rec.add_run(clean(t["recommended_change"] + t["colon"] + " ")).bold = True
                rec.add_run(clean(f.recommendation))

    def recommendations(self) -> None:
        t, v = self.t, self.v
        if not v.flagged:
            return
        self.doc.add_heading(t["recommendations"], level=1)
        self.para(t["recommendations_intro"])
        for f in v.flagged:
            p = self.para(style="List Number")
            labels = ", ".join(q.label for q in f.provisions)
            p.add_run(clean(f.title + (f" ({labels})" if labels else "") + t["colon"] + " ")).bold = True
            p.add_run(clean(f.recommendation))

    def ratification_advice(self) -> None:
        t, v = self.t, self.v
        if not v.state:
            return
        self.doc.add_heading(t["ratification_advice"], level=1)
        if v.not_ratified:
            self.para(t["ratification_intro"].format(state=v.state, date=v.ratification_date))
            for i in v.not_ratified:
                p = self.para(style="List Bullet")
                p.add_run(clean(i.id)).bold = True
                p.add_run(clean(f" — {i.title}" + (f" ({i.year})" if i.year else "") + f"{self.t['colon']} {i.state_status}"))
        else:
            self.para(t["ratification_none"].format(state=v.state, date=v.ratification_date))
        if v.unknown_ratification:
            self.para(t["ratification_unknown"].format(state=v.state) + " "
                      + ", ".join(i.id for i in v.unknown_ratification) + ".")
        if v.ratification_source:
            self.para(f"{t['ratification_source']}{t['colon']} {v.ratification_source}", "Small Text")

    def not_applicable(self) -> None:
        t, v = self.t, self.v
        if not v.not_applicable:
            return
        self.doc.add_heading(t["not_applicable_title"], level=1)
        self.para(t["not_applicable_intro"])
        for f in v.not_applicable:
            p = self.para(style="List Bullet")
            p.add_run(clean(f.title))
            cites = ", ".join(c.text for c in f.citations[:3])
            p.add_run(clean(f" ({f.theme_label}; {cites})")).font.color.rgb = RGBColor.from_string(self.colors["muted"])

    def annex(self) -> None:
        t, v = self.t, self.v
        self.doc.add_heading(t["annex"], level=1)
        header = [t["instrument"], t["title"], t["year"], t["binding_force"]]
        rows = [[i.id, i.title, i.year or "", i.kind_label] for i in v.instruments]
        widths = self.lay["table_widths_cm"]["annex"]
        if v.state:
            header.append(t["status_for"].format(state=v.state))
            rows = [r + [i.state_status] for r, i in zip(rows, v.instruments)]
            widths = self.lay["table_widths_cm"]["annex_state"]
        self.table(header, rows, widths)

    def method(self) -> None:
        self.doc.add_heading(self.t["method"], level=1)
        for text in self.t["method_text"]:
            self.para(text)
        self.para(f"lawreview · {self.v.rulebook_version} · {self.v.source} · sha256 {self.v.sha256}", "Small Text")

    # -- assembly ----------------------------------------------------------------
    def footer(self) -> None:
        p = self.doc.sections[0].footer.paragraphs[0]
        p.style = self.doc.styles["Small Text"]
        p.add_run(clean(self.t["memo"]["footer"]))
        _page_field(p)

    def build(self) -> bytes:
        sections: dict[str, Callable[[], None]] = {
            name: getattr(self, name) for name in (
                "heading_block", "executive_summary", "findings_table", "detailed_findings",
                "article_comments", "recommendations", "ratification_advice", "not_applicable",
                "annex", "method", "flagged_findings")}
        variant = self.options.get("variant", "full")
        for name in self.lay["sections" if variant == "full" else f"sections_{variant}"]:
            sections[name]()
        self.footer()
        core = self.doc.core_properties
        core.title = clean(self.t["memo"]["subject_value"].format(title=self.v.title))[:250]
        core.author, core.language = "lawreview", self.lay["languages"].get(self.v.lang, "")
        core.comments = self.t["automated_notice"]
        buf = io.BytesIO()
        self.doc.save(buf)
        return buf.getvalue()


def render_memo(review: Any, lang: str | None = None, options: dict[str, str] | None = None) -> bytes:
    """The review memo as .docx bytes. `options` (report.memo_options): variant full|short,
    to, from, date (YYYY-MM-DD), ref."""
    return Memo(build_view(review, lang), layout(), options).build()
