"""Clause reading: negation, modality and exceptions in en/es/fr (drafting-patterns.md)."""

import pytest

from lawreview.annotate.clauses import analyse
from lawreview.textutil import fold


def clause_of(sentence: str, word: str, lang: str):
    folded = fold(sentence)
    pos = folded.index(fold(word))
    return next(c for c in analyse(folded, lang) if c.start <= pos < c.end)


@pytest.mark.parametrize("lang,sentence,word,negated", [
    ("en", "No child shall be held in immigration detention.", "held", True),
    ("en", "Minors shall not be detained.", "detained", True),
    ("en", "A person may be detained for no longer than 30 days.", "detained", False),
    ("en", "A person who is not a citizen shall be detained.", "detained", False),
    ("en", "The officer shall, not later than 48 hours after the arrest, bring the person before a judge.", "judge", False),
    ("en", "Subsection (1) does not apply to a person who is a danger to national security.", "danger", False),
    ("en", "Nothing in this Act authorises the detention of a child.", "detention", True),
    ("es", "Ningún menor de edad podrá ser privado de libertad por motivos migratorios.", "privado", True),
    ("es", "En ningún caso las niñas y niños serán alojados en estaciones migratorias.", "alojados", True),
    ("es", "Queda prohibida la detención de niños, niñas y adolescentes.", "detencion", True),
    ("es", "El extranjero que no cuente con documentos será asegurado.", "asegurado", False),
    ("es", "La detención no podrá exceder de treinta días.", "exceder", True),
    ("es", "El plazo, no mayor a treinta días, será fijado por el juez.", "fijado", False),
    ("fr", "Aucun mineur ne peut être placé en rétention.", "place", True),
    ("fr", "L'étranger mineur de dix-huit ans ne peut faire l'objet d'une décision de placement en rétention.", "placement", True),
    ("fr", "L'étranger ne peut être placé en rétention que pour le temps strictement nécessaire à son départ.", "place", False),
    ("fr", "Il est interdit de placer un enfant en rétention.", "placer", True),
    ("fr", "L'étranger est placé en rétention par l'autorité administrative.", "place", False),
])
def test_negation(lang, sentence, word, negated):
    folded = fold(sentence)
    pos = folded.index(fold(word))
    assert clause_of(sentence, word, lang).negated_at(pos) is negated


@pytest.mark.parametrize("lang,sentence,word,modality", [
    ("en", "An authorised officer shall detain any foreign national who enters irregularly.", "detain", "mandatory"),
    ("en", "An authorised officer may detain a foreign national pending removal.", "detain", "discretionary"),
    ("en", "The person must be released.", "released", "mandatory"),
    ("es", "El extranjero en situación irregular será asegurado.", "asegurado", "mandatory"),
    ("es", "La autoridad podrá disponer la detención del extranjero.", "detencion", "discretionary"),
    ("es", "Se notificará al consulado.", "notificara", "mandatory"),
    ("fr", "L'étranger est placé en rétention.", "place", "mandatory"),
    ("fr", "L'étranger peut être placé en rétention.", "place", "discretionary"),
])
def test_modality(lang, sentence, word, modality):
    assert clause_of(sentence, word, lang).modality == modality


@pytest.mark.parametrize("lang,sentence,main,exc", [
    ("en", "No person shall be removed to a country where he would face torture, unless he is a danger to national security.", "removed", "danger"),
    ("en", "Notwithstanding section 4, the Minister may remove a person who has committed a serious crime.", "remove", "notwithstanding"),
    ("es", "No se devolverá a ninguna persona, salvo que constituya un peligro para la seguridad nacional.", "devolvera", "peligro"),
    ("fr", "Aucun étranger ne peut être éloigné vers un pays où il risque la torture, sauf menace grave pour l'ordre public.", "eloigne", "menace"),
])
def test_exception_clause(lang, sentence, main, exc):
    assert clause_of(sentence, main, lang).exception is False
    assert clause_of(sentence, exc, lang).exception is True


def test_this_prohibition_does_not_apply_is_an_exception_not_a_negation():
    c = clause_of("This prohibition does not apply where the person is considered a danger to national security.", "danger", "en")
    assert c.exception and not c.negated


SCOPE_CASES = [
    ("en", "Where no facility is available, the person shall be detained in a prison.", "detained", False),
    ("en", "Minors shall not, in any circumstances, be detained.", "detained", True),
    ("en", "The detention of children for migration purposes is prohibited.", "detention", True),
    ("en", "The appeal must be lodged within 72 hours, failing which it shall not be registered.", "lodged", False),
    ("en", "The State shall refrain from returning refugees to the frontiers of territories where their lives would be threatened.", "returning", True),
    ("es", "Firme la expulsión y no habiendo orden judicial, la autoridad solicitará la retención del extranjero.", "solicitara", False),
    ("es", "El recurso deberá interponerse dentro de veinticuatro horas y no tendrá efecto suspensivo.", "interponerse", False),
    ("es", "El recurso deberá interponerse dentro de veinticuatro horas y no tendrá efecto suspensivo.", "suspensivo", True),
    ("es", "Será sancionado el que ingrese por un lugar no habilitado.", "sancionado", False),
    ("es", "El Estado se abstendrá de devolver al solicitante.", "devolver", True),
    ("fr", "L'étranger ne peut être éloigné vers un pays s'il établit que sa vie y est menacée.", "eloigne", True),
    ("fr", "L'étranger ne peut être placé en rétention que pour le temps strictement nécessaire.", "place", False),
]


@pytest.mark.parametrize("lang,sentence,word,negated", SCOPE_CASES)
def test_negation_scope(lang, sentence, word, negated):
    test_negation(lang, sentence, word, negated)


@pytest.mark.parametrize("lang,word,lemma", [("en", "detained", "detain"), ("es", "detenidos", "detenido"), ("fr", "placés", "placer")])
def test_lemmas_from_spacy_lookups_data(lang, word, lemma):
    from lawreview.annotate.nlp import lemmatize
    assert lemmatize(lang, word) == lemma
