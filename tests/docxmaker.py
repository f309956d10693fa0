"""Build realistic law drafts as .docx files for the ingest tests.

python-docx cannot create list numbering, tracked changes or fields, so those
are written as raw WordprocessingML (via docx.oxml.parse_xml) into the parts
python-docx manages. Everything a test asserts is returned by the builder, so
expectations live next to the markup that produces them.
"""

from __future__ import annotations

import pathlib
import shutil
import zipfile
from xml.sax.saxutils import escape

import docx
import docx.enum.text
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'


# --- numbering ------------------------------------------------------------------

def add_abstract_num(doc, abstract_id: int, levels: list[dict]) -> None:
    """Add a w:abstractNum. Each level: fmt, text, start=1, suff, restart, pstyle, lgl."""
    lvls = []
    for ilvl, spec in enumerate(levels):
        suff = f'<w:suff w:val="{spec["suff"]}"/>' if spec.get("suff") else ""
        restart = (f'<w:lvlRestart w:val="{spec["restart"]}"/>'
                   if spec.get("restart") is not None else "")
        pstyle = f'<w:pStyle w:val="{spec["pstyle"]}"/>' if spec.get("pstyle") else ""
        lgl = "<w:isLgl/>" if spec.get("lgl") else ""
        lvls.append(
            f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{spec.get("start", 1)}"/>'
            f'<w:numFmt w:val="{spec["fmt"]}"/>{restart}{pstyle}{lgl}{suff}'
            f'<w:lvlText w:val="{escape(spec["text"], {chr(34): "&quot;"})}"/>'
            f'<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="{720 * (ilvl + 1)}" w:hanging="360"/></w:pPr>'
            f"</w:lvl>"
        )
    xml = (f'<w:abstractNum {NSDECL} w:abstractNumId="{abstract_id}">'
           f'<w:multiLevelType w:val="multilevel"/>{"".join(lvls)}</w:abstractNum>')
    numbering = doc.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    el = parse_xml(xml)
    if first_num is not None:  # schema order: every abstractNum before any num
        first_num.addprevious(el)
    else:
        numbering.append(el)


def add_num(doc, num_id: int, abstract_id: int, start_overrides: dict[int, int] | None = None) -> None:
    overrides = "".join(
        f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
        for ilvl, start in (start_overrides or {}).items()
    )
    doc.part.numbering_part.element.append(parse_xml(
        f'<w:num {NSDECL} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
    ))


def _num_pr(num_id: int | None, ilvl: int | None) -> str:
    parts = []
    if ilvl is not None:
        parts.append(f'<w:ilvl w:val="{ilvl}"/>')
    if num_id is not None:
        parts.append(f'<w:numId w:val="{num_id}"/>')
    return f'<w:numPr {NSDECL}>{"".join(parts)}</w:numPr>'


def number(paragraph, num_id: int, ilvl: int = 0):
    """Attach automatic numbering to a paragraph (w:numPr)."""
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(parse_xml(_num_pr(num_id, ilvl)),
                              "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
                              "w:spacing", "w:ind", "w:jc", "w:outlineLvl", "w:rPr", "w:sectPr")
    return paragraph


def numbered_style(doc, name: str, num_id: int, ilvl: int = 0, base: str = "Normal"):
    """A paragraph style that carries numbering, as Word's multilevel-list styles do."""
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = doc.styles[base]
    style.element.get_or_add_pPr().append(parse_xml(_num_pr(num_id, ilvl)))
    return style


def append_xml(paragraph, runs_xml: str):
    """Append raw inline markup (runs, w:ins, w:hyperlink...) to a paragraph."""
    wrapper = parse_xml(f"<w:wrap {NSDECL}>{runs_xml}</w:wrap>")
    for child in list(wrapper):
        paragraph._p.append(child)
    return paragraph


def set_ppr_flag(paragraph, tag: str) -> None:
    paragraph._p.get_or_add_pPr().append(parse_xml(f"<w:{tag} {NSDECL}/>"))


# --- the realistic numbered law ------------------------------------------------------

ARTICLE_BODIES = [
    ("Purpose", "This Act governs the entry, stay and removal of foreign nationals."),
    ("Definitions", "For the purposes of this Act:"),
    ("Right to apply", "Any foreign national may apply for international protection."),
    ("Detention", "Detention shall be a measure of last resort."),
    ("Penalties", "Applicants shall not be penalised on account of irregular entry."),
    ("Entry into force", "This Act enters into force on the day after publication."),
]
HEADER_TEXT = "CONFIDENTIAL DRAFT HEADER LINE"
FOOTER_TEXT = "Footer distribution notice"
CORE_TITLE = "Migration (Numbered) Bill"


