"""Build realistic draft-law PDFs (fpdf2) for the PDF ingest tests and benchmark.

The generator does its own line breaking, so it knows exactly what it printed:
which words were hyphenated at a line end, what the running header and footer
say on each page, where each paragraph starts, which words sit in which column.
`build_pdf` returns all of that, so expectations live next to the layout.

Markup inside paragraph text:
  U+00AD  optional hyphenation point, used when the word does not fit the line
  "~"     forced line break inside a word ("protec~tion" prints "protec-" then
          "tion"; "forty-~five" breaks after the real hyphen)
"""

from __future__ import annotations

import io
import pathlib
import re
from dataclasses import dataclass, field

from fpdf import FPDF

SHY = "\u00ad"
FONT_DIR = pathlib.Path("/usr/share/fonts/truetype/dejavu")

PAGE_W, PAGE_H = 595.28, 841.89          # A4 in points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 72.0, 80.0, 80.0
HEADER_Y, FOOTER_Y = 42.0, PAGE_H - 36.0
BODY_SIZE, LEADING, PARA_SPACE = 10.5, 14.0, 7.0
GUTTER = 22.0


@dataclass
class Para:
    text: str
    kind: str = "body"          # body | heading | title
    align: str = "J"            # J: justified, one text object per word; L: ragged, one per line
    indent: float = 0.0         # first-line indent (pt)
    hang: float = 0.0           # extra indent of continuation lines (pt)


@dataclass
class Table:
    rows: list[list[str]]
    widths: list[float] | None = None   # fractions of the text width
    ruled: bool = True


@dataclass
class Columns:
    paras: list[Para]


@dataclass
class PageBreak:
    pass


@dataclass
class Built:
    path: pathlib.Path
    pages: int
    words: list[str]                     # every word of the content, in reading order
    running: list[str]                   # header and footer lines as printed, all pages
    hyphenated: list[tuple[str, str]]    # (printed line end, whole word) e.g. ("protec-", "protection")
    para_pages: list[tuple[str, int]]    # (paragraph text, page where it starts)
    table_rows: list[str]                # expected "cell | cell" rows, in order
    column_text: list[str] = field(default_factory=list)   # paragraphs set in two columns, in order
    unicode: bool = True


def words_of(text: str) -> list[str]:
    """The comparison unit of the tests: words with inner hyphens and apostrophes, no punctuation."""
    return re.findall(r"\w+(?:[-'’]\w+)*", text)


def plain(text: str) -> str:
    """Source text as a reader sees it: markup removed."""
    return text.replace(SHY, "").replace("-~", "-").replace("~", "")


class _Fonts:
    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self.unicode = (FONT_DIR / "DejaVuSerif.ttf").exists() and (FONT_DIR / "DejaVuSerif-Bold.ttf").exists()
        if self.unicode:
            pdf.add_font("Body", "", str(FONT_DIR / "DejaVuSerif.ttf"))
            pdf.add_font("Body", "B", str(FONT_DIR / "DejaVuSerif-Bold.ttf"))
            self.family = "Body"
        else:   # core font: Latin-1 only
            self.family = "Times"

    def clean(self, text: str) -> str:
        if self.unicode:
            return text
        table = {"—": "-", "–": "-", "’": "'", "‘": "'", "“": '"', "”": '"', "…": "..."}
        return "".join(table.get(c, c) for c in text).encode("latin-1", "replace").decode("latin-1")

    def use(self, bold: bool, size: float) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)

    def width(self, text: str) -> float:
        return self.pdf.get_string_width(text)


