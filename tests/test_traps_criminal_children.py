"""Drafting traps for the criminal-law, trafficking, children and family rules.

Each case is a small realistic draft, in the drafting tradition of its
language, run through the real engine. A case asserts the status AND the
article that the evidence cites, so that a rule which reaches the right status
for the wrong reason fails.

Traps covered (from the review issue): negated prohibitions that are
safeguards; exceptions that gut a guarantee; mandatory vs discretionary
powers; a safeguard placed in another article or reached through a
cross-reference; the State's own consuls abroad; words that only look like
triggers ("no menor de", "se trata de", smuggling of goods, "tráfico de
estupefacientes").
"""


import pytest

from conftest import assert_findings, review_draft

from lawreview.rulebook.examples import run_example
from lawreview.rulebook.loader import load_rulebook

RULEBOOK = load_rulebook()


def _articles(finding, role=None):
    return {e.article for e in finding.evidence if role is None or e.role == role}


# (id, rule, lang, draft, expected status, articles the evidence must cite (any one), role of that evidence)
CASES = [
    # --- negated prohibitions are safeguards --------------------------------------------------
    ("neg-irregular-en", "irregular_stay.non_criminalization", "en",
     "Section 3\nUnlawful entry into or presence in the Republic shall not constitute a criminal offence.\n"
     "Section 4\nA foreign national who is unlawfully present may be removed in accordance with Part V.",
     "compliant", {"3"}, "safeguard"),
    ("neg-irregular-es", "irregular_stay.non_criminalization", "es",
     "Artículo 2.- En ningún caso la situación migratoria irregular de una persona configurará por sí misma "
     "la comisión de un delito.\nArtículo 3.- El extranjero que ingrese por un paso no habilitado será "
     "conminado a regularizar su situación.",
     "compliant", {"2", "3"}, "safeguard"),
    ("neg-smuggled-es", "smuggling.non_criminalization", "es",
     "Artículo 30.- Será reprimido con prisión de dos a seis años el que, con el fin de obtener un beneficio "
     "económico, facilitare el ingreso ilegal de personas al territorio nacional.\n"
     "Artículo 31.- Ningún migrante objeto de tráfico podrá ser perseguido penalmente por el hecho de haber "
     "sido objeto de las conductas del artículo anterior.",
     "compliant", {"30", "31"}, "safeguard"),
    ("neg-separation-en", "family.unity", "en",
     "Section 8\nNo child shall be separated from his or her parents by reason of their immigration status.\n"
     "Section 9\nA refugee is entitled to be joined by his or her spouse and minor children.",
     "compliant", {"9"}, "safeguard"),
    ("neg-stateless-fr", "children.birth_registration", "fr",
     "Article 4\nToute naissance survenue sur le territoire fait l'objet d'une déclaration à l'officier de "
     "l'état civil, quelle que soit la situation administrative des parents.\n"
     "Article 5\nAucun enfant né sur le territoire ne peut demeurer apatride.",
     "compliant", {"4", "5"}, "safeguard"),
    ("neg-victims-fr", "trafficking.non_punishment", "fr",
     "Article 6\nLa victime de la traite n'est passible d'aucune poursuite ni d'aucune sanction pénale pour "
     "les infractions qu'elle a été contrainte de commettre, y compris les infractions à la législation "
     "relative aux étrangers.",
     "compliant", {"6"}, "safeguard"),

    # --- an exception that guts the guarantee -------------------------------------------------
    ("gut-victims-en", "trafficking.non_punishment", "en",
     "Section 18\n(1) A victim of trafficking shall not be prosecuted or punished for any offence committed "
     "as a direct consequence of having been trafficked.\n(2) Subsection (1) does not apply where the victim "
     "is considered a danger to national security.",
     "conflict", {"18"}, "red_flag"),
    ("gut-victims-es", "trafficking.non_punishment", "es",
     "Artículo 10.- Las víctimas de trata de personas no serán sancionadas por los delitos que hayan cometido "
     "como consecuencia directa de su condición de víctimas, salvo los delitos previstos en la legislación "
     "migratoria.",
     "conflict", {"10"}, "red_flag"),
    ("gut-irregular-fr", "irregular_stay.non_criminalization", "fr",
     "Article 12\nLe séjour irrégulier constitue un manquement administratif. Toutefois, l'étranger qui "
     "séjourne irrégulièrement sur le territoire après une mesure d'éloignement est puni d'un an "
     "d'emprisonnement.",
     "conflict", {"12"}, "red_flag"),
    ("gut-smuggling-en", "smuggling.non_criminalization", "en",
     "Section 117\n(1) No person shall organise, induce, aid or abet the coming into the country of one or "
     "more persons who are not in possession of a visa required by this Act.\n(2) A person who contravenes "
     "subsection (1) commits an offence and is liable on conviction to imprisonment for ten years.\n"
     "(3) It is not a defence that the accused did not act for financial or other material benefit, or "
     "that he acted for humanitarian reasons.",
     "conflict", {"117"}, "red_flag"),

    # --- mandatory vs discretionary -----------------------------------------------------------
    ("shall-guardian-en", "children.unaccompanied", "en",
     "Section 14\n(1) The Director shall appoint a guardian without delay for every unaccompanied minor.\n"
     "(2) An unaccompanied minor shall have access to a lawyer free of charge.",
     "compliant", {"14"}, "safeguard"),
    ("may-guardian-en", "children.unaccompanied", "en",
     "Section 14\n(1) The Director may appoint a guardian for an unaccompanied minor.\n"
     "(2) An unaccompanied minor shall have access to a lawyer free of charge.",
     "partial", {"14"}, "safeguard"),
    ("podra-guardian-es", "children.unaccompanied", "es",
     "Artículo 45.- La autoridad migratoria podrá solicitar la designación de un tutor para el niño, niña o "
     "adolescente no acompañado.\nArtículo 46.- El niño no acompañado contará con asistencia letrada gratuita.",
     "partial", {"46"}, "safeguard"),

    # --- a safeguard in another article, reached through a cross-reference ---------------------
    ("xref-humanitarian-en", "smuggling.non_criminalization", "en",
     "Section 12\nAny person who assists the unlawful entry of a foreign national into the Republic commits "
     "an offence and is liable to imprisonment for up to five years.\n"
     "Section 13\nNo person shall be prosecuted under section 12 for assistance provided for humanitarian "
     "purposes and without any financial gain.",
     "compliant", {"13"}, "safeguard"),
    ("xref-exemption-stay-only-fr", "smuggling.non_criminalization", "fr",
     "Article 7\nSous réserve de l'article 8, est puni de cinq ans d'emprisonnement le fait de faciliter "
     "l'entrée, la circulation ou le séjour irréguliers d'un étranger.\n"
     "Article 8\nL'aide à la circulation ou au séjour irréguliers d'un étranger ne peut donner lieu à des "
     "poursuites pénales lorsqu'elle a été apportée dans un but exclusivement humanitaire.",
     "conflict", {"7"}, "red_flag"),
    ("xref-unconditional-es", "trafficking.protection", "es",
     "Artículo 6.- La víctima de trata tiene derecho a recibir alojamiento apropiado, asistencia médica y "
     "psicológica gratuita y patrocinio jurídico.\n"
     "Artículo 7.- Las víctimas de trata extranjeras tendrán derecho a obtener una residencia temporaria por "
     "razones humanitarias.\nArtículo 8.- Los derechos de los artículos 6 y 7 se reconocen con prescindencia "
     "de la condición de denunciante de la víctima.",
     "compliant", {"6", "7"}, "safeguard"),
    ("conditional-assistance-fr", "trafficking.protection", "fr",
     "Article 13\nLa victime de la traite qui dépose plainte ou témoigne dans une procédure pénale bénéficie "
     "d'un hébergement sécurisé et d'une assistance médicale et psychologique.",
     "conflict", {"13"}, "red_flag"),

    # --- words that only look like triggers ---------------------------------------------------
    ("lookalike-menor-es", "children.best_interests", "es",
     "Artículo 3.- El recurso deberá interponerse en un plazo no menor de diez días.\n"
     "Artículo 4.- La resolución se notificará en el menor tiempo posible.",
     "not_applicable", set(), None),
    ("lookalike-se-trata-es", "trafficking.protection", "es",
     "Artículo 9.- Cuando se trate de extranjeros con residencia permanente, la autoridad migratoria podrá "
     "prorrogar el plazo. El tráfico de estupefacientes será causa de expulsión.",
     "not_applicable", set(), None),
    ("lookalike-goods-en", "smuggling.non_criminalization", "en",
     "Section 40\nAny person who smuggles goods into the country or is concerned in the smuggling of "
     "prohibited goods commits an offence and is liable on conviction to imprisonment for two years.",
     "not_applicable", set(), None),
    ("lookalike-contrebande-fr", "smuggling.non_criminalization", "fr",
     "Article 414\nSont passibles d'un emprisonnement de trois ans les faits de contrebande de marchandises "
     "prohibées.",
     "not_applicable", set(), None),
    ("own-consuls-abroad-es", "children.birth_registration", "es",
     "Artículo 75.- La declaración de los nacimientos de hijos de padre o madre nacional ocurridos en el "
     "exterior podrá hacerse ante los agentes consulares de la República.",
     "not_applicable", set(), None),
    ("own-consuls-repatriation-es", "trafficking.protection", "es",
     "Artículo 5.- Las víctimas de trata tendrán derecho a alojamiento apropiado y asistencia médica y "
     "psicológica, y podrán obtener una residencia temporaria.\n"
     "Artículo 14.- Los consulados de la República en el exterior asistirán a los nacionales que sean "
     "víctimas de trata de personas en otros países y facilitarán su repatriación.",
     "compliant", {"5"}, "safeguard"),
    ("facilitator-not-migrant-en", "irregular_stay.non_criminalization", "en",
     "Section 20\nA person who, for financial gain, facilitates the unlawful entry of another person commits "
     "an offence and is liable to imprisonment for ten years.\n"
     "Section 21\nA foreign national who enters the country unlawfully shall be liable to removal.",
     "compliant", {"21"}, "safeguard"),
    ("birth-certificate-in-list-en", "children.birth_registration", "en",
     "Section 6\nAn application for a residence permit shall be accompanied by the applicant's passport, "
     "birth certificate and two photographs.",
     "not_applicable", set(), None),
]


