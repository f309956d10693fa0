"""Drafting traps for the equality, justice, services, work and movement rules
(sections F, G and H of the IML catalogue).

Each case is a small, realistic multi-article draft run through the real
engine (structure -> annotate -> assess). It asserts the status AND the
article that the evidence cites, so a rule that reaches the right status for
the wrong reason fails too. The last tests run whole drafts through the full
pipeline (parse_raw -> review_document), as the CLI does.
"""


import pytest

from lawreview.rulebook.examples import run_example
from lawreview.rulebook.loader import load_rulebook

from conftest import assert_findings, check_rule, review_draft

RULEBOOK = load_rulebook()


check = check_rule


# -- 1. A negated prohibition is a safeguard, not a trigger ------------------
NEGATED_PROHIBITION = [
    ("workers.documents", "en",
     "Section 10\nAn employer shall register every migrant worker with the Labour Department.\n"
     "Section 11\nNo employer or recruitment agency shall confiscate, retain or destroy the passport or work permit of a migrant worker.",
     ["11"]),
    ("workers.documents", "es",
     "Artículo 20.- El empleador deberá inscribir al trabajador migrante en el registro laboral.\n"
     "Artículo 21.- Ningún empleador ni agencia de colocación podrá retener el pasaporte o el documento de identidad del trabajador migrante.",
     ["21"]),
    ("workers.documents", "fr",
     "Article 10\nL'employeur déclare le travailleur migrant auprès de l'inspection du travail.\n"
     "Article 11\nAucun employeur ne peut confisquer ni retenir le passeport ou le titre de séjour du travailleur migrant.",
     ["11"]),
    ("services.basic", "en",
     "Section 16\nNo person shall be refused emergency medical treatment in a public hospital by reason of his or her immigration status.\n"
     "Section 17\nNo child shall be refused admission to a public school by reason only that the child, or a parent of the child, is not lawfully present in the Republic.",
     ["16", "17"]),
    ("services.basic", "es",
     "Artículo 7.- Ningún niño, niña o adolescente podrá ser excluido del sistema educativo a causa de la situación migratoria irregular de sus padres.\n"
     "Artículo 8.- En ningún caso podrá negarse la atención médica de urgencia a un extranjero, cualquiera sea su situación migratoria.",
     ["7", "8"]),
    ("recruitment.fees", "fr",
     "Article 4\nL'agence de recrutement est agréée par le ministre chargé du travail.\n"
     "Article 5\nAucun frais de recrutement ne peut être mis à la charge du travailleur migrant.",
     ["5"]),
]


@pytest.mark.parametrize("rule_id,lang,text,articles", NEGATED_PROHIBITION,
                         ids=[f"{c[0]}-{c[1]}" for c in NEGATED_PROHIBITION])
def test_negated_prohibition_is_a_safeguard(rule_id, lang, text, articles):
    check(rule_id, lang, text, "compliant", articles)


# -- 2. An exception that guts a guarantee ------------------------------------
GUTTED = [
    ("workers.documents", "en",
     "Section 11\nNo employer shall retain the passport of a migrant worker, except with the written consent of the worker for the purpose of safekeeping.",
     ["11"]),
    ("workers.documents", "es",
     "Artículo 21.- El empleador no podrá retener el pasaporte del trabajador migrante, salvo que éste preste su consentimiento por escrito para su custodia.",
     ["21"]),
    ("recruitment.fees", "en",
     "Section 12\n(1) No employment agency shall charge a worker any fee for recruitment.\n"
     "(2) Subsection (1) does not apply to such registration fees as the Minister may prescribe.",
     ["12"]),
    ("recruitment.fees", "fr",
     "Article 5\nAucun frais ne peut être mis à la charge du travailleur par l'agence de recrutement, sauf les frais de dossier fixés par arrêté du ministre.",
     ["5"]),
    ("nondiscrimination", "en",
     "Section 3\nNo person shall be discriminated against in the application of this Act on grounds of race, religion, sex or disability, "
     "except that a visa may be refused to a person with a mental disability who is likely to require care at public expense.",
     ["3"]),
    ("data.protection", "es",
     "Artículo 31.- La información relativa a los solicitantes de refugio tendrá carácter reservado, salvo cuando la Dirección de Migraciones "
     "deba comunicarla a las autoridades del país de origen para la expedición de documentos de viaje.",
     ["31"]),
    ("services.basic", "fr",
     "Article 9\nL'accès des enfants étrangers à l'enseignement public ne peut être refusé, sauf sur présentation d'un titre de séjour expiré.\n"
     "Article 10\nL'inscription scolaire est subordonnée à la présentation d'un titre de séjour en cours de validité détenu par l'un des parents.",
     ["10"]),
]


