"""Drafting traps for the detention rules (section C of the IML catalogue).

Each case is a small, realistic multi-article draft run through the real
engine (structure -> annotate -> assess). It asserts the status AND the
article that the evidence cites, so a rule that reaches the right status for
the wrong reason fails too.
"""

import pytest

from lawreview.rulebook.examples import run_example
from lawreview.rulebook.loader import load_rulebook

from conftest import check_rule

RULEBOOK = load_rulebook()


check = check_rule


# -- 1. A negated prohibition is a safeguard, not a trigger ------------------
NEGATED_PROHIBITION = [
    ("en", "Section 1\nThis Act governs the detention and removal of foreign nationals.\n"
           "Section 2\nNo child shall be held in immigration detention."),
    ("es", "Artículo 1.- La presente ley regula la retención de personas extranjeras.\n"
           "Artículo 2.- Ningún menor de edad podrá ser privado de libertad por motivos migratorios."),
    ("fr", "Article 1\nLe présent chapitre régit la rétention administrative.\n"
           "Article 2\nAucun mineur ne peut être placé en rétention."),
]


@pytest.mark.parametrize("lang,text", NEGATED_PROHIBITION, ids=[c[0] for c in NEGATED_PROHIBITION])
def test_negated_prohibition_is_a_safeguard(lang, text):
    check("detention.children", lang, text, "compliant", ["2"])


# -- 2. An exception that guts a guarantee ------------------------------------
GUTTED = [
    ("detention.children", "en",
     "Article 4\nNo child shall be held in immigration detention.\n"
     "Article 5\nThe prohibition in article 4 does not apply where the child is considered a danger to national security.", ["5"]),
    ("detention.children", "fr",
     "Article 4\nAucun mineur ne peut être placé en rétention. Toutefois, le mineur accompagnant ses parents peut être retenu avec eux lorsque ceux-ci représentent une menace pour l'ordre public.", ["4"]),
    ("detention.last_resort", "en",
     "Section 9\n(1) A person may be detained only where strictly necessary, on the basis of an individual assessment.\n"
     "(2) Subsection (1) does not apply where the Minister considers the person a danger to national security.", ["9"]),
    ("detention.judicial_review", "es",
     "Artículo 12.- El extranjero retenido podrá interponer hábeas corpus ante el juez competente, que resolverá dentro de las veinticuatro horas.\n"
     "Artículo 13.- Lo dispuesto en el artículo 12 no será aplicable cuando la retención obedezca a razones de seguridad nacional.", ["13"]),
    ("detention.max_duration", "fr",
     "Article 7\nLa durée de la rétention ne peut excéder quarante-cinq jours, sauf si l'étranger représente une menace pour l'ordre public.", ["7"]),
]


@pytest.mark.parametrize("rule_id,lang,text,arts", GUTTED, ids=[f"{c[0]}-{c[1]}" for c in GUTTED])
def test_exception_guts_the_guarantee(rule_id, lang, text, arts):
    check(rule_id, lang, text, "conflict", arts)


def test_without_the_exception_the_same_guarantee_holds():
    check("detention.judicial_review", "es",
          "Artículo 12.- El extranjero retenido podrá interponer hábeas corpus ante el juez competente, que resolverá dentro de las veinticuatro horas.",
          "compliant", ["12"])


# -- 3. Mandatory versus discretionary detention ------------------------------
MANDATORY = [
    ("en", "Section 5\nA foreign national who enters without leave shall be detained pending removal.", "conflict", ["5"]),
    ("en", "Section 5\nAn officer may detain a foreign national who enters without leave.", "gap", ["5"]),
    ("es", "Artículo 5.- El extranjero que ingrese sin autorización será asegurado en la estación migratoria.", "conflict", ["5"]),
    ("es", "Artículo 5.- La autoridad migratoria podrá disponer la retención del extranjero que ingrese sin autorización.", "gap", ["5"]),
    ("fr", "Article 5\nL'étranger entré irrégulièrement doit être placé en rétention.", "conflict", ["5"]),
    ("fr", "Article 5\nL'autorité administrative peut placer en rétention l'étranger entré irrégulièrement.", "gap", ["5"]),
]


@pytest.mark.parametrize("lang,text,status,arts", MANDATORY, ids=[f"{c[0]}-{c[2]}" for c in MANDATORY])
def test_shall_detain_is_not_may_detain(lang, text, status, arts):
    check("detention.last_resort", lang, text, status, arts)


