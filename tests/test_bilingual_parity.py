"""A law and its official translation give the same review (issue 15, item 5):
Canada's Immigration and Refugee Protection Act in English and in French.

Where the two texts really differ, the difference is documented here with the
provisions that make it; every other standard must get the same status."""

import pytest

from lawreview.pipeline import review_file

EN = "corpora/real/CA_IRPA_I-2.5_Immigration_and_Refugee_Protection_Act_en.md"
FR = "corpora/real/CA_LIPR_I-2.5_Loi_immigration_protection_refugies_fr.md"

# standard: (English status, French status, why the texts differ)
DOCUMENTED = {
    "terminology.irregular": (
        "compliant", "conflict",
        "s. 37(1)(b) reads 'people smuggling' in English but 'le passage de clandestins' in French, and the French "
        "headings of ss. 20.1 and 117 say 'entrée illégale' where the English uses neutral terms: only the French "
        "text uses the stigmatising words."),
}


@pytest.fixture(scope="module")
def statuses(shared):
    en = {f.rule.id: f.status for f in review_file(shared / EN).findings}
    fr = {f.rule.id: f.status for f in review_file(shared / FR).findings}
    return en, fr


def test_english_and_french_texts_agree_on_every_standard(statuses):
    en, fr = statuses
    differ = {r: (en[r], fr[r]) for r in en if en[r] != fr[r] and r not in DOCUMENTED}
    assert differ == {}, f"the two official texts give different statuses: {differ}"


def test_documented_differences_are_still_real(statuses):
    en, fr = statuses
    for rule, (want_en, want_fr, _why) in DOCUMENTED.items():
        assert (en[rule], fr[rule]) == (want_en, want_fr), rule
