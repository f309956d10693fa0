"""PDF ingest: reading order, running headers/footers, hyphenation, columns, tables, errors."""

from __future__ import annotations

import difflib
import os
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from lawreview.errors import InputError
from lawreview.ingest.pdf import read_pdf
from pdfmaker import (Columns, Para, build_image_pdf, build_pdf, hyphenate, law_items,
                      words_of)

DEV = Path(__file__).resolve().parents[2] / "shared" / "dev-corpus"


def all_words(blocks) -> list[str]:
    return [w for b in blocks for w in words_of(b.text)]


def assert_same_words(expected: list[str], got: list[str]) -> None:
    if expected == got:
        return
    diffs = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(a=expected, b=got, autojunk=False).get_opcodes():
        if op != "equal":
            diffs.append(f"{op}: expected {expected[max(0, a0 - 3):a1 + 3]} got {got[max(0, b0 - 3):b1 + 3]}")
    raise AssertionError("words differ from the source:\n" + "\n".join(diffs[:10]))


def block_with(blocks, start: str):
    found = [b for b in blocks if b.text.startswith(start)]
    assert found, f"no block starts with {start!r}"
    return found[0]


@pytest.fixture(scope="module")
def law(tmp_path_factory):
    """A 5+ page draft: header, footer 'Page n of N', hyphenation, a table, a two-column annex."""
    path = tmp_path_factory.mktemp("pdf") / "draft.pdf"
    built = build_pdf(path, law_items(2))
    blocks, pages = read_pdf(path)
    return built, blocks, pages


# ----------------------------------------------------------- whole document
def test_every_word_in_order_and_nothing_else(law):
    built, blocks, pages = law
    assert pages == built.pages >= 4
    assert_same_words(built.words, all_words(blocks))


def test_running_header_footer_and_page_numbers_removed(law):
    built, blocks, _ = law
    assert len(built.running) == 2 * built.pages
    for b in blocks:
        assert "consultation" not in b.text
        assert not re.search(r"Page \d+ of \d+", b.text), b.text


def test_paragraph_pages(law):
    built, blocks, _ = law
    checked, k = 0, 0
    for text, page in built.para_pages:      # in order: the same text may occur twice
        found = next((j for j in range(k, len(blocks)) if blocks[j].text == text), None)
        if found is not None:
            assert blocks[found].page == page, (text, blocks[found].page, page)
            checked, k = checked + 1, found + 1
    assert checked == len(built.para_pages)


def test_headings_are_separate_blocks(law):
    _, blocks, _ = law
    texts = [b.text for b in blocks]
    k = texts.index("CHAPTER I")
    assert texts[k + 1] == "GENERAL PROVISIONS"
    assert blocks[k].style == blocks[k + 1].style == "heading"
    assert block_with(blocks, "Article 1 - Purpose").style == "heading"
    assert blocks[0].text == "DRAFT ACT ON ASYLUM AND THE STAY OF FOREIGN NATIONALS"
    assert blocks[0].style == "heading"
    body = block_with(blocks, "This Act governs")
    assert body.style == "body"
    assert body.text.endswith("under international law.")


def test_list_items_are_paragraphs(law):
    _, blocks, _ = law
    texts = [b.text for b in blocks]
    k = texts.index("2. Less coercive measures include:")
    assert texts[k + 1] == "(a) regular reporting to the authorities;"
    assert texts[k + 2] == "(b) the deposit of a financial guarantee; and"
    assert texts[k + 3] == "(c) an obligation to stay at an assigned place of accommodation."


def test_table_rows_in_place(law):
    built, blocks, _ = law
    rows = [b for b in blocks if b.style == "table_row"]
    per_table = len(built.table_rows)
    assert [b.text for b in rows[:per_table]] == built.table_rows
    texts = [b.text for b in blocks]
    first = texts.index(built.table_rows[0])
    assert texts[first - 1].startswith("Carriers who transport persons")
    assert texts[first + per_table].startswith("The fines shall not apply")
    assert all(b.style != "table_row" for b in blocks if "|" not in b.text)


def test_two_column_annex_read_column_by_column(law):
    built, blocks, _ = law
    texts = [b.text for b in blocks]
    # every annex paragraph comes out whole (including the one that runs on into
    # the right column), in source order
    positions = [texts.index(t) for t in built.column_text]
    assert positions == sorted(positions)
    assert positions == list(range(positions[0], positions[0] + len(positions)))