@pytest.mark.parametrize("rule_id,lang,text,articles", GUTTED, ids=[f"{c[0]}-{c[1]}" for c in GUTTED])
def test_exception_that_guts_a_guarantee_is_a_conflict(rule_id, lang, text, articles):
    check(rule_id, lang, text, "conflict", articles)


# -- 3. Mandatory and discretionary powers are both red flags when the act is the harm
MODAL = [
    ("workers.documents", "en", "Section 8\nThe employer shall keep the passport of every foreign worker in safe custody for the duration of the contract.", ["8"]),
    ("workers.documents", "en", "Section 8\nThe employer may keep the passport of a foreign worker in safe custody for the duration of the contract.", ["8"]),
    ("services.basic", "es",
     "Artículo 20.- Los médicos y los directores de hospitales deberán comunicar a la Dirección Nacional de Migraciones la presencia de extranjeros en situación migratoria irregular.",
     ["20"]),
    ("services.basic", "es",
     "Artículo 20.- Los médicos y los directores de hospitales podrán comunicar a la Dirección Nacional de Migraciones la presencia de extranjeros en situación migratoria irregular.",
     ["20"]),
    ("recruitment.fees", "fr", "Article 8\nL'agence de placement perçoit du travailleur une commission égale à un mois de salaire.", ["8"]),
    ("recruitment.fees", "fr", "Article 8\nL'agence de placement peut percevoir du travailleur une commission égale à un mois de salaire.", ["8"]),
]


@pytest.mark.parametrize("rule_id,lang,text,articles", MODAL, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(MODAL)])
def test_shall_and_may_are_both_red_flags(rule_id, lang, text, articles):
    check(rule_id, lang, text, "conflict", articles)


# -- 4. A safeguard in another article, or reached through a cross-reference --
def test_safeguards_in_separate_articles_add_up_en():
    f = check("workers.equal_treatment", "en",
              "Section 7\nA migrant worker shall be paid wages not less than those payable to citizens for work of equal value.\n"
              "Section 8\nThe Labour Commissioner shall keep a register of migrant workers.\n"
              "Section 9\nNo migrant worker shall be deprived of any right arising from work already performed, including the right to wages, "
              "by reason of any irregularity in his stay or employment.",
              "compliant", ["7"])
    assert {e.article for e in f.evidence} >= {"7", "9"}


def test_cross_referenced_bar_answers_a_consular_notice_es():
    # article 6 refers back to article 5: the bar on telling the country of origin answers it
    check("data.protection", "es",
          "Artículo 5.- La autoridad migratoria notificará la retención del solicitante de refugio a la representación consular del país de origen.\n"
          "Artículo 6.- No obstante lo dispuesto en el artículo 5, en ningún caso se comunicará a las autoridades del país de origen del solicitante información alguna sobre su solicitud.",
          "partial", ["6"])


def test_same_disclosure_without_the_cross_reference_is_a_conflict_es():
    check("data.protection", "es",
          "Artículo 5.- La autoridad migratoria notificará la retención del solicitante de refugio a la representación consular del país de origen.\n"
          "Artículo 9.- La información relativa a la solicitud de refugio es confidencial.",
          "conflict", ["5"])


def test_cross_referenced_exemption_protects_rescuers_fr():
    # article 9 exempts rescuers from the penalties of article 8 (no conflict); the draft still
    # states no duty to assist, only an exemption, hence partial
    check("rescue.at_sea", "fr",
          "Article 7\nEst puni de dix ans d'emprisonnement quiconque facilite, par quelque moyen que ce soit, l'entrée irrégulière d'un étranger.\n"
          "Article 8\nLes peines prévues à l'article 7 s'appliquent au capitaine de tout navire qui débarque sur le territoire, sans autorisation, des migrants recueillis en mer.\n"
          "Article 9\nL'article 8 ne s'applique pas aux personnes qui portent assistance à des personnes en détresse en mer et les conduisent vers un lieu sûr.",
          "partial", ["9"])


