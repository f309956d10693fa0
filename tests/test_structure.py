"""The provision tree on the drafting conventions of en/es/fr."""

import pytest

from lawreview.model import Block, RawDocument
from lawreview.structure import parse_raw
from lawreview.structure.numbering import normalise_num, ordinal_value


def parse_lines(text: str, lang: str):
    blocks = [Block(text=l.strip()) for l in text.strip().split("\n") if l.strip()]
    return parse_raw(RawDocument(source="t.txt", sha256="0", format="txt", blocks=blocks, language=lang))


def nums(doc):
    return [a.num for a in doc.articles()]


@pytest.mark.parametrize("word,value", [
    ("PRIMERO", 1), ("DÉCIMO NOVENO", 19), ("decimonoveno", 19), ("VIGÉSIMO PRIMERO", 21),
    ("único", 1), ("premier", 1), ("Undécimo", 11), ("SÉPTIMO", 7),
])
def test_ordinals(word, value):
    assert ordinal_value(word) == value


@pytest.mark.parametrize("num,suffix,out", [("15", " bis", "15bis"), ("L. 551-1", "", "L551-1"), ("PRIMERO", "", "1"), ("12", "", "12")])
def test_normalise_num(num, suffix, out):
    assert normalise_num(num, suffix) == out


def test_spanish_labels_and_ordinals():
    doc = parse_lines("""
        LEY DE PRUEBA
        ARTÍCULO PRIMERO.- La presente ley regula la migración.
        ARTÍCULO SEGUNDO.- Texto del segundo.
        Art. 3.- Texto del tercero.
        Artículo 4°.- Texto del cuarto:
        a) primer inciso;
        b) segundo inciso.
        ARTÍCULO 4° bis.- Texto intercalado.
        ARTÍCULO DÉCIMO NOVENO.- Texto del decimonoveno.
        Artículo único.- Texto.
    """, "es")
    assert nums(doc) == ["1", "2", "3", "4", "4bis", "19", "1"]
    art4 = doc.articles()[3]
    assert [c.num for c in art4.children] == ["a", "b"]
    assert art4.children[0].eid == "art_4__point_a"
    # the repeated "1" gets a distinct eId
    assert doc.articles()[-1].eid == "art_1_2"


def test_french_code_and_premier():
    doc = parse_lines("""
        TITRE IER
        DISPOSITIONS GÉNÉRALES
        Chapitre Ier
        Objet
        Article premier
        La présente loi s'applique aux étrangers.
        Article L. 551-1
        I. - L'étranger peut être placé en rétention.
        II. - Il est informé de ses droits.
    """, "fr")
    assert nums(doc) == ["1", "L551-1"]
    title = doc.provisions[0]
    assert (title.kind, title.num, title.heading) == ("title", "I", "DISPOSITIONS GÉNÉRALES")
    assert title.children[0].kind == "chapter"
    art = doc.articles()[1]
    assert [c.num for c in art.children] == ["I", "II"]


def test_westminster_sections_and_toc():
    doc = parse_lines("""
        THE MIGRATION BILL
        ARRANGEMENT OF SECTIONS
        1. Short title
        2. Detention
        BE IT ENACTED by Parliament as follows:
        PART 1
        PRELIMINARY
        1. Short title
        This Act may be cited as the Migration Act.
        2. Detention
        (1) An officer may detain a person if necessary.
        (2) A person detained under subsection (1)—
        (a) shall be informed of the reasons; and
        (b) may apply to a court.
    """, "en")
    assert nums(doc) == ["1", "2"], "the arrangement of sections is not a second set of sections"
    toc = doc.provisions[1]
    assert toc.kind == "other" and "Short title" in toc.text
    sec2 = doc.articles()[1]
    assert sec2.eid == "sec_2"
    assert sec2.children[1].eid == "sec_2__subsec_2"
    assert sec2.children[1].children[1].eid == "sec_2__subsec_2__para_b"


def test_section_keyword_as_article():
    doc = parse_lines("""
        An Act respecting refugees
        Section 1 Short title
        This Act may be cited as the Refugee Act.
        Section 2 Protection
        No person shall be returned to a country where he or she would face persecution.
    """, "en")
    assert nums(doc) == ["1", "2"]
    assert doc.articles()[1].label == "Section 2"
    assert doc.articles()[1].eid == "sec_2"


def test_quoted_article_belongs_to_amending_article():
    doc = parse_lines("""
        LEY MODIFICATORIA
        ARTÍCULO 1°.- Sustitúyese el artículo 70 de la Ley N° 25.871 por el siguiente:
        “ARTÍCULO 70.- La expulsión será dispuesta por resolución fundada.
        a) Se notificará por escrito.”
        ARTÍCULO 2°.- Comuníquese.
    """, "es")
    assert nums(doc) == ["1", "2"]
    quoted = doc.articles()[0].children[0]
    assert quoted.kind == "article" and quoted.num == "70"
    assert quoted.eid == "art_1__art_70"
    assert "resolución fundada" in doc.articles()[0].full_text()