def build_numbered_law(path: pathlib.Path) -> list[tuple[str, int, str, int]]:
    """A draft whose labels come ONLY from numbering definitions.

    Returns the expected blocks as (text, page, style, level).
    """
    doc = docx.Document()
    doc.core_properties.title = CORE_TITLE
    doc.sections[0].header.paragraphs[0].text = HEADER_TEXT
    doc.sections[0].footer.paragraphs[0].text = FOOTER_TEXT

    # 20: articles with lettered items that restart under every article.
    add_abstract_num(doc, 20, [
        {"fmt": "decimal", "text": "Article %1", "suff": "space"},
        {"fmt": "lowerLetter", "text": "(%2)"},
        {"fmt": "lowerRoman", "text": "(%3)"},
    ])
    # 21: chapters, through Heading 1.
    add_abstract_num(doc, 21, [{"fmt": "upperRoman", "text": "CHAPTER %1", "suff": "nothing"}])
    # 22: numbered paragraphs "1." that restart through a startOverride num.
    add_abstract_num(doc, 22, [{"fmt": "decimal", "text": "%1."}])
    add_num(doc, 40, 20)
    add_num(doc, 41, 21)
    add_num(doc, 42, 22)
    add_num(doc, 43, 22, start_overrides={0: 1})
    article_style = numbered_style(doc, "Article Heading", 40, 0)
    chapter_style = numbered_style(doc, "Chapter Heading", 41, 0, base="Heading 1")

    expected: list[tuple[str, int, str, int]] = []

    def add(text, expect_text, page, style, level=0, **kw):
        para = doc.add_paragraph(text, style=kw.get("pstyle"))
        if "num" in kw:
            number(para, kw["num"], kw.get("ilvl", 0))
        expected.append((expect_text, page, style, level))
        return para

    add("MIGRATION (NUMBERED) BILL", "MIGRATION (NUMBERED) BILL", 1, "heading", 1, pstyle="Title")
    add(" – General provisions", "CHAPTER I – General provisions", 1, "heading", 1, pstyle=chapter_style)
    add("Purpose", "Article 1 Purpose", 1, "list", pstyle=article_style)
    add(ARTICLE_BODIES[0][1], ARTICLE_BODIES[0][1], 1, "body")
    add("Definitions", "Article 2 Definitions", 1, "list", num=40, ilvl=0)
    add(ARTICLE_BODIES[1][1], ARTICLE_BODIES[1][1], 1, "body")
    add("“applicant” means a person who has applied for protection;",
        "(a) “applicant” means a person who has applied for protection;", 1, "list", num=40, ilvl=1)
    add("“minor” means a person below the age of eighteen years;",
        "(b) “minor” means a person below the age of eighteen years;", 1, "list", num=40, ilvl=1)
    add("who is unaccompanied;", "(i) who is unaccompanied;", 1, "list", num=40, ilvl=2)
    add("“authority” means the\u00a0Migration Service.",
        "(c) “authority” means the\u00a0Migration Service.", 1, "list", num=40, ilvl=1)
    add(" – Protection", "CHAPTER II – Protection", 1, "heading", 1, pstyle=chapter_style)
    add("Right to apply", "Article 3 Right to apply", 1, "list", pstyle=article_style)
    add("Any foreign national may apply for international protection.",
        "1. Any foreign national may apply for international protection.", 1, "list", num=42)
    add("An application shall be registered within three days.",
        "2. An application shall be registered within three days.", 1, "list", num=42)
    add("The applicant may consult a lawyer.", "(a) The applicant may consult a lawyer.", 1, "list",
        num=40, ilvl=1)
    doc.add_paragraph().add_run().add_break(docx.enum.text.WD_BREAK.PAGE)
    add("Detention", "Article 4 Detention", 2, "list", pstyle=article_style)
    add("Detention shall be a measure of last resort.",
        "1. Detention shall be a measure of last resort.", 2, "list", num=43)
    add("It shall not exceed the periods below.", "2. It shall not exceed the periods below.", 2,
        "list", num=43)
    table = doc.add_table(rows=3, cols=2)
    table.style = "Table Grid"
    table.cell(0, 0).text, table.cell(0, 1).text = "Category", "Maximum period"
    table.cell(1, 0).text, table.cell(1, 1).text = "Adults", "30 days"
    table.cell(2, 0).text = "Unaccompanied"
    table.cell(2, 0).add_paragraph("minors")
    table.cell(2, 1).text = "never"
    expected += [("Category | Maximum period", 2, "table_row", 0),
                 ("Adults | 30 days", 2, "table_row", 0),
                 ("Unaccompanied minors | never", 2, "table_row", 0)]
    add("The periods above are maximums.", "3. The periods above are maximums.", 2, "list", num=43)
    add("Penalties", "Article 5 Penalties", 2, "list", pstyle=article_style)
    add(ARTICLE_BODIES[4][1], ARTICLE_BODIES[4][1], 2, "body")
    add("reporting to the authorities", "reporting to the authorities", 2, "list", pstyle="List Bullet")
    add("Entry into force", "Article 6 Entry into force", 2, "list", num=40, ilvl=0)
    add(ARTICLE_BODIES[5][1], ARTICLE_BODIES[5][1], 2, "body")
    doc.save(path)
    return expected