def test_a_safeguard_elsewhere_does_not_answer_a_red_flag_en():
    # equal pay in section 7 does not cure a permit tied to the employer in section 6
    check("workers.equal_treatment", "en",
          "Section 6\nThe holder of a work permit shall not change his employer without the written consent of his employer.\n"
          "Section 7\nA foreign worker shall be paid wages not less than those payable to citizens for work of equal value.",
          "conflict", ["6"])


# -- 5. Telling an asylum-seeker's own country is a breach, not a safeguard ---
CONSULAR_ORIGIN = [
    ("en", "Section 17\nThe officer in charge of any place in which an applicant is detained shall forthwith inform the consular post of the applicant's country of nationality of the detention.", ["17"]),
    ("es", "Artículo 5°.- La Dirección Nacional de Migraciones comunicará la retención a la representación consular del país de nacionalidad de la persona retenida, aun cuando ésta hubiera solicitado el reconocimiento de la condición de refugiado.", ["5"]),
    ("fr", "Article 8\nL'autorité administrative informe sans délai le poste consulaire de l'État dont l'étranger a la nationalité de son placement en rétention, y compris lorsque l'étranger est demandeur d'asile.", ["8"]),
]


@pytest.mark.parametrize("lang,text,articles", CONSULAR_ORIGIN, ids=[c[0] for c in CONSULAR_ORIGIN])
def test_notifying_the_country_of_origin_is_a_data_conflict(lang, text, articles):
    check("data.protection", lang, text, "conflict", articles)


def test_consular_notice_with_an_asylum_carve_out_is_not_a_conflict_es():
    f = run_example(RULEBOOK, "data.protection",
                    "Artículo 13.- Se notificará su alojamiento a la representación consular del país del cual es nacional, salvo que haya "
                    "solicitado el reconocimiento de la condición de refugiado, en cuyo caso la notificación sólo se hará con su consentimiento expreso.",
                    "es")
    assert f.status != "conflict", [(e.article, e.quote) for e in f.evidence]


# -- 6. Words that only look like triggers -------------------------------------
LOOKALIKES = [
    # a passport in a list of documents to produce, and the State's own consul
    ("workers.documents", "en",
     "Section 6\nEvery person arriving in the Republic shall produce to an immigration officer a valid passport or other travel document "
     "and, where required, a visa issued by a consular officer of the Republic."),
    ("data.protection", "en",
     "Section 6\nEvery person arriving in the Republic shall produce a valid passport and, where required, a visa issued by a consular officer of the Republic."),
    # a copy of the passport in an application is not retention
    ("workers.documents", "en",
     "Section 4\nAn application for a work permit shall be made by the employer and accompanied by a copy of the passport of the foreign worker."),
    # the French residence card called "passeport talent"
    ("workers.documents", "fr",
     "Article 3\nLa carte de séjour portant la mention « passeport talent » est délivrée à l'étranger titulaire d'un diplôme de master."),
    # "rétention" is detention, not the retention of documents
    ("workers.documents", "fr",
     "Article 2\nL'étranger placé en rétention administrative conserve son passeport et ses documents d'identité."),
    # customs "detain goods", a stowaway, and an aggravating circumstance
    ("rescue.at_sea", "en",
     "Section 16\nThe Comptroller of Customs may detain any goods imported by a foreign worker until the duty payable on them has been paid."),
    ("terminology.irregular", "es",
     "Artículo 37.- Deberá permitirse ingresar al territorio al pasajero clandestino que solicite el reconocimiento de la condición de refugiado."),
    # "aids or abets" is not HIV/AIDS; a trafficking definition's "recruitment" is not a recruitment agency
    ("nondiscrimination", "en",
     "Section 131\nEvery person who knowingly induces, aids or abets any person to contravene section 117 commits an offence."),
    ("recruitment.fees", "en",
     "Section 2\n\"trafficking in persons\" means the recruitment, transportation, transfer, harbouring or receipt of persons by means of the threat or use of force for the purpose of exploitation."),
    # a ministry's name is not employment of migrants
    ("workers.equal_treatment", "es",
     "Artículo 24.- La Comisión de Refugiados estará integrada por un representante del Ministerio de Trabajo y Seguridad Social y un representante del Ministerio del Interior."),
    # carrier sanctions are not penalties on rescuers
    ("rescue.at_sea", "fr",
     "Article L. 821-6\nEst passible d'une amende l'entreprise de transport maritime qui débarque sur le territoire un étranger non muni des documents requis."),
]


