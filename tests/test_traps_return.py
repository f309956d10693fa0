"""Drafting traps for the protection-from-return and expulsion rules.

Each test runs a small, realistic multi-article draft through the real
engine (structure -> annotate -> assess) and checks both the status and the
article the evidence cites. The traps come from how laws are really drafted:
negated prohibitions that are safeguards, exceptions that gut a guarantee,
exception grounds listed in items under a chapeau, safeguards placed in
another article and reached by cross-reference, look-alike words, and the
Spanish "paso no habilitado" / French "ne … que" constructions.
"""

import pytest

from lawreview.annotate import annotate
from lawreview.pipeline import review_document
from lawreview.rulebook.examples import example_document, run_example
from lawreview.rulebook.loader import load_rulebook

from conftest import check_rule

RULEBOOK = load_rulebook()


check = check_rule


# -- negated prohibitions are safeguards ---------------------------------------

@pytest.mark.parametrize("lang,text,article", [
    ("en", "Section 1\nThe Minister may order the removal of a foreign national who has no right to remain.\n"
           "Section 2\nNo person shall be removed, returned or extradited to a country where he or she would be at "
           "risk of persecution, torture or cruel, inhuman or degrading treatment.", "2"),
    ("es", "Artículo 1.- La Dirección Nacional de Migraciones podrá disponer la expulsión del extranjero en situación irregular.\n"
           "Artículo 2.- En ningún caso podrá ejecutarse la expulsión de una persona a un país donde corra riesgo de ser "
           "sometida a persecución, a tortura o a tratos crueles, inhumanos o degradantes.", "2"),
    ("fr", "Article 1\nL'autorité administrative peut obliger à quitter le territoire français l'étranger en situation irrégulière.\n"
           "Article 2\nAucun étranger ne peut être renvoyé vers un État où il serait exposé à la persécution, à la torture "
           "ou à des traitements inhumains ou dégradants.", "2"),
])
def test_negated_nonrefoulement_is_a_safeguard(lang, text, article):
    check("nonrefoulement", lang, text, "compliant", [article], "safeguard")


@pytest.mark.parametrize("lang,text,article", [
    ("en", "Section 1\nThe Minister may order the deportation of a foreign national whose permit has expired.\n"
           "Section 2\nForeign nationals shall not be expelled collectively or as a group.", "2"),
    ("es", "Artículo 1.- Serán causales de expulsión de las personas extranjeras las previstas en esta ley.\n"
           "Artículo 2.- Queda prohibida la expulsión colectiva de migrantes.", "2"),
    ("fr", "Article 1\nL'expulsion d'un étranger peut être prononcée lorsque sa présence constitue une menace grave pour l'ordre public.\n"
           "Article 2\nAucune mesure d'éloignement collective ne peut être prise à l'encontre d'étrangers.", "2"),
])
def test_negated_collective_expulsion_is_a_safeguard(lang, text, article):
    check("expulsion.collective", lang, text, "compliant", [article], "safeguard")


# -- an exception that guts the guarantee --------------------------------------

@pytest.mark.parametrize("lang,text,article", [
    # the grounds sit in items under an exception chapeau (IRPA s. 115(2) style)
    ("en", "Section 7\n(1) A protected person shall not be removed to a country where they would be at risk of persecution "
           "or at risk of torture or cruel and unusual treatment or punishment.\n"
           "(2) Subsection (1) does not apply in the case of a person\n"
           "(a) who is inadmissible on grounds of serious criminality and who constitutes, in the opinion of the Minister, "
           "a danger to the public; or\n"
           "(b) who is inadmissible on grounds of security.\n"
           "Section 8\nThis Act comes into force on the day of its publication.", "7"),
    ("es", "Artículo 4.- Ninguna persona será devuelta a un país donde su vida o su integridad física corran peligro. "
           "No podrá invocar el beneficio del presente artículo la persona considerada un peligro para la seguridad nacional.\n"
           "Artículo 5.- La presente ley entrará en vigor al día siguiente de su publicación.", "4"),
    ("fr", "Article 3\nL'étranger ne peut être éloigné vers un pays où il serait exposé à la torture ou à des persécutions. "
           "Toutefois, cette protection ne s'applique pas lorsque la présence de l'étranger constitue une menace grave pour "
           "la sûreté de l'État.\nArticle 4\nLa présente loi entre en vigueur le lendemain de sa publication.", "3"),
])
def test_security_exception_reaching_torture_is_a_conflict(lang, text, article):
    f = check("nonrefoulement", lang, text, "conflict", [article], "red_flag")
    assert "security_override" in f.flags