# --- inline features -------------------------------------------------------------

def build_inline_features(path: pathlib.Path) -> list[str]:
    """Tracked changes, hyperlinks, fields, tabs, breaks, hidden text, symbols."""
    doc = docx.Document()
    doc.add_paragraph("Article 1 Tracked changes")
    p = doc.add_paragraph()
    append_xml(p, """
      <w:r><w:t xml:space="preserve">The authority </w:t></w:r>
      <w:ins w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:t xml:space="preserve">shall promptly </w:t></w:r></w:ins>
      <w:del w:id="2" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">may eventually </w:delText></w:r></w:del>
      <w:r><w:t>register applications.</w:t></w:r>""")
    p = doc.add_paragraph()
    append_xml(p, """
      <w:r><w:t xml:space="preserve">See </w:t></w:r>
      <w:hyperlink w:anchor="x"><w:r><w:t>the Refugee Convention</w:t></w:r></w:hyperlink>
      <w:r><w:t xml:space="preserve"> and Article </w:t></w:r>
      <w:r><w:fldChar w:fldCharType="begin"/></w:r>
      <w:r><w:instrText xml:space="preserve"> REF _Ref123 \\r \\h </w:instrText></w:r>
      <w:r><w:fldChar w:fldCharType="separate"/></w:r>
      <w:r><w:t>7</w:t></w:r>
      <w:r><w:fldChar w:fldCharType="end"/></w:r>
      <w:r><w:t>.</w:t></w:r>""")
    p = doc.add_paragraph()
    append_xml(p, """
      <w:r><w:t>Column</w:t><w:tab/><w:t>value</w:t><w:br/><w:t>next line</w:t></w:r>
      <w:r><w:rPr><w:vanish/></w:rPr><w:t>HIDDENWORD</w:t></w:r>
      <w:fldSimple w:instr=" DATE "><w:r><w:t>1 May 2024</w:t></w:r></w:fldSimple>
      <w:sdt><w:sdtPr><w:alias w:val="ctl"/></w:sdtPr><w:sdtContent><w:r><w:t xml:space="preserve"> inside control</w:t></w:r></w:sdtContent></w:sdt>""")
    doc.add_paragraph("“Smart quotes” and a non\u00a0breaking space")
    doc.save(path)
    return [
        "Article 1 Tracked changes",
        "The authority shall promptly register applications.",
        "See the Refugee Convention and Article 7.",
        "Column value next line1 May 2024 inside control",
        "“Smart quotes” and a non\u00a0breaking space",
    ]


def build_plain(path: pathlib.Path, paragraphs: list[str]) -> None:
    doc = docx.Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    doc.save(path)


# --- package surgery -------------------------------------------------------------

def rewrite_parts(src: pathlib.Path, dst: pathlib.Path, replace: dict[str, bytes | None]) -> None:
    """Copy a docx replacing (bytes) or dropping (None) some parts."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                continue
            zout.writestr(info, zin.read(info.filename))
        for name, data in replace.items():
            if data is not None:
                zout.writestr(name, data)


def read_part(src: pathlib.Path, name: str) -> bytes:
    with zipfile.ZipFile(src) as zf:
        return zf.read(name)


def make_xxe_docx(src: pathlib.Path, dst: pathlib.Path, secret: pathlib.Path,
                  part: str = "word/document.xml") -> None:
    """Declare an external entity pointing to `secret` and use it in the text."""
    xml = read_part(src, part).decode("utf-8")
    decl_end = xml.index("?>") + 2
    root_name = xml[decl_end:].lstrip().split()[0][1:]
    doctype = f'<!DOCTYPE {root_name} [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    xml = xml[:decl_end] + doctype + xml[decl_end:]
    if part == "word/document.xml":
        xml = xml.replace("<w:t>Leak here</w:t>", "<w:t>Leak &xxe; here</w:t>", 1)
    rewrite_parts(src, dst, {part: xml.encode("utf-8")})


def make_zip_bomb(dst: pathlib.Path, src: pathlib.Path, part: str, size: int) -> None:
    """A real docx plus one part of `size` zero bytes, streamed (never in memory)."""
    shutil.copy(src, dst)
    chunk = bytes(1 << 20)
    with zipfile.ZipFile(dst, "a", zipfile.ZIP_DEFLATED) as zf:
        with zf.open(part, "w", force_zip64=True) as fh:
            remaining = size
            while remaining > 0:
                fh.write(chunk[: min(len(chunk), remaining)])
                remaining -= len(chunk)