@pytest.mark.parametrize("rule_id,lang,text", LOOKALIKES, ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(LOOKALIKES)])
def test_lookalike_words_do_not_touch_the_rule(rule_id, lang, text):
    check(rule_id, lang, text, "not_applicable", None)


def test_definitions_section_is_not_an_interpreter_en():
    f = run_example(RULEBOOK, "access.justice",
                    "Section 1\nInterpretation\nIn this Act, \"court\" means the High Court.\n"
                    "Section 2\nAn appeal against a decision to remove a foreign national lies to the High Court.", "en")
    assert f.status == "gap", (f.status, [(e.article, e.quote) for e in f.evidence])
    assert "interpreter" not in f.present


def test_reunification_of_disabled_children_is_not_an_exclusion_ground_es():
    f = run_example(RULEBOOK, "nondiscrimination",
                    "Artículo 22.- La Dirección Nacional de Migraciones otorgará residencia temporaria a quien acredite ser hijo soltero "
                    "menor de dieciocho años no emancipado o mayor con capacidades diferentes de un inmigrante residente.", "es")
    assert f.status != "conflict", [(e.article, e.quote) for e in f.evidence]


def test_illegal_entry_is_the_name_of_an_act_not_a_label_for_people_en():
    check("terminology.irregular", "en",
          "Section 7\nNo penalty shall be imposed on a refugee on account of his illegal entry or presence, "
          "provided that he presents himself without delay to the authorities.",
          "compliant", ["7"])


def test_flagged_term_quoted_only_to_be_replaced_fr():
    check("terminology.irregular", "fr",
          "Article premier\nDans l'ensemble de la loi n° 2011-07, les mots : « immigré clandestin » et « immigrés clandestins » "
          "sont remplacés respectivement par les mots : « étranger en situation irrégulière » et « étrangers en situation irrégulière ».",
          "compliant", ["1"])


# -- 7. Other drafting traps of these rules ------------------------------------
def test_a_negated_grant_is_a_refusal_en():
    check("nondiscrimination", "en",
          "Section 5\n(1) Every foreign worker shall undergo a medical examination before the issue of a work permit.\n"
          "(2) A work permit shall not be issued to a person whose medical certificate discloses that he is infected with the human immunodeficiency virus (HIV).",
          "conflict", ["5"])


def test_exclusion_ground_in_a_list_under_a_refusal_chapeau_es():
    check("nondiscrimination", "es",
          "Artículo 29.- Serán causas impedientes del ingreso y permanencia de extranjeros:\n"
          "a) La presentación de documentación falsa;\n"
          "b) Padecer enfermedades infectocontagiosas, incluida la infección por el virus de inmunodeficiencia humana (VIH).",
          "conflict", ["29"])


def test_a_capped_fee_is_still_a_fee_es():
    # "que no exceda" caps the fee; it does not forbid it
    check("recruitment.fees", "es",
          "Artículo 15.- Las agencias de colocación podrán cobrar al trabajador una comisión que no exceda del diez por ciento de su primer salario mensual.",
          "conflict", ["15"])


def test_exit_permit_hidden_in_an_unless_clause_en():
    check("movement.right_to_leave", "en",
          "Section 11\nA foreign worker shall not leave the country before the expiry of his contract of employment unless he has obtained an exit permit from the Controller.",
          "conflict", ["11"])


def test_double_negative_exit_rule_fr():
    check("movement.right_to_leave", "fr",
          "Article 11\nNul ne peut quitter le territoire national s'il n'est muni d'une autorisation de sortie délivrée par les services de police.",
          "conflict", ["11"])


def test_no_exit_permit_required_is_a_safeguard_es():
    check("movement.right_to_leave", "es",
          "Artículo 8.- Los trabajadores migrantes podrán salir libremente del país en cualquier momento, sin que pueda exigírseles permiso de salida.",
          "compliant", ["8"])


def test_an_order_to_leave_is_not_the_right_to_leave_fr():
    f = run_example(RULEBOOK, "movement.right_to_leave",
                    "Article 4\nL'autorité administrative peut obliger un étranger en situation irrégulière à quitter le territoire français.", "fr")
    assert f.status == "not_applicable", (f.status, [(e.article, e.quote) for e in f.evidence])


def test_equality_limited_to_lawful_residents_is_not_status_free_access_es():
    check("services.basic", "es",
          "Artículo 8.- Los extranjeros residentes permanentes podrán acceder al sistema público de salud en igualdad de condiciones que los nacionales.",
          "gap", ["8"])