@pytest.mark.parametrize("lang,text,article", [
    ("en", "Section 2\n(1) No refugee shall be returned to a country where he would face persecution or torture.\n"
           "(2) The benefit of subsection (1) may not be claimed by a refugee who is a danger to national security.\n"
           "(3) Subsection (2) does not apply where there are substantial grounds for believing that the person would be "
           "in danger of being subjected to torture.", "2"),
    ("fr", "Article 2\nI. – Aucun réfugié ne peut être refoulé vers un État où sa vie ou sa liberté serait menacée ou où il "
           "risquerait d'être soumis à la torture.\nII. – Le bénéfice du I ne peut toutefois être invoqué par un réfugié "
           "qui constitue une menace grave pour la sûreté de l'État, sauf s'il court un risque réel d'être soumis à la torture.", "2"),
])
def test_security_exception_with_torture_carveout_is_compliant(lang, text, article):
    """Refugee Convention art. 33(2) is lawful when the torture limb stays absolute."""
    check("nonrefoulement", lang, text, "compliant", [article], "safeguard")


def test_exception_guts_collective_expulsion_prohibition():
    text = ("Article 9\nCollective expulsion of foreign nationals is prohibited, except in the event of a mass influx "
            "declared by the Government.\nArticle 10\nThis Act comes into force on publication.")
    check("expulsion.collective", "en", text, "conflict", ["9"], "red_flag")


# -- "shall not" in a consequence clause; deadlines ---------------------------

@pytest.mark.parametrize("lang,text,article", [
    ("en", "Section 3\nAny person in the territory may apply for asylum.\nSection 4\nAn application for asylum must be lodged "
           "within 72 hours of arrival, failing which it shall not be registered.", "4"),
    ("es", "Artículo 8.- Toda persona tiene derecho a solicitar refugio.\nArtículo 9.- La solicitud de refugio deberá "
           "presentarse dentro de los tres (3) días siguientes al ingreso al país.", "9"),
    ("fr", "Article 5\nTout étranger peut demander l'asile.\nArticle 6\nLa demande d'asile est présentée auprès de tout poste "
           "frontière ou commissariat de police, dans un délai de soixante-douze heures à compter de l'entrée sur le territoire.", "6"),
])
def test_asylum_filing_deadline_is_a_conflict(lang, text, article):
    f = check("asylum.access", lang, text, "conflict", [article], "red_flag")
    assert "filing_deadline" in f.flags


def test_authority_deadline_is_not_a_filing_deadline():
    text = ("Section 3\nAny foreign national present in the territory or at the border may apply for international protection.\n"
            "Section 4\nAn application shall be registered within three working days of being made to any public official, "
            "and a decision on the application shall be made within six months.")
    check("asylum.access", "en", text, "compliant", ["3"], "safeguard")


# -- safeguard in another article, reached by a cross-reference ----------------

@pytest.mark.parametrize("lang,text,article", [
    ("en", "Section 5\nA person who enters the country otherwise than at a port of entry commits an offence and is liable "
           "on conviction to imprisonment for a term not exceeding two years.\nSection 6\nSection 5 does not apply to a "
           "person who has made a claim for refugee protection, pending the determination of the claim.", "6"),
    ("fr", "Article 1\nEst puni d'un an d'emprisonnement le fait, pour un étranger, de pénétrer sur le territoire sans se "
           "conformer aux dispositions relatives à l'entrée.\nArticle 2\nLes dispositions de l'article 1 ne s'appliquent "
           "pas à l'étranger qui a présenté une demande d'asile.", "2"),
])
def test_penalty_exemption_in_a_tied_article(lang, text, article):
    check("refugees.non_penalization", lang, text, "compliant", [article], "safeguard")


def test_penalty_without_exemption_is_a_conflict_and_no_habilitado_is_not_a_negation():
    text = ("Artículo 7.- El extranjero que ingrese al territorio nacional por un lugar no habilitado incurrirá en prisión "
            "de seis meses a dos años.\nArtículo 8.- La presente ley entrará en vigor al día siguiente de su publicación.")
    f = check("refugees.non_penalization", "es", text, "conflict", ["7"], "red_flag")
    assert "entry_offence" in f.flags