class _Layout:
    """Lays content out into per-page drawing operations, then renders them."""

    def __init__(self, pdf: FPDF, fonts: _Fonts) -> None:
        self.pdf, self.fonts = pdf, fonts
        self.pages: list[list[tuple]] = [[]]
        self.y = MARGIN_TOP
        self.words: list[str] = []
        self.hyphenated: list[tuple[str, str]] = []
        self.para_pages: list[tuple[str, int]] = []
        self.table_rows: list[str] = []
        self.column_text: list[str] = []
        self.bottom = PAGE_H - MARGIN_BOTTOM

    def new_page(self) -> None:
        self.pages.append([])
        self.y = MARGIN_TOP

    # -- line breaking
    def wrap(self, text: str, width: float, bold: bool, size: float, indent: float, hang: float):
        """Lines of (display words, forced) for the text; records hyphenations."""
        f = self.fonts
        f.use(bold, size)
        space = f.width(" ")
        lines: list[tuple[list[str], bool]] = []
        cur: list[str] = []
        cur_w = 0.0

        def avail() -> float:
            return width - (indent if not lines else hang)

        def finish(forced: bool) -> None:
            nonlocal cur, cur_w
            lines.append((cur, forced))
            cur, cur_w = [], 0.0

        def add(word: str) -> None:
            nonlocal cur_w
            cur_w += (space if cur else 0.0) + f.width(word)
            cur.append(word)

        def fits(word: str) -> bool:
            return not cur or cur_w + space + f.width(word) <= avail()

        for raw in text.split():
            raw = f.clean(raw)
            whole = plain(raw)
            while "~" in raw:
                left, raw = raw.split("~", 1)
                shown = left.replace(SHY, "")
                shown = shown if shown.endswith("-") else shown + "-"
                if not fits(shown):
                    finish(False)
                add(shown)
                finish(True)
                self.hyphenated.append((shown, whole))
            word = raw.replace(SHY, "")
            if fits(word):
                add(word)
                continue
            split_done = False
            points = [m.start() for m in re.finditer(SHY, raw)]
            points += [m.end() for m in re.finditer("-", raw) if m.end() < len(raw)]
            for p in sorted(points, reverse=True):
                head = raw[:p].replace(SHY, "")
                head = head if head.endswith("-") else head + "-"
                if cur and cur_w + space + f.width(head) <= avail():
                    add(head)
                    finish(False)
                    self.hyphenated.append((head, whole))
                    raw = raw[p:].lstrip(SHY)
                    split_done = True
                    break
            if not split_done and cur:
                finish(False)
            add(raw.replace(SHY, ""))
        if cur:
            lines.append((cur, True))
        return lines

    # -- content
    def para(self, p: Para, x0: float, width: float, *, column: int | None = None) -> None:
        bold = p.kind in ("heading", "title")
        size = {"title": 16.0, "heading": 11.5}.get(p.kind, BODY_SIZE)
        leading = LEADING * size / BODY_SIZE
        lines = self.wrap(p.text, width, bold, size, p.indent, p.hang)
        self.words += words_of(self.fonts.clean(plain(p.text)))
        first_page = None
        for k, (words, last) in enumerate(lines):
            if self.y + leading > self.bottom:
                self.new_page()
            baseline = self.y + size
            if first_page is None:
                first_page = len(self.pages)
            x = x0 + (p.indent if k == 0 else p.hang)
            w = width - (p.indent if k == 0 else p.hang)
            self.draw_line(words, x, baseline, w, bold, size, p.align if p.kind == "body" else "C" if p.kind == "title" else "L", last and k == len(lines) - 1)
            self.y += leading
        self.y += PARA_SPACE * (1.6 if p.kind != "body" else 1.0)
        self.para_pages.append((self.fonts.clean(plain(p.text)), first_page or len(self.pages)))

    def draw_line(self, words, x, baseline, width, bold, size, align, last) -> None:
        f = self.fonts
        f.use(bold, size)
        ops = self.pages[-1]
        if align == "C":
            text = " ".join(words)
            ops.append(("text", x + (width - f.width(text)) / 2, baseline, text, bold, size))
        elif align == "J" and not last and len(words) > 1:
            natural = sum(f.width(w) for w in words)
            gap = (width - natural) / (len(words) - 1)
            for w in words:
                ops.append(("text", x, baseline, w, bold, size))
                x += f.width(w) + gap
        elif align == "J":
            for w in words:
                ops.append(("text", x, baseline, w, bold, size))
                x += f.width(w) + f.width(" ")
        else:
            ops.append(("text", x, baseline, " ".join(words), bold, size))

    def table(self, t: Table) -> None:
        width = PAGE_W - 2 * MARGIN_X
        n = len(t.rows[0])
        fracs = t.widths or [1.0 / n] * n
        widths = [width * fr for fr in fracs]
        pad, size = 4.0, BODY_SIZE - 1
        leading = LEADING * size / BODY_SIZE
        self.y += 2
        for r, row in enumerate(t.rows):
            cells = [self.wrap(c, w - 2 * pad, r == 0, size, 0, 0) for c, w in zip(row, widths)]
            height = max(len(c) for c in cells) * leading + 2 * pad
            if self.y + height > self.bottom:
                self.new_page()
            x = MARGIN_X
            for lines, w in zip(cells, widths):
                if t.ruled:
                    self.pages[-1].append(("rect", x, self.y, w, height))
                for k, (words, _) in enumerate(lines):
                    self.draw_line(words, x + pad, self.y + pad + size + k * leading, w - 2 * pad, r == 0, size, "L", True)
                x += w
            self.y += height
            cleaned = [self.fonts.clean(plain(c)) for c in row]
            self.table_rows.append(" | ".join(cleaned))
            self.words += [w for c in cleaned for w in words_of(c)]
        self.y += PARA_SPACE + 4

    def columns(self, c: Columns) -> None:
        width = (PAGE_W - 2 * MARGIN_X - GUTTER) / 2
        # lay out into a scratch layout to get every line, then split in two columns
        scratch = _Layout(self.pdf, self.fonts)
        scratch.bottom = 1e9
        chunks = []     # (height, ops at y=0, para index)
        for i, p in enumerate(c.paras):
            scratch.pages = [[]]
            scratch.y = 0.0
            scratch.para(p, 0.0, width)
            chunks.append(scratch.pages[-1])
            self.column_text.append(self.fonts.clean(plain(p.text)))
        self.words += scratch.words
        self.hyphenated += scratch.hyphenated
        # flatten into lines with heights so that a paragraph may run on into the next column
        lines = []
        for i, ops in enumerate(chunks):
            by_baseline: dict[float, list] = {}
            for op in ops:
                by_baseline.setdefault(op[2], []).append(op)
            bases = sorted(by_baseline)
            for k, b in enumerate(bases):
                gap_after = (bases[k + 1] - b) if k + 1 < len(bases) else LEADING + PARA_SPACE
                lines.append((by_baseline[b], gap_after, i if k == 0 else None))
        total = sum(g for _, g, _ in lines)
        starts: dict[int, int] = {}
        while lines:
            room = self.bottom - self.y
            if room < 3 * LEADING:
                self.new_page()
                continue
            target = min(room, total / 2 + LEADING)
            top = self.y
            col_heights = []
            for col in range(2):
                x_shift = MARGIN_X + col * (width + GUTTER)
                y = top
                limit = target if col == 0 else room
                while lines and (y - top) + lines[0][1] <= limit + 0.01:
                    ops, gap, first_of = lines.pop(0)
                    if first_of is not None:
                        starts[first_of] = len(self.pages)
                    for op in ops:
                        self.pages[-1].append(("text", op[1] + x_shift, y + BODY_SIZE, op[3], op[4], op[5]))
                    y += gap
                    total -= gap
                col_heights.append(y - top)
            self.y = top + max(col_heights)
            if lines:
                self.new_page()
        texts = self.column_text[-len(c.paras):]
        self.para_pages += [(t, starts[i]) for i, t in enumerate(texts)]

    # -- rendering
    def render(self, path: pathlib.Path, header: str | None, footer: str | None,
               encrypt: tuple[str, str | None] | None) -> list[str]:
        pdf, f = self.pdf, self.fonts
        running = []
        total = len(self.pages)
        for n, ops in enumerate(self.pages, start=1):
            pdf.add_page()
            for line, y in ((header, HEADER_Y), (footer, FOOTER_Y)):
                if line:
                    text = f.clean(line.format(n=n, total=total))
                    f.use(False, 9)
                    pdf.text((PAGE_W - f.width(text)) / 2, y, text)
                    running.append(text)
            pdf.set_line_width(0.6)
            for op in ops:
                if op[0] == "text":
                    _, x, y, text, bold, size = op
                    f.use(bold, size)
                    pdf.text(x, y, text)
                else:
                    _, x, y, w, h = op
                    pdf.rect(x, y, w, h)
        if encrypt:
            pdf.set_encryption(owner_password=encrypt[0], user_password=encrypt[1])
        pdf.output(str(path))
        return running