# ------------------------------------------------------------- hyphenation
def test_hyphenation(tmp_path):
    items = [
        Para("Article 1 - Scope", kind="heading"),
        Para("The competent authority shall guarantee the protec~tion of every applicant and "
             "shall decide within forty-~five days on each application for interna~tional protection.", align="L"),
        Para("Every person enjoys protection against refoulement under the principle of non-~refoulement "
             "as recognised by the State in its legislation and practice.", align="J"),
        Para("La autoridad garantizará la protec~ción internacional de toda persona solicitante.", align="J"),
        Para("The decision is taken on a case-by-case basis by the competent authority, mid-line hyphens stay."),
    ]
    built = build_pdf(tmp_path / "hyph.pdf", items, header=None)
    blocks, _ = read_pdf(built.path)
    assert_same_words(built.words, all_words(blocks))
    text = "\n".join(b.text for b in blocks)
    assert "protection of every applicant" in text
    assert "forty-five days" in text
    assert "international protection." in text
    assert "non-refoulement" in text
    assert "protección internacional" in text
    assert "case-by-case" in text and "mid-line" in text
    assert "protec-" not in text and "protec tion" not in text
    # the forced breaks really happened at line ends
    assert ("forty-", "forty-five") in built.hyphenated
    assert ("protec-", "protection") in built.hyphenated


def test_natural_hyphenation_of_long_paragraphs(tmp_path):
    text = " ".join(["The competent authority shall take into consideration the individual circumstances "
                     "of each applicant for international protection, including detention conditions, "
                     "accommodation and access to information about the administrative procedure."] * 4)
    built = build_pdf(tmp_path / "natural.pdf", [Para(hyphenate(text), align="J")], header=None)
    assert len(built.hyphenated) >= 2, "the generator should have hyphenated some line ends"
    blocks, _ = read_pdf(built.path)
    assert len(blocks) == 1
    assert_same_words(built.words, all_words(blocks))


# ----------------------------------------------------------------- layout
def test_paragraph_runs_on_across_pages(tmp_path):
    long = " ".join(f"Sentence number {k} of the long provision continues here without a break." for k in range(90))
    built = build_pdf(tmp_path / "long.pdf", [Para("Article 1 - Long provision", kind="heading"), Para(long)])
    blocks, pages = read_pdf(built.path)
    assert pages >= 2
    assert [b.text for b in blocks] == ["Article 1 - Long provision", long]
    assert blocks[1].page == 1


def test_two_columns_with_short_lines_and_headings(tmp_path):
    left = ["Article 30 - Reception", "The reception conditions apply from the moment an application is made "
            "at the border or in the territory, until a final decision is taken on it by the authority.",
            "Article 31 - Health care", "Applicants shall have access to emergency health care and to the "
            "essential treatment of illness and of serious mental disorders, free of charge."]
    items = [Para("ANNEX", kind="heading"),
             Columns([Para(t, kind="heading") if t.startswith("Article") else Para(t) for t in left * 3]),
             Para("Done at the capital on the first day of March.")]
    built = build_pdf(tmp_path / "cols.pdf", items, header=None)
    blocks, _ = read_pdf(built.path)
    assert_same_words(built.words, all_words(blocks))
    texts = [b.text for b in blocks]
    assert texts[0] == "ANNEX"
    assert texts[1:13] == left * 3
    assert texts[-1] == "Done at the capital on the first day of March."


def test_one_page_document_keeps_its_top_line_and_drops_page_number(tmp_path):
    items = [Para("Article 1 - Entry into force", kind="heading"),
             Para("This Act shall enter into force on the day following its publication.")]
    built = build_pdf(tmp_path / "one.pdf", items, header="Republic of Examplia — Official Gazette",
                      footer="- {n} -")
    blocks, pages = read_pdf(built.path)
    assert pages == 1
    assert blocks[0].text == "Republic of Examplia — Official Gazette" or blocks[0].text.startswith("Republic of Examplia")
    assert all(not re.fullmatch(r"-?\s*1\s*-?", b.text) for b in blocks)
    assert blocks[-1].text.endswith("following its publication.")