@pytest.mark.parametrize("case_id,rule,lang,text,status,articles,role", CASES, ids=[c[0] for c in CASES])
def test_trap(case_id, rule, lang, text, status, articles, role):
    finding = run_example(RULEBOOK, rule, text, lang)
    cited = _articles(finding, role)
    assert finding.status == status, (
        f"{case_id}: got {finding.status}, want {status}; evidence={[(e.article, e.role, e.quote) for e in finding.evidence]}")
    if articles:
        assert cited & articles, f"{case_id}: evidence cites {cited} ({role}), want one of {articles}"
    else:
        assert not finding.evidence


_review = review_draft


def test_full_pipeline_es_trafficking_law():
    """A whole Spanish trafficking law: the definition gives consent effect, the non-punishment clause
    carves out immigration offences, assistance is reserved to cooperating victims, and irregular entry
    is imprisoned — while the smuggling offence is Protocol-compliant."""
    text = (
        "LEY DE TRATA DE PERSONAS Y TRÁFICO DE MIGRANTES\n"
        "Artículo 2.- Se entiende por trata de personas la captación, el traslado o la acogida de una persona "
        "con fines de explotación sexual, mediante violencia o engaño.\n"
        "Artículo 3.- El consentimiento de la víctima mayor de edad excluirá la responsabilidad penal.\n"
        "Artículo 5.- Será reprimido con prisión de ocho a doce años el que facilitare la entrada ilegal de una "
        "persona con el fin de obtener, directa o indirectamente, un beneficio económico.\n"
        "Artículo 6.- El migrante objeto de tráfico no será penalmente responsable por el hecho de haber sido "
        "objeto de la conducta descrita en el artículo anterior.\n"
        "Artículo 7.- El extranjero que ingrese al territorio nacional eludiendo el control migratorio "
        "incurrirá en prisión de seis meses a dos años.\n"
        "Artículo 8.- Las víctimas de trata que colaboren con las autoridades en la investigación tendrán "
        "derecho a alojamiento temporal y asistencia médica y psicológica.\n"
        "Artículo 10.- Las víctimas de trata no serán sancionadas por los delitos cometidos como consecuencia "
        "directa de su condición de víctimas, salvo los delitos previstos en la legislación migratoria.\n"
    )
    f = _review(text, "es")
    expect = {
        "trafficking.definition": ("conflict", "3"),
        "smuggling.non_criminalization": ("compliant", "5"),
        "irregular_stay.non_criminalization": ("conflict", "7"),
        "trafficking.protection": ("conflict", "8"),
        "trafficking.non_punishment": ("conflict", "10"),
    }
    assert_findings(f, expect)