@pytest.mark.parametrize("lang,text,article", [
    ("en", "Section 1\nA removal order may be challenged by way of judicial review in the High Court.\nSection 2\nA person "
           "who has applied for judicial review under section 1 shall not be removed before the Court has ruled.", "2"),
    ("es", "Artículo 1.- Contra la orden de expulsión procederá recurso ante el juez competente.\nArtículo 2.- La orden de "
           "expulsión no se ejecutará hasta que quede firme la resolución del recurso previsto en el artículo 1.", "2"),
    ("fr", "Article 1\nLa décision d'éloignement peut être contestée devant le tribunal administratif.\nArticle 2\nLa "
           "décision mentionnée à l'article 1 ne peut faire l'objet d'une exécution d'office avant que le tribunal ait statué.", "2"),
])
def test_suspensive_effect_in_a_tied_article(lang, text, article):
    f = check("expulsion.remedy_suspensive", lang, text, "compliant")
    assert article in {e.article for e in f.evidence}, [(e.article, e.quote) for e in f.evidence]


# -- red flags against the remedy ----------------------------------------------

@pytest.mark.parametrize("lang,text,article,flag", [
    ("en", "Section 14\nA removal order made under this Part is final and shall not be questioned in any court.", "14", "no_remedy"),
    ("es", "Artículo 9.- La deportación será ordenada por la autoridad migratoria mediante resolución. Contra dicha "
           "resolución no cabrá recurso alguno.", "9", "no_remedy"),
    ("fr", "Article 7\nLe recours formé par l'étranger contre l'arrêté d'expulsion n'a pas d'effet suspensif.", "7", "not_suspensive"),
    ("es", "Artículo 35.- Las decisiones de rechazo en frontera de personas extranjeras serán recurribles exclusivamente "
           "desde el exterior.", "35", "appeal_from_abroad"),
])
def test_remedy_red_flags(lang, text, article, flag):
    f = check("expulsion.remedy_suspensive", lang, text, "conflict", [article], "red_flag")
    assert flag in f.flags


def test_onward_appeal_not_suspensive_is_not_a_red_flag():
    """French 'appel' against the court's judgment need not suspend removal once the first remedy did."""
    text = ("Article 4\nLa décision d'éloignement peut être contestée devant le tribunal administratif ; le recours est "
            "suspensif.\nArticle 5\nLe jugement rendu sur le recours prévu à l'article 4 est susceptible d'appel. "
            "L'appel n'est pas suspensif.")
    check("expulsion.remedy_suspensive", "fr", text, "compliant", ["4"], "safeguard")


# -- summary expulsion; look-alikes ---------------------------------------------

@pytest.mark.parametrize("lang,text,article", [
    ("en", "Section 14\n(1) An immigration officer may arrest a person found in breach of the conditions of entry.\n"
           "(2) A person so arrested may be removed forthwith without further formality.", "14"),
    ("es", "Artículo 12.- El extranjero sorprendido en situación migratoria irregular será expulsado de plano, sin más trámite.", "12"),
    ("fr", "Article 9\nL'étranger qui a pénétré irrégulièrement sur le territoire est reconduit à la frontière sans autre formalité.", "9"),
])
def test_summary_expulsion_is_a_conflict(lang, text, article):
    check("expulsion.due_process", lang, text, "conflict", [article], "red_flag")


@pytest.mark.parametrize("lang,text", [
    ("en", "Section 8\n(1) The employer shall keep the worker's passport only with the worker's consent.\n(2) The employer "
           "shall return the passport to the foreign worker on the termination of the contract of employment.\n"
           "Section 9\nA tax return shall be filed by every employer of foreign workers."),
    ("es", "Artículo 22.- Los empleadores que contraten trabajadores extranjeros en situación irregular serán sancionados "
           "con multa.\nArtículo 23.- El Estado brindará refugio temporal a las víctimas de violencia en albergues públicos."),
    ("fr", "Article 12\nAucune retenue sur salaire ne peut être opérée au titre des frais de recrutement.\nArticle 13\n"
           "L'employeur rembourse au travailleur les frais de son voyage de retour."),
])
def test_lookalike_words_do_not_trigger(lang, text):
    for rule_id in ("nonrefoulement", "refugees.non_penalization", "expulsion.collective", "expulsion.remedy_suspensive"):
        finding = run_example(RULEBOOK, rule_id, text, lang)
        assert finding.status == "not_applicable", (rule_id, lang, finding.status,
                                                    [(e.article, e.quote) for e in finding.evidence])