# -- 4. Renewals with no ceiling ----------------------------------------------
RENEWALS = [
    ("en", "Section 12\n(1) Detention under this Part shall not exceed thirty days.\n"
           "Section 13\nThe period of detention may be extended for further periods as required.", "conflict", ["13"]),
    ("en", "Section 12\nDetention shall not exceed thirty days and may be extended once for a further period of thirty days.",
     "compliant", ["12"]),
    ("es", "Artículo 8.- La retención no podrá exceder de treinta días, prorrogable por períodos sucesivos mientras subsistan las causas que la motivaron.",
     "conflict", ["8"]),
    ("es", "Artículo 8.- El plazo máximo de la retención será de treinta (30) días corridos, prorrogable una única vez por idéntico término.",
     "compliant", ["8"]),
    ("fr", "Article 7\nLa rétention ne peut excéder trente jours.\nArticle 8\nLe maintien en rétention est renouvelable par décision du préfet.",
     "conflict", ["8"]),
    ("fr", "Article 7\nLa prolongation de la rétention est renouvelable. La durée totale de la rétention ne peut en aucun cas excéder quatre-vingt-dix jours.",
     "compliant", ["7"]),
]


@pytest.mark.parametrize("lang,text,status,arts", RENEWALS, ids=[f"{c[0]}-{c[2]}" for c in RENEWALS])
def test_renewal_without_ceiling(lang, text, status, arts):
    check("detention.max_duration", lang, text, status, arts)


def test_until_removal_is_no_limit():
    check("detention.max_duration", "es",
          "Artículo 5.- El extranjero en situación irregular será asegurado.\n"
          "Artículo 6.- El aseguramiento se mantendrá hasta que se ejecute la deportación.", "conflict", ["6"])


# -- 5. A safeguard in another article, reached by a cross-reference ----------
CROSS_REFERENCE = [
    ("detention.max_duration", "en",
     "Section 30\nA person may be detained under this section pending removal.\n"
     "Section 31\nThe maximum period of detention under section 30 is sixty days.", "compliant", ["31"]),
    ("detention.alternatives", "fr",
     "Article 3\nL'étranger peut être assigné à résidence, avec obligation de se présenter périodiquement aux services de police.\n"
     "Article 4\nLe placement en rétention n'est décidé que si les mesures prévues à l'article 3 ne permettent pas de garantir l'exécution de l'éloignement.",
     "compliant", ["3", "4"]),
    ("detention.judicial_review", "en",
     "Section 41\nAn officer may detain a person who is liable to removal.\n"
     "Section 42\nA person detained under section 41 shall be brought before a judge within 48 hours, who shall review the lawfulness of the detention.",
     "compliant", ["42"]),
    ("detention.information_counsel", "es",
     "Artículo 20.- La retención se regirá por las garantías del artículo 21.\n"
     "Artículo 21.- La persona retenida será informada sin demora, en un idioma que comprenda, de los motivos de la medida y de sus derechos, y tendrá derecho a asistencia letrada gratuita.",
     "compliant", ["21"]),
]


@pytest.mark.parametrize("rule_id,lang,text,status,arts", CROSS_REFERENCE, ids=[f"{c[0]}-{c[1]}" for c in CROSS_REFERENCE])
def test_safeguard_in_another_article(rule_id, lang, text, status, arts):
    check(rule_id, lang, text, status, arts)


def test_a_ceiling_for_another_measure_does_not_count():
    # "sixty days" is the appeal deadline, in an article with no tie to detention
    check("detention.max_duration", "en",
          "Section 30\nAn officer may detain a person pending removal.\n"
          "Section 50\nAn appeal against a refusal of a visa shall be lodged within a period not exceeding sixty days.",
          "gap", ["30"])


# -- 6. Consular notice of an asylum-seeker's own State is a conflict ---------
CONSULAR_ASYLUM = [
    ("en", "Article 2\n\"Applicant\" means a foreign national who has applied for international protection.\n"
           "Article 10\nThe competent authority shall notify the consulate of the applicant's country of nationality of the detention of any applicant.",
     ["10"]),
    ("es", "Artículo 2.- La retención de personas extranjeras será ordenada por el juez.\n"
           "Artículo 3.- Cuando el retenido sea solicitante de asilo, la autoridad migratoria notificará de inmediato su retención al consulado de su país de origen.",
     ["3"]),
    ("fr", "Article 1\nL'autorité administrative peut placer en rétention l'étranger faisant l'objet d'une mesure d'éloignement.\n"
           "Article 2\nLe demandeur d'asile placé en rétention est présenté aux autorités consulaires de son pays en vue de son identification.",
     ["2"]),
]


@pytest.mark.parametrize("lang,text,arts", CONSULAR_ASYLUM, ids=[c[0] for c in CONSULAR_ASYLUM])
def test_consular_notice_of_asylum_seeker_is_a_conflict(lang, text, arts):
    check("consular.notification", lang, text, "conflict", arts)