def test_full_pipeline_en_children_bill():
    """An English bill on children: X-ray age assessment as the rule with no benefit of the doubt; a
    guardian and a lawyer in another section; best interests stated; birth registration tied to the
    parents' residence permits."""
    text = (
        "CHILDREN (MIGRATION) BILL\n"
        "Section 1\nIn every decision under this Act concerning a child, the best interests of the child shall be "
        "a primary consideration.\n"
        "Section 2\nThe age of a person who claims to be a minor shall be determined by an X-ray examination "
        "of the wrist.\n"
        "Section 3\nA guardian shall be appointed for every unaccompanied minor, who shall be assisted by a "
        "lawyer.\n"
        "Section 4\nThe birth of a child to foreign parents shall be registered only upon production of the "
        "parents' valid residence permits.\n"
    )
    f = _review(text, "en")
    expect = {
        "children.best_interests": ("compliant", "1"),
        "children.unaccompanied": ("conflict", "2"),
        "children.birth_registration": ("conflict", "4"),
    }
    assert_findings(f, expect)


def test_full_pipeline_fr_family_and_stay():
    """A French bill: family ties set aside before removal, reunification excluded for a category, and
    the irregular-stay offence of the CESEDA model."""
    text = (
        "PROJET DE LOI RELATIF À L'IMMIGRATION\n"
        "Article 1\nLe regroupement familial peut être demandé pour le conjoint et les enfants mineurs de "
        "l'étranger titulaire d'une carte de résident.\n"
        "Article 2\nLes bénéficiaires de la protection temporaire ne peuvent prétendre au regroupement familial.\n"
        "Article 3\nEst puni d'un an d'emprisonnement le fait, pour un étranger, de se maintenir irrégulièrement "
        "sur le territoire français sans motif légitime.\n"
    )
    f = _review(text, "fr")
    assert f["family.unity"].status == "conflict"
    assert "2" in {e.article for e in f["family.unity"].evidence}
    assert f["irregular_stay.non_criminalization"].status == "conflict"
    assert "3" in {e.article for e in f["irregular_stay.non_criminalization"].evidence}
    assert f["trafficking.protection"].status == "not_applicable"
