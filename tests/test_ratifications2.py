"""Ratification data for the migration treaties: parties, as-of dates, "no data", reservations."""

from __future__ import annotations

import filecmp
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED, lawreview_cmd
from lawreview.pipeline import review_file
from lawreview.report import render_review
from lawreview.rulebook.instruments import load_ratifications
from lawreview.rulebook.reservations import declaration_articles, excerpt, provision_articles

SAMPLE = ROOT / "corpora" / "samples" / "immigration_detention_bill_en.txt"
RATIFICATIONS2 = SHARED / "ratifications2"


@pytest.fixture(scope="module")
def rats():
    return load_ratifications()


@pytest.fixture(scope="module")
def reviews():
    """One review of the sample per State, shared by the tests (a review takes seconds)."""
    cache: dict[str, object] = {}

    def get(country: str):
        if country not in cache:
            cache[country] = review_file(SAMPLE, country=country)
        return cache[country]
    return get


def citations(review, instrument: str) -> list[dict]:
    out = [c for f in review.as_dict()["findings"] for c in f["citations"] if c["instrument"] == instrument]
    assert out, f"no rule cites {instrument} on the sample"
    return out


# ------------------------------------------------------------------ what the issue asks to show

def test_honduras_party_to_the_1951_convention_and_the_vccr(reviews):
    review = reviews("HN")
    for iid, year, as_of in (("CSR51", 1992, "2013-07-06"), ("VCCR", 1968, "2014-07-10")):
        for c in citations(review, iid):
            assert c["ratified"] is True and c["binding_on_state"] is True
            assert c["year"] == year and c["as_of"] == as_of and "UN Treaty Collection" in c["source"]
    md = render_review(review, "md")
    assert "VCCR art. 36(1)(a)–(c) — Treaty; party since 1968, data as of 10 July 2014" in md