def test_enumeration_ending_in_siguientes_is_not_an_amendment():
    doc = parse_lines("""
        ARTÍCULO 1°.- La autoridad tendrá las siguientes funciones:
        a) controlar el ingreso;
        ARTÍCULO 2°.- Texto.
        ARTÍCULO 3°.- Texto.
    """, "es")
    assert nums(doc) == ["1", "2", "3"]


def test_wrapped_reference_is_not_an_article():
    doc = parse_lines("""
        ARTÍCULO 1°.- Los rechazos motivados en los impedimentos establecidos por el
        artículo 29 llevan implícita la prohibición de reingreso.
        ARTÍCULO 2°.- Texto.
    """, "es")
    assert nums(doc) == ["1", "2"]
    assert "artículo 29 llevan" in doc.articles()[0].text


def test_cross_references_and_definitions():
    doc = parse_lines("""
        Article 1 - Definitions
        "holding facility" means a place where persons are kept pending removal.
        Article 2 - Detention
        A person may be detained in accordance with article 3.
        Article 3 - Review
        Detention under the preceding article is reviewed by a court.
        Article 4 - Other law
        Article 9 of the Penal Code applies.
    """, "en")
    refs = {(r.source, r.target) for r in doc.references}
    assert ("art_2", "art_3") in refs
    assert ("art_3", "art_2") in refs  # "the preceding article"
    assert not any(r.source == "art_4" for r in doc.references), "a reference to another law is not internal"
    assert doc.definitions[0].term == "holding facility"


def test_not_legislation_is_refused():
    from lawreview.errors import InputError
    with pytest.raises(InputError, match="does not look like legislation"):
        parse_lines("Dear colleague,\nthe meeting is on Monday.\nBest regards", "en")


def test_westminster_marginal_notes_and_dash_styles():
    doc = parse_lines("""
        THE IMMIGRATION BILL
        PART 1 — PRELIMINARY
        Short title
        1. This Act may be cited as the Immigration Act.
        Interpretation
        2. In this Act "officer" means an immigration officer.
        3.—(1) An officer may detain a person.
        (2) The person shall be informed of the reasons.
        4. Removal.—An officer may remove a person who has no right to remain.
        5. (1) The Minister may make regulations.
        (2) Regulations shall be laid before Parliament.
    """, "en")
    assert nums(doc) == ["1", "2", "3", "4", "5"]
    s1, s2, s3, s4, s5 = doc.articles()
    assert (s1.heading, s2.heading) == ("Short title", "Interpretation"), "marginal notes are headings"
    assert "Short title" not in doc.provisions[0].text
    assert [c.num for c in s3.children] == ["1", "2"] and s3.children[0].eid == "sec_3__subsec_1"
    assert s4.heading == "Removal" and s4.text.startswith("An officer may remove")
    assert [c.num for c in s5.children] == ["1", "2"]


def test_numbered_paragraphs_out_of_sequence_stay_paragraphs():
    doc = parse_lines("""
        1. Scope
        This Act applies to foreign nationals.
        2. Detention
        1. A person may be detained.
        2. Detention shall not exceed 30 days.
        3. Review
        A court reviews detention.
    """, "en")
    assert nums(doc) == ["1", "2", "3"]
    assert [c.num for c in doc.articles()[1].children] == ["1", "2"]


def test_short_first_sentence_with_a_verb_is_not_a_heading():
    doc = parse_lines("""
        Article 1 - Collective expulsion. Collective expulsion is prohibited. Each case is examined individually.
        ARTÍCULO 2.- Se prohíbe la expulsión colectiva. Cada caso se examina individualmente.
        ARTÍCULO 3.- Medidas alternativas. Son medidas alternativas la fianza y la presentación periódica.
    """, "en")
    a1, a2, a3 = doc.articles()
    assert a1.heading == "Collective expulsion" and a1.text.startswith("Collective expulsion is prohibited")
    assert a2.heading == "" and a2.text.startswith("Se prohíbe")
    assert a3.heading == "Medidas alternativas"


def test_list_of_articles_ties_each_one():
    doc = parse_lines("""
        Artículo 1.- Texto uno.
        Artículo 2.- Texto dos.
        Artículo 3.- Texto tres.
        Artículo 4.- Las garantías de los artículos 1, 2 y 3 se aplican a toda persona alojada.
    """, "es")
    assert {r.target for r in doc.references if r.source == "art_4"} == {"art_1", "art_2", "art_3"}