def test_header_with_varying_digits_and_dash_page_numbers(tmp_path):
    items = law_items(1, two_columns=False, table=False)
    built = build_pdf(tmp_path / "dash.pdf", items, header="Bill No. 12/2026 — page {n}", footer="- {n} -")
    blocks, _ = read_pdf(built.path)
    assert built.pages >= 2
    assert_same_words(built.words, all_words(blocks))


def test_spanish_draft(tmp_path):
    built = build_pdf(tmp_path / "ley.pdf", law_items(2, "es"), header="Proyecto de ley — versión 3",
                      footer="Página {n} de {total}")
    blocks, _ = read_pdf(built.path)
    assert_same_words(built.words, all_words(blocks))
    assert block_with(blocks, "CAPÍTULO I").style == "heading"
    assert [b.text for b in blocks if b.style == "table_row"][:3] == built.table_rows[:3]


def test_owner_password_only_pdf_is_read(tmp_path):
    built = build_pdf(tmp_path / "restricted.pdf", law_items(1, two_columns=False), encrypt=("owner", None))
    blocks, _ = read_pdf(built.path)
    assert_same_words(built.words, all_words(blocks))


# ------------------------------------------------------------------ errors
def error_of(path: Path) -> str:
    with pytest.raises(InputError) as exc:
        read_pdf(path)
    msg = str(exc.value)
    assert "\n" not in msg and path.name in msg
    return msg.lower()


def test_truncated_pdf(tmp_path, law):
    built, _, _ = law
    data = built.path.read_bytes()
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: len(data) // 2])
    assert "truncated" in error_of(path) or "damaged" in error_of(path)


def test_random_bytes(tmp_path):
    path = tmp_path / "noise.pdf"
    path.write_bytes(os.urandom(5000))
    assert "not a pdf" in error_of(path)


def test_damaged_pdf_with_header(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + os.urandom(4000) + b"\n%%EOF\n")
    assert "damaged" in error_of(path)


def test_encrypted_pdf(tmp_path):
    built = build_pdf(tmp_path / "locked.pdf", [Para("Article 1 - Secret")], encrypt=("owner", "user"))
    assert "password" in error_of(built.path)


def test_image_only_pdf(tmp_path):
    path = tmp_path / "scan.pdf"
    build_image_pdf(path)
    msg = error_of(path)
    assert "scanned" in msg and "ocr" in msg


def test_pdf_without_text(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 50, 50)
    pdf.add_page()
    path = tmp_path / "blank.pdf"
    pdf.output(str(path))
    assert "no text" in error_of(path)


def test_missing_file(tmp_path):
    assert "cannot read" in error_of(tmp_path / "nowhere.pdf")