def test_honduras_in_the_cli_json():
    proc = subprocess.run([*lawreview_cmd(), "review", str(SAMPLE), "--country", "HN", "--format", "json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    cits = [c for f in json.loads(proc.stdout)["findings"] for c in f["citations"]]
    assert {c["instrument"] for c in cits if c["ratified"] is True} >= {"CSR51", "PSR67", "VCCR", "TIP", "SOM"}


def test_united_states_protocol_but_not_convention(reviews, rats):
    review = reviews("US")
    assert all(c["ratified"] is True and c["year"] == 1968 for c in citations(review, "PSR67"))
    for c in citations(review, "CSR51"):
        assert c["ratified"] is False and c["status"] == "none" and c["as_of"] == "2013-07-06"
    assert rats.status("CSR51", "US").binding_on_state is False


def test_canada_not_party_to_the_american_convention(reviews):
    review = reviews("CA")
    for c in citations(review, "ACHR"):
        assert c["applicable"] is True and c["ratified"] is False and c["status"] == "none"
        assert c["as_of"] == "2012"
    md = render_review(review, "md")
    assert "ACHR art. 7(3) — Regional treaty; not a party, data as of 2012" in md
    assert "| ACHR | American Convention on Human Rights | 1969 | Regional treaty | not a party, data as of 2012 |" in md
    assert not [line for line in md.splitlines() if "ACHR" in line and "does not apply" in line]


def test_united_states_signed_the_american_convention(rats):
    st = rats.status("ACHR", "US")
    assert st.status == "signatory" and st.ratified is False and st.applicable is True


def test_every_status_carries_its_date(reviews):
    for country in ("HN", "US", "CA"):
        for f in reviews(country).as_dict()["findings"]:
            for c in f["citations"]:
                if c["binding"] in ("treaty", "regional_treaty"):
                    assert "as_of" in c, (country, c)
                    if c["ratified"] is not None:
                        assert c["as_of"], (country, c)


def test_no_data_is_null_not_false(reviews, rats):
    # Honduras is not in the partial ILO C097 list: unknown, never "not party"
    for c in citations(reviews("HN"), "ILO-C097"):
        assert c["ratified"] is None and c["binding_on_state"] is None and c["as_of"] is None
    md = render_review(reviews("HN"), "md")
    assert "| ILO-C097 | Migration for Employment Convention (Revised), 1949 (No. 97) | 1949 | Treaty | " \
           "no ratification data |" in md
    assert "No ratification data for Honduras; check before relying on them: ILO-C097" in md
    # an AU member the partial OAU 1969 data does not reach; an OAS member with no row
    for iid, state in (("OAU69", "ZA"), ("ACHR", "CU"), ("KAMPALA", "UG"), ("ILO-C189", "FR")):
        st = rats.status(iid, state)
        assert st.applicable is True and st.ratified is None and st.as_of is None, (iid, state)


def test_outside_the_region_is_not_applicable_not_not_party(rats):
    for iid, state in (("ACHR", "FR"), ("ACHPR", "HN"), ("ECHR-P4", "US")):
        st = rats.status(iid, state)
        assert st.applicable is False and st.ratified is None and st.binding_on_state is False


def test_reservation_touching_the_cited_article(reviews):
    # Honduras: "With respect to article I (1)" of the 1967 Protocol, cited as art. I
    for c in citations(reviews("HN"), "PSR67"):
        res = c["reservation"]
        assert res["articles"] == ["I"] and res["excerpt"].startswith("With respect to article I (1)")
        assert res["as_of"] == "2014-01-27" and "MTDSG V-5" in res["source"]
    # its declarations on arts. 7, 17 and 34 of the Convention touch none of the articles cited
    assert all("reservation" not in c for c in citations(reviews("HN"), "CSR51"))


def test_reservation_in_the_reports():
    review = review_file(SAMPLE, country="UG")
    cit = next(c for c in citations(review, "CSR51") if c["provision"] == "art. 33(1)")
    assert cit["reservation"]["articles"] == ["33"]
    assert "shall not operate to the prejudice of the provisions of article 33" in cit["reservation"]["excerpt"]
    md = render_review(review, "md")
    assert "Uganda: reservation or declaration on art. 33 — " in md
    html = render_review(review, "html", lang="fr")
    assert "Ouganda : réserve ou déclaration portant sur art. 33 — " in html and "— « " not in html


def test_former_party_reservation_is_not_shown(rats):
    # Madagascar denounced the 1954 Convention (1966): no status of party, no reservation shown
    assert rats.status("CSSP54", "MG").ratified is False
    assert rats.reservations_of("CSSP54", "MG") is None


def test_user_file_overrides_shipped_row_and_date(tmp_path):
    f = tmp_path / "newer.csv"
    f.write_text("instrument,country,status,year,as_of,source\n"
                 "CSR51,US,party,2031,2031-05-01,UNHCR (hypothetical)\n", encoding="utf-8")
    st = load_ratifications([f]).status("CSR51", "US")
    assert st.ratified is True and st.year == 2031 and st.as_of == "2031-05-01"


def test_user_file_bad_as_of(tmp_path):
    from lawreview.errors import InputError
    f = tmp_path / "bad.csv"
    f.write_text("instrument,country,status,as_of\nCSR51,US,party,May 2031\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.csv:2: as_of 'May 2031'"):
        load_ratifications([f])


# ------------------------------------------------------------------ articles named by citations and by declarations

@pytest.mark.parametrize("provision, articles", [
    ("art. 1A(2), art. 33(1)", ["1", "33"]),
    ("arts. 1, 27, 28", ["1", "27", "28"]),
    ("art. 36(1)(a)–(c)", ["36"]),
    ("art. II(3)", ["2"]),
    ("art. 14(1), (3)(f)", ["14"]),
    ("art. 2(3), with art. 7", ["2", "7"]),
    ("chapter V, regulation 33", []),
])
def test_provision_articles(provision, articles):
    assert provision_articles(provision) == articles


def test_declaration_articles():
    text = ("Subject to the reservation of articles 7, 17 and 26 to 28 and paragraph 1 of article 12 of the "
            "Convention, without prejudice to article 7 of the Federal Labour Act.")
    assert declaration_articles(text) == ["7", "17", "26", "27", "28", "12"]
    assert declaration_articles("under Article 42 of the Convention and Article VII of the Protocol",
                                foreign=["protocol"]) == ["42"]


def test_excerpt_quotes_the_sentence_that_names_the_article():
    text = ("(a)With respect to article 7:The Government understands this article broadly;"
            "(b)With respect to article 17:This article shall in no way limit the labour laws.")
    assert excerpt(text, ["17"]) == "[…] (b)With respect to article 17:This article shall in no way limit the labour laws."
    long = "The State declares that " + "it will apply the rules " * 40 + "of article 33 as it sees fit."
    quoted = excerpt(long, ["33"], limit=200)
    assert quoted.startswith("[…] ") and quoted.endswith("of article 33 as it sees fit.") and len(quoted) < 220


# ------------------------------------------------------------------ the converter is reproducible

@pytest.mark.skipif(not RATIFICATIONS2.is_dir(), reason="../shared/ratifications2 not present")
def test_converter_reproduces_the_shipped_files(tmp_path):
    out, decl = tmp_path / "m.csv", tmp_path / "d.csv"
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "import_migration_ratifications.py"),
                           str(RATIFICATIONS2), "--out", str(out), "--declarations-out", str(decl)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    shipped = ROOT / "rules" / "ratifications"
    assert filecmp.cmp(out, shipped / "migration_treaties.csv", shallow=False)
    assert filecmp.cmp(decl, shipped / "declarations" / "untc_declarations.csv", shallow=False)