def test_public_interest_is_not_a_security_ground_but_dispensing_reasons_is_a_conflict():
    text = ("Section 4\nThe Minister may order the deportation of any foreign national whose presence he considers "
            "contrary to the public interest, and shall not be required to give reasons for the order.")
    f = check("expulsion.due_process", "en", text, "conflict", ["4"], "red_flag")
    assert f.flags == ["summary_expulsion"]
    # and no non-refoulement security override is read into "public interest"
    nr = run_example(RULEBOOK, "nonrefoulement", text, "en")
    assert "security_override" not in nr.flags


# -- French "ne … que" look-alike and the restrictive "ne … que" ---------------

def test_french_ne_peut_etre_eloigne_sil_etablit_que_is_a_prohibition():
    text = ("Article L721-4\nL'autorité administrative peut désigner comme pays de renvoi le pays dont l'étranger a la "
            "nationalité.\nUn étranger ne peut être éloigné à destination d'un pays s'il établit que sa vie ou sa liberté y "
            "sont menacées ou qu'il y est exposé à des traitements contraires aux stipulations de l'article 3 de la "
            "Convention européenne de sauvegarde des droits de l'homme.")
    check("nonrefoulement", "fr", text, "compliant", ["L721-4"], "safeguard")


def test_unaccompanied_child_returned_without_guarantees_is_a_conflict_but_ne_que_is_a_guarantee():
    bad = ("Article 14\nLe mineur non accompagné dont la demande a été rejetée est éloigné vers son pays d'origine dans un "
           "délai de sept jours.")
    check("return.safe_dignified", "fr", bad, "conflict", ["14"], "red_flag")
    good = ("Article 14\nL'étranger faisant l'objet d'une obligation de quitter le territoire français dispose d'un "
            "délai de trente jours pour quitter volontairement le territoire.\n"
            "Article 15\nL'éloignement est exécuté dans le respect de la dignité de la personne ; le mineur non accompagné "
            "n'est éloigné que vers un membre de sa famille, un tuteur ou une structure d'accueil adaptée.")
    f = check("return.safe_dignified", "fr", good, "compliant", ["15"], "safeguard")
    assert "child_guarantees" in f.present


# -- the asylum-seeker's own consulate: the defined term counts ---------------

def test_defined_applicant_counts_as_asylum_seeker():
    text = ("Article 2\nFor the purposes of this Act:\n(a) \"applicant\" means a foreign national who has applied for "
            "international protection;\n(b) \"minor\" means a person below the age of eighteen years.\nArticle 10\nThe competent authority shall notify the consulate of the applicant's "
            "country of nationality of the detention of any applicant.")
    ann = annotate(example_document(text, "en"), RULEBOOK)
    hit_articles = {ann.sentences[i].article.num for i in ann.hits("asylum_seeker")}
    assert "10" in hit_articles


# -- the full pipeline on a multi-article draft --------------------------------

def test_full_pipeline_on_a_small_spanish_draft():
    text = ("Artículo 1.- Toda persona tiene derecho a solicitar y recibir refugio en el territorio nacional.\n"
            "Artículo 2.- Ningún solicitante de refugio podrá ser devuelto a un país donde su vida, su libertad o su "
            "integridad física estén en peligro.\n"
            "Artículo 3.- Queda prohibida la expulsión colectiva de extranjeros. Cada caso será examinado y decidido "
            "individualmente.\n"
            "Artículo 4.- La resolución de expulsión podrá ser recurrida ante el juez competente. La interposición del "
            "recurso tendrá efecto suspensivo.")
    review = review_document(example_document(text, "es"), rulebook=RULEBOOK)
    got = {f.rule.id: (f.status, {e.article for e in f.evidence}) for f in review.findings}
    assert got["asylum.access"][0] == "compliant" and "1" in got["asylum.access"][1]
    assert got["nonrefoulement"][0] == "compliant" and "2" in got["nonrefoulement"][1]
    assert got["expulsion.collective"][0] == "compliant" and "3" in got["expulsion.collective"][1]
    assert got["expulsion.remedy_suspensive"][0] == "compliant" and "4" in got["expulsion.remedy_suspensive"][1]