def build_pdf(path: pathlib.Path, items: list, *, header: str | None = "Draft law — for consultation — 12 March 2026",
              footer: str | None = "Page {n} of {total}", encrypt: tuple[str, str | None] | None = None) -> Built:
    """Write the items as a PDF with running header and footer ('{n}', '{total}' are page numbers)."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title("Draft law")
    fonts = _Fonts(pdf)
    lay = _Layout(pdf, fonts)
    width = PAGE_W - 2 * MARGIN_X
    for item in items:
        if isinstance(item, Para):
            lay.para(item, MARGIN_X, width)
        elif isinstance(item, Table):
            lay.table(item)
        elif isinstance(item, Columns):
            lay.columns(item)
        elif isinstance(item, PageBreak):
            lay.new_page()
    if not lay.pages[-1]:
        lay.pages.pop()
    running = lay.render(path, header, footer, encrypt)
    return Built(path=path, pages=len(lay.pages), words=lay.words, running=running,
                 hyphenated=lay.hyphenated, para_pages=lay.para_pages, table_rows=lay.table_rows,
                 column_text=lay.column_text, unicode=fonts.unicode)


def build_image_pdf(path: pathlib.Path, text: str = "Article 1. This Act governs asylum.") -> None:
    """A 'scanned' PDF: a picture of text, no text layer."""
    from PIL import Image, ImageDraw

    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    for k, line in enumerate([text] * 20):
        draw.text((100, 100 + 40 * k), line, fill=0)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.image(buf, x=0, y=0, w=PAGE_W, h=PAGE_H)
    pdf.output(str(path))


# ------------------------------------------------------------ content
_HYPHENATION = {
    "protection": "protec\u00adtion", "international": "inter\u00adnational", "application": "appli\u00adcation",
    "applications": "appli\u00adcations", "detention": "deten\u00adtion", "authorities": "autho\u00adrities",
    "administrative": "admin\u00adistrative", "nationals": "nation\u00adals", "procedure": "proce\u00addure",
    "competent": "compe\u00adtent", "assessment": "assess\u00adment", "information": "infor\u00admation",
    "representative": "repre\u00adsentative", "determination": "deter\u00admination",
    "immediately": "imme\u00addiately", "circumstances": "circum\u00adstances", "consideration": "consid\u00aderation",
    "proceedings": "proceed\u00adings", "legislation": "legis\u00adlation", "accommodation": "accom\u00admodation",
    "protección": "protec\u00adción", "internacional": "inter\u00adnacional", "autoridad": "auto\u00adridad",
    "procedimiento": "procedi\u00admiento", "extranjeros": "extran\u00adjeros", "resolución": "reso\u00adlución",
    "migratoria": "migra\u00adtoria", "administrativa": "adminis\u00adtrativa", "solicitante": "solici\u00adtante",
}


def hyphenate(text: str) -> str:
    """Mark the hyphenation points a typesetter would use in long words."""
    return re.sub(r"\w+", lambda m: _HYPHENATION.get(m.group(0), m.group(0)), text)


EN_ARTICLES = [
    ("Purpose", ["This Act governs the entry, stay and removal of foreign nationals and the granting of international protection in accordance with the obligations of the State under international law."]),
    ("Right to apply", ["1. Any foreign national present in the territory or at the border may apply for international protection, and the application shall be registered within three working days.",
                        "2. The competent authority shall provide the applicant with information, in a language the applicant understands, on the procedure and on the rights and obligations of applicants."]),
    ("Protection against return", ["No person shall be expelled, returned or extradited in any manner whatsoever to a State where there are substantial grounds for believing that he or she would be in danger of being subjected to persecution, torture or other cruel, inhuman or degrading treatment, in line with the principle of non-refoulement."]),
    ("Grounds for detention", ["1. An applicant may be detained only where necessary, on the basis of an individual assessment, and only if other less coercive measures cannot be applied effectively.",
                               "2. Less coercive measures include:",
                               "(a) regular reporting to the authorities;",
                               "(b) the deposit of a financial guarantee; and",
                               "(c) an obligation to stay at an assigned place of accommodation."]),
    ("Duration of detention", ["Detention shall be for as short a period as possible and shall in no case exceed forty-five days, including any extension ordered by the administrative court."]),
    ("Judicial review", ["1. Detention shall be ordered in writing by a judicial authority or, in urgent cases, by the competent authority, in which case it shall be subject to judicial review within forty-eight hours.",
                         "2. Detained applicants shall be informed immediately in writing of the reasons for detention and of the possibility to challenge it, and shall have access to free legal assistance and representation."]),
    ("Removal decisions", ["1. A removal decision shall be issued in writing, stating reasons in fact and in law, and shall indicate the available remedies and the time limits for lodging them.",
                           "2. An appeal against a removal decision may be lodged before the administrative court within fifteen days, and shall have suspensive effect until the court has decided."]),
    ("Consular notification", ["The competent authority shall inform every detained foreign national without delay of the right to have the consular post of the State of nationality notified, and shall notify that post only at the request of the person concerned."]),
]

ES_ARTICLES = [
    ("Objeto", ["La presente Ley regula el ingreso, la permanencia y la salida de las personas extranjeras, así como el reconocimiento de la protección internacional conforme a los tratados ratificados por el Estado."]),
    ("Derecho a solicitar", ["1. Toda persona extranjera que se encuentre en el territorio nacional o en la frontera podrá solicitar protección internacional ante cualquier autoridad migratoria.",
                             "2. La autoridad competente registrará la solicitud en un plazo de tres días hábiles y entregará al solicitante información sobre el procedimiento en un idioma que comprenda."]),
    ("No devolución", ["Ninguna persona será devuelta, expulsada o extraditada a un Estado en el que existan razones fundadas para creer que estaría en peligro de ser sometida a persecución, tortura u otros tratos crueles, inhumanos o degradantes."]),
    ("Alojamiento", ["La detención de personas solicitantes de protección internacional será excepcional, se basará en una evaluación individual y no excederá de treinta días, prorrogables por resolución judicial motivada."]),
]


def law_items(n_chapters: int = 2, lang: str = "en", *, two_columns: bool = True, table: bool = True) -> list:
    """A draft law: title, chapters of articles, a penalties table and a two-column annex."""
    arts = EN_ARTICLES if lang == "en" else ES_ARTICLES
    label, chap, title = (("Article", "CHAPTER", "DRAFT ACT ON ASYLUM AND THE STAY OF FOREIGN NATIONALS")
                          if lang == "en" else ("Artículo", "CAPÍTULO", "PROYECTO DE LEY DE MIGRACIÓN Y PROTECCIÓN"))
    items: list = [Para(title, kind="title")]
    n = 0
    romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
              "XVI", "XVII", "XVIII", "XIX", "XX", "XXI", "XXII", "XXIII", "XXIV", "XXV", "XXVI", "XXVII",
              "XXVIII", "XXIX", "XXX", "XXXI", "XXXII", "XXXIII", "XXXIV", "XXXV", "XXXVI", "XXXVII", "XXXVIII",
              "XXXIX", "XL"]
    for c in range(n_chapters):
        items.append(Para(f"{chap} {romans[c % len(romans)]}", kind="heading"))
        items.append(Para("GENERAL PROVISIONS" if lang == "en" else "DISPOSICIONES GENERALES", kind="heading"))
        for heading, paras in arts:
            n += 1
            items.append(Para(f"{label} {n} - {heading}", kind="heading"))
            for k, text in enumerate(paras):
                item = text.startswith("(")
                items.append(Para(hyphenate(text), align="J" if (n + k) % 3 else "L",
                                  hang=18.0 if item else 0.0))
        if table and c % 2 == 0:
            n += 1
            if lang == "en":
                items.append(Para(f"{label} {n} - Penalties", kind="heading"))
                items.append(Para("Carriers who transport persons without the required documents shall be liable to the following fines:"))
                items.append(Table([["Offence", "Fine", "Authority"],
                                    ["Transport without visa", "EUR 3,000 per person", "Border police"],
                                    ["Failure to report passengers within the time limit set by regulation", "EUR 5,000", "Ministry of the Interior"],
                                    ["Repeat offence", "Double the fine", "Court"]], widths=[0.5, 0.25, 0.25]))
                items.append(Para("The fines shall not apply where the person transported is admitted to the asylum procedure."))
            else:
                items.append(Para(f"{label} {n} - Sanciones", kind="heading"))
                items.append(Para("Las empresas de transporte que trasladen personas sin los documentos exigidos serán sancionadas con las siguientes multas:"))
                items.append(Table([["Infracción", "Multa", "Autoridad"],
                                    ["Transporte sin visado", "3.000 por persona", "Policía de fronteras"],
                                    ["Omisión de informar sobre los pasajeros en el plazo reglamentario", "5.000", "Ministerio del Interior"]],
                                   widths=[0.5, 0.25, 0.25]))
                items.append(Para("Las multas no se aplicarán cuando la persona transportada sea admitida al procedimiento de asilo."))
        if two_columns and c % 4 == 1:
            items.append(Para("ANNEX " + romans[c % len(romans)] if lang == "en" else "ANEXO " + romans[c % len(romans)], kind="heading"))
            items.append(Columns([Para(hyphenate(p)) for p in (EN_ANNEX if lang == "en" else ES_ANNEX)]))
    return items


EN_ANNEX = [
    "Explanatory note. The reception conditions set out in this annex apply from the moment an application for international protection is made, whether at the border, in a transit zone or within the territory, and until a final decision has been taken on the application.",
    "Each applicant shall receive material reception conditions that provide an adequate standard of living, which guarantees subsistence and protects physical and mental health, with particular attention to the situation of vulnerable persons, including minors, unaccompanied minors, disabled people, elderly people, pregnant women and victims of torture.",
    "The competent authority shall ensure that applicants have access to emergency health care and essential treatment of illness, and to the necessary medical or other assistance for applicants who have special reception needs, including appropriate mental health care where needed.",
    "Minors shall have access to the education system under similar conditions as nationals for so long as an expulsion measure against them or their parents is not actually enforced, and such access shall not be postponed for more than three months from the date of application.",
]
ES_ANNEX = [
    "Nota explicativa. Las condiciones de acogida previstas en este anexo se aplican desde el momento en que se presenta una solicitud de protección internacional, ya sea en la frontera, en una zona de tránsito o dentro del territorio, hasta que se adopte una decisión definitiva.",
    "Toda persona solicitante recibirá condiciones materiales de acogida que aseguren un nivel de vida adecuado, que garantice su subsistencia y proteja su salud física y mental, con especial atención a las personas en situación de vulnerabilidad.",
    "La autoridad competente garantizará el acceso a la atención sanitaria de urgencia y al tratamiento básico de enfermedades, así como la asistencia médica necesaria para las personas con necesidades especiales de acogida.",
]


# ------------------------------------------------ fpdf2's own layout engine
PENALTIES = [["Offence", "Fine", "Authority"],
             ["Transport without visa", "EUR 3,000", "Police"],
             ["Failure to report passengers within the time limit set by the regulation in force", "EUR 5,000",
              "Ministry of the Interior"],
             ["Repeat offence", "Double", "Court"]]


class _Native(FPDF):
    """fpdf2 with its own header()/footer() hooks, as a drafter's script would use it."""

    def header(self) -> None:
        self.set_font("Helvetica", "I", 9)
        self.cell(0, 8, "Draft - 12 March 2026", align="C", new_x="LMARGIN", new_y="NEXT")
        self.ln(4)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 9)
        self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")