def test_courts_reporting_irregular_claimants_fr():
    check("access.justice", "fr",
          "Art. 17.- Le travailleur migrant peut saisir le tribunal du travail de tout différend né de la relation de travail, quelle que soit sa situation administrative.\n"
          "Toutefois, lorsque le demandeur est en situation irrégulière, le greffe du tribunal en informe sans délai la direction de la police des étrangers.",
          "conflict", ["17"])


def test_deprivation_even_if_stateless_despite_procedure_es():
    check("statelessness.protection", "es",
          "ARTÍCULO SÉPTIMO.- La Dirección General de Migración determinará, a solicitud de parte o de oficio, la condición de persona apátrida de quien se encuentre en el territorio nacional.\n"
          "ARTÍCULO OCTAVO.- La nacionalidad adquirida por naturalización podrá ser revocada cuando el naturalizado la hubiere obtenido mediante fraude, "
          "aun cuando la revocación le dejare sin nacionalidad alguna.",
          "conflict", ["8"])


def test_rescued_migrants_disembarked_without_authorisation_en():
    check("rescue.at_sea", "en",
          "Section 20\nThe master of a vessel who, without the permission of the Director, disembarks in the Republic persons rescued at sea "
          "commits an offence and is liable on conviction to a fine.",
          "conflict", ["20"])


# -- 8. Whole drafts through the full pipeline ---------------------------------
review = review_draft


WORKERS_BILL_EN = """FOREIGN WORKERS BILL
Section 1
This Act regulates the recruitment and employment of foreign workers.
Section 4
An application for a work permit shall be made by the employer and accompanied by a copy of the passport of the foreign worker.
Section 5
A work permit shall not be issued to a person who is infected with the human immunodeficiency virus (HIV).
Section 6
The holder of a work permit shall not change his employer without the written consent of his employer.
Section 7
A foreign worker shall be paid wages not less than those payable to citizens for work of equal value.
Section 8
The employer shall keep the passport of every foreign worker in safe custody for the duration of the contract.
Section 10
A licensed recruitment agency may charge a foreign worker a placement fee not exceeding one month's wages.
Section 11
A foreign worker shall not leave the country before the expiry of his contract unless he has obtained an exit permit.
Section 12
A foreign worker may institute proceedings before the Industrial Court in respect of his employment, whether or not his work permit remains valid.
"""


def test_full_pipeline_workers_bill_en():
    findings = review(WORKERS_BILL_EN, "en")
    expected = {
        "nondiscrimination": ("conflict", "5"),
        "workers.equal_treatment": ("conflict", "6"),
        "workers.documents": ("conflict", "8"),
        "recruitment.fees": ("conflict", "10"),
        "movement.right_to_leave": ("conflict", "11"),
        "access.justice": ("compliant", "12"),
        "rescue.at_sea": ("not_applicable", None),
        "statelessness.protection": ("not_applicable", None),
    }
    assert_findings(findings, expected)


LEY_ES = """LEY DE MIGRACIONES
ARTÍCULO 1°.- La presente ley regula el ingreso, la permanencia y la salida de personas extranjeras.
ARTÍCULO 2°.- Se entiende por inmigrante ilegal toda persona extranjera que ingrese al país sin cumplir los requisitos legales.
ARTÍCULO 3°.- Las personas migrantes gozarán de los mismos derechos que los nacionales, sin discriminación alguna por motivos de origen nacional, etnia, sexo, religión o discapacidad.
ARTÍCULO 4°.- No podrá negársele el acceso a la atención sanitaria de urgencia a ningún extranjero, cualquiera sea su situación migratoria.
ARTÍCULO 5°.- Los profesionales y establecimientos de salud que asistan a extranjeros en situación migratoria irregular deberán comunicarlo a la Dirección Nacional de Migraciones.
ARTÍCULO 6°.- La irregularidad migratoria en ningún caso impedirá que la persona extranjera tenga libre acceso a la justicia.
"""


def test_full_pipeline_ley_es():
    findings = review(LEY_ES, "es")
    expected = {
        "terminology.irregular": ("conflict", "2"),
        "nondiscrimination": ("compliant", "3"),
        "services.basic": ("conflict", "5"),
        "access.justice": ("compliant", "6"),
        "workers.documents": ("not_applicable", None),
    }
    assert_findings(findings, expected)
    assert findings["terminology.irregular"].rule.severity == "low"