# ------------------------------------------------------ speed and memory
def test_faster_than_half_of_pdfplumber(tmp_path):
    import pdfplumber

    built = build_pdf(tmp_path / "speed.pdf", law_items(10, table=True))
    read_pdf(built.path)   # warm imports
    t0 = time.perf_counter()
    read_pdf(built.path)
    ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    with pdfplumber.open(built.path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
    theirs = time.perf_counter() - t0
    assert ours < 0.5 * theirs, (built.pages, ours, theirs)


def test_memory_stays_flat_on_long_drafts(tmp_path):
    built = build_pdf(tmp_path / "long.pdf", law_items(64, two_columns=True))
    assert built.pages >= 80
    tracemalloc.start()
    blocks, pages = read_pdf(built.path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert pages == built.pages
    text_bytes = sum(len(b.text) for b in blocks)
    assert peak < 40 * 2**20, peak
    assert peak < 40 * text_bytes, (peak, text_bytes)


# ---------------------------------------------------------- shared corpus
@pytest.mark.parametrize("name", ["dev1_asylum_reform_bill", "dev2_ley_migracion"])
def test_dev_corpus(name):
    pdf, txt = DEV / f"{name}.pdf", DEV / f"{name}.txt"
    if not pdf.exists() or not txt.exists():
        pytest.skip("shared/dev-corpus is not here")
    blocks, pages = read_pdf(pdf)
    assert pages >= 2
    got = all_words(blocks)
    expected = words_of(txt.read_text(encoding="utf-8"))
    assert_same_words(expected, got)
    # the running lines of the PDF are gone
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    first = doc[0].get_textpage().get_text_range().splitlines()
    doc.close()
    header, footer = first[0].strip(), first[-1].strip()
    assert header and footer
    for b in blocks:
        assert header not in b.text and not re.search(r"\bPage \d+\b", b.text)
    assert blocks[0].page == 1 and blocks[-1].page == pages


# ------------------------------------------------- fpdf2's own layout engine
@pytest.mark.parametrize("layout", ["ALL", "NONE", "HORIZONTAL_LINES", "MINIMAL", "SINGLE_TOP_LINE",
                                    "NO_HORIZONTAL_LINES"])
def test_fpdf2_tables_any_borders(tmp_path, layout):
    from pdfmaker import PENALTIES, build_native_pdf

    paras = build_native_pdf(tmp_path / "native.pdf", layout, columns=16)   # two pages
    blocks, pages = read_pdf(tmp_path / "native.pdf")
    assert pages >= 2
    texts = [b.text for b in blocks]
    rows = [" | ".join(r) for r in PENALTIES]
    k = texts.index(rows[0])
    assert texts[k - 1] == paras[1]
    assert texts[k:k + len(rows)] == rows
    assert all(b.style == "table_row" for b in blocks[k:k + len(rows)])
    assert texts[k + len(rows)] == paras[2]
    assert all("Page" not in t and "Draft - 12" not in t for t in texts)


def test_fpdf2_text_columns_over_pages(tmp_path):
    from pdfmaker import build_native_pdf

    paras = build_native_pdf(tmp_path / "cols.pdf", "ALL", columns=14)
    blocks, pages = read_pdf(tmp_path / "cols.pdf")
    assert pages >= 2
    texts = [b.text for b in blocks]
    k = texts.index("Article 10 - Reception")
    assert texts[k + 1:] == paras[4:]


def test_columns_running_over_a_page_break(tmp_path):
    annex = [f"Paragraph {k} of the annex: the applicant shall receive reception conditions that "
             f"guarantee an adequate standard of living and protect physical and mental health, "
             f"and the competent authority shall review them every {k + 2} months." for k in range(1, 16)]
    items = [Para("Article 1 - Reception", kind="heading"),
             Para(" ".join(["The reception conditions are set out in the annex to this Act."] * 30)),
             Para("ANNEX", kind="heading"), Columns([Para(t) for t in annex]),
             Para("Done at the capital on the first day of March.")]
    built = build_pdf(tmp_path / "runon.pdf", items)
    blocks, pages = read_pdf(built.path)
    assert pages >= 2
    assert_same_words(built.words, all_words(blocks))
    texts = [b.text for b in blocks]
    k = texts.index("ANNEX")
    assert texts[k + 1:k + 1 + len(annex)] == annex


def test_body_at_page_top_is_not_a_running_header_and_stamps_are_dropped(tmp_path):
    """'Article N' opening each page (N = page number!) is content; a diagonal DRAFT stamp is not."""
    from fpdf import FPDF

    pdf = FPDF()
    expected = []
    for k in range(1, 4):
        pdf.add_page()
        with pdf.rotation(45, 105, 150):
            pdf.set_font("Helvetica", "B", 60)
            pdf.text(40, 160, "DRAFT")
        pdf.set_font("Helvetica", "", 11)
        pdf.set_xy(20, 25)
        heading, body = f"Article {k} - Scope", f"This Act applies to every foreign national, part {k}."
        pdf.multi_cell(0, 6, f"{heading}\n{body}", new_x="LMARGIN", new_y="NEXT")
        expected += [heading, body]
    pdf.output(str(tmp_path / "stamped.pdf"))
    blocks, _ = read_pdf(tmp_path / "stamped.pdf")
    assert [b.text for b in blocks] == expected
    assert [b.page for b in blocks] == [1, 1, 2, 2, 3, 3]


def test_rotated_pages(tmp_path):
    import pypdfium2 as pdfium

    built = build_pdf(tmp_path / "upright.pdf", law_items(1, two_columns=False))
    doc = pdfium.PdfDocument(str(built.path))
    for i in range(len(doc)):
        doc[i].set_rotation(90)
    doc.save(str(tmp_path / "rotated.pdf"))
    doc.close()
    blocks, _ = read_pdf(tmp_path / "rotated.pdf")
    assert_same_words(built.words, all_words(blocks))