DISCRETIONARY_NOTICE = [
    ("en", "Article 3\nAn officer may detain an asylum seeker pending the examination of the claim.\n"
           "Article 4\nThe authority may notify the consulate of the asylum seeker's country of the detention."),
    ("es", "Artículo 4.- La autoridad migratoria podrá notificar al consulado la retención del solicitante de asilo."),
    ("fr", "Article 4\nL'autorité administrative peut aviser le consulat du placement en rétention du demandeur d'asile."),
]


@pytest.mark.parametrize("lang,text", DISCRETIONARY_NOTICE, ids=[c[0] for c in DISCRETIONARY_NOTICE])
def test_authority_may_notify_is_not_the_persons_consent(lang, text):
    # "may notify" is the authority's power, not the person's request: still a conflict
    check("consular.notification", lang, text, "conflict", ["4"])


def test_consular_notice_with_asylum_carve_out_is_compliant():
    check("consular.notification", "en",
          "Article 10\nA detained foreign national shall be informed without delay of the right to have the consulate of his or her State notified and to communicate with it. "
          "The consulate shall not be notified of the detention of an asylum seeker unless he or she expressly consents.",
          "compliant", ["10"])


# -- 7. Words that only look like triggers ------------------------------------
LOOK_ALIKES = [
    ("consular.notification", "en",
     "Section 3\nVisas shall be issued by the consular posts of the Republic abroad.\n"
     "Section 4\nConsular officers of the Republic shall assist nationals who wish to return.", "not_applicable"),
    ("consular.notification", "es",
     "Artículo 12.- El Ministerio de Relaciones Exteriores, a través de sus consulados, informará a los uruguayos residentes en el exterior sobre los programas de retorno.",
     "not_applicable"),
    ("detention.last_resort", "en",
     "Section 8\nCustoms officers may order the detention of goods and vehicles that enter the country without a permit.", "not_applicable"),
    ("detention.max_duration", "es",
     "Artículo 9.- Serán asegurados los derechos a la salud y a la educación de todas las personas migrantes.", "not_applicable"),
    ("detention.judicial_review", "fr",
     "Article 3\nLes critères retenus pour la délivrance de la carte de séjour sont fixés par décret.", "not_applicable"),
    ("detention.conditions", "es",
     "Artículo 46.- Deberá descontarse, para la determinación del plazo, los días que el agente permaneciese privado de su libertad a raíz de la detención preventiva o por el cumplimiento de la pena.",
     "not_applicable"),
    ("detention.information_counsel", "fr",
     "Article 6\nLa retenue à la source est opérée sur les salaires des travailleurs étrangers.", "not_applicable"),
]


@pytest.mark.parametrize("rule_id,lang,text,status", LOOK_ALIKES, ids=[f"{c[0]}-{c[1]}" for c in LOOK_ALIKES])
def test_look_alike_triggers(rule_id, lang, text, status):
    check(rule_id, lang, text, status, None)


def test_prison_sentence_is_not_a_prison_placement():
    # a criminal sentence served before removal is not immigration detention in a prison
    check("detention.conditions", "en",
          "Section 20\nImmigration detainees shall be held in immigration detention facilities, separately from convicted prisoners, and treated humanely.\n"
          "Section 21\nA foreign national who has served a prison sentence may be removed on release.",
          "compliant", ["20"])


def test_police_cell_fallback_is_a_conflict():
    # the negation sits in the condition ("where no … is available"), not on the placement
    check("detention.conditions", "en",
          "Section 20\nWhere no immigration detention facility is available, a detained person may be held in a police station or prison.",
          "conflict", ["20"])


# -- Known engine limitations (kept visible, strict) --------------------------
@pytest.mark.parametrize("lang,text", [
    ("en", "Article 4\nNo child shall be held in immigration detention.\n"
           "Article 5\nThis prohibition does not apply where the child is considered a danger to national security."),
    ("es", "Artículo 4.- Ningún niño podrá ser privado de libertad por motivos migratorios.\n"
           "Artículo 5.- Esta prohibición no regirá cuando el niño constituya un peligro para la seguridad nacional."),
    ("fr", "Article 4\nAucun mineur ne peut être placé en rétention.\n"
           "Article 5\nCette interdiction ne s'applique pas lorsque le mineur constitue une menace pour l'ordre public."),
])
def test_anaphoric_exception_in_next_article(lang, text):
    """'This prohibition does not apply…' opening the next article ties it to the prohibition."""
    check("detention.children", lang, text, "conflict", ["5"])


def test_subordinate_negation_hides_mandatory_detention():
    """A negation inside an absolute construction ('no habiendo orden…') does not negate the main clause."""
    check("detention.last_resort", "es",
          "Artículo 70.- Firme la expulsión y no habiendo orden de retención dictada de oficio por la justicia, "
          "la autoridad migratoria solicitará al juez competente que ordene la retención del extranjero.",
          "conflict", ["70"])
