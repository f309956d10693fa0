"""Codified statutes read as well as drafts (issue 10, item 1): '§ 1158.' sections,
keyword-less numbered headings, US nesting (a)(1)(A)(i)(I), Spanish disposiciones,
'art:N —' headings, run-in headings ending with a period, and an article's first
paragraph on the label's line."""

from lawreview.structure import parse_file


def _tree(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_file(path)


def _eids(doc) -> list[str]:
    return [p.eid for p in doc.walk() if p.kind in ("article", "paragraph", "item")]


def test_united_states_code_sections_and_nesting(tmp_path):
    doc = _tree(tmp_path, "usc.txt", """TITLE 8—ALIENS AND NATIONALITY
§ 1158. Asylum
(a) Authority to apply for asylum
(1) In general
Any alien who is physically present in the United States may apply for asylum.
(2) Exceptions
(A) Safe third country
Paragraph (1) shall not apply to an alien who may be removed to a safe third country.
(B) Time limit
Paragraph (1) shall not apply unless the application has been filed within 1 year.
(i) first clause;
(ii) second clause, which has—
(I) a first subclause; and
(II) a second subclause.
(b) Conditions for granting asylum
The Secretary may grant asylum to an alien who has applied.
§§ 1159-1160. Adjustment of status
An alien granted asylum may apply for adjustment of status.
""")
    arts = doc.articles()
    assert [(a.num, a.heading) for a in arts] == [("1158", "Asylum"), ("1159-1160", "Adjustment of status")]
    eids = _eids(doc)
    assert "art_1158__point_a__para_2__point_b__point_ii__point_II" in eids
    assert "art_1158__point_b" in eids and "art_1158__point_a__para_1" in eids


def test_westminster_excerpt_with_numbered_headings_and_no_keyword(tmp_path):
    doc = _tree(tmp_path, "nz.txt", """Immigration Act 2009
Part 9
Detention and monitoring
12 Detention of persons liable to removal
(1) A person who is liable for arrest and detention may be detained.
(2) A person detained under subsection (1) must be brought before a District Court judge within 96 hours.
13 Release on conditions
(1) A judge may order the release of a person on conditions.
14 Children
No person under the age of 18 years may be detained under section 12.
""")
    assert [(a.num, a.heading) for a in doc.articles()] == [
        ("12", "Detention of persons liable to removal"), ("13", "Release on conditions"), ("14", "Children")]
    assert "sec_12__subsec_2" in _eids(doc)


def test_spanish_code_bis_articles_and_disposiciones(tmp_path):
    doc = _tree(tmp_path, "lo.txt", """LEY ORGÁNICA 4/2000
Artículo 62 bis. Derechos de los extranjeros internados.
1. Los centros de internamiento de extranjeros son establecimientos públicos de carácter no penitenciario.
Artículo 63. Procedimiento preferente.
1. Se tramitarán por el procedimiento preferente las propuestas de expulsión.
Disposición adicional décima. Menores extranjeros no acompañados.
Los menores extranjeros no acompañados no podrán ser internados en centros de internamiento.
Disposición transitoria primera. Régimen transitorio.
Los procedimientos iniciados continuarán su tramitación.
""")
    assert [(a.num, a.heading) for a in doc.articles()] == [
        ("62bis", "Derechos de los extranjeros internados"), ("63", "Procedimiento preferente"),
        ("DA10", "Menores extranjeros no acompañados"), ("DT1", "Régimen transitorio")]
    assert doc.articles()[2].text.startswith("Los menores extranjeros no acompañados")


def test_scraped_art_colon_headings(tmp_path):
    doc = _tree(tmp_path, "ley.md", "# Ley 1\n\n## art:1 — OBJETO\nubicacion: CAPITULO I.\n\nLa presente ley tiene por objeto "
                "proteger a las víctimas.\n\n## art:2 — PRINCIPIOS\n\nLa interpretación se orientará por los principios.\n")
    arts = doc.articles()
    assert [(a.num, a.heading) for a in arts] == [("1", "OBJETO"), ("2", "PRINCIPIOS")]
    assert "La presente ley tiene por objeto" in arts[0].text


def test_first_paragraph_on_the_labels_line_opens_paragraph_one(tmp_path):
    doc = _tree(tmp_path, "draft.txt", """Detention Act
Article 1. (1) The officer may detain a person.
(2) The person shall be informed of the reasons.
Article 2 (1) The officer may detain a child only as a last resort.
(2) The child shall be released within 24 hours.
Artículo 3. 1. El oficial podrá detener a la persona.
2. Se informará a la persona de sus derechos.
""")
    assert [a.text for a in doc.articles()] == ["", "", ""]
    assert [e for e in _eids(doc) if "para" in e] == [
        "art_1__para_1", "art_1__para_2", "art_2__para_1", "art_2__para_2", "art_3__para_1", "art_3__para_2"]