def build_native_pdf(path: pathlib.Path, borders_layout: str = "ALL", columns: int = 6) -> list[str]:
    """A draft laid out by fpdf2 itself (multi_cell, table(), text_columns()); returns its paragraphs."""
    pdf = _Native()
    pdf.add_page()
    paras: list[str] = []

    def para(text: str, bold: bool = False) -> None:
        pdf.set_font("Helvetica", "B" if bold else "", 11)
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        paras.append(text)

    para("Article 9 - Penalties", bold=True)
    para("Carriers who transport persons without the required documents shall be liable to the following fines:")
    with pdf.table(col_widths=(50, 25, 25), borders_layout=borders_layout) as table:
        for row in PENALTIES:
            cells = table.row()
            for c in row:
                cells.cell(c)
    pdf.ln(2)
    para("The fines shall not apply where the person transported is admitted to the asylum procedure.")
    para("Article 10 - Reception", bold=True)
    pdf.set_font("Helvetica", "", 10)
    with pdf.text_columns(ncols=2, text_align="J") as cols:
        for k in range(columns):
            text = (f"Paragraph {k + 1} of the annex. Each applicant shall receive material reception "
                    "conditions that provide an adequate standard of living and protect physical and "
                    "mental health, with attention to the situation of vulnerable persons. ") * 2
            cols.write(text.strip())
            cols.ln()
            paras.append(text.strip())
    pdf.output(str(path))
    return paras
