"""The instruments catalogue, country resolution and ratification status, on the shipped data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from lawreview.errors import InputError, RulebookError
from lawreview.paths import rules_dir
from lawreview.rulebook.instruments import (
    find_instrument,
    load_instruments,
    load_ratifications,
    resolve_country,
)

STANDARDS = Path("/work/shared/iml-standards.md")


@pytest.fixture(scope="module")
def instruments():
    return load_instruments()


@pytest.fixture(scope="module")
def ratifications(instruments):
    return load_ratifications()


# ------------------------------------------------------------------ ratification facts

def test_argentina_is_party_to_the_migrant_workers_convention(ratifications):
    st = ratifications.status("ICRMW", "AR")
    assert st.ratified is True and st.year == 2007
    assert st.binding_on_state is True and st.applicable is True
    assert "2022-08-25" in st.source


def test_united_states_crc_iccpr_cat(ratifications):
    crc = ratifications.status("CRC", "US")
    assert crc.ratified is False and crc.status == "signatory" and crc.binding_on_state is False
    assert ratifications.status("ICCPR", "US").ratified is True
    assert ratifications.status("CAT", "US").ratified is True


def test_regional_applicability(ratifications):
    achr = ratifications.status("ACHR", "FR")
    assert achr.applicable is False and achr.binding_on_state is False
    echr = ratifications.status("ECHR", "FR")
    assert echr.applicable is True and echr.binding_on_state is True
    assert ratifications.status("ACHR", "MX").binding_on_state is True
    # a protocol not every member ratified: the data decides
    assert ratifications.status("ECHR-P4", "FR").binding_on_state is True
    assert ratifications.status("ECHR-P4", "GR").ratified is False
    # ... and without data it is applicable, but unknown
    p7 = ratifications.status("ECHR-P7", "FR")
    assert p7.applicable is True and p7.ratified is None and p7.binding_on_state is None


def test_eu_law_binds_members_only(ratifications):
    assert ratifications.status("EU-CFR", "ES").binding_on_state is True
    assert ratifications.status("EU-CFR", "ES").ratified is None
    assert ratifications.status("EU-CFR", "AR").applicable is False
    assert ratifications.status("EU-RD", "IE").binding_on_state is False   # Ireland is not bound


def test_kinds_without_ratification(ratifications):
    cust = ratifications.status("CUSTOMARY", "US")
    assert cust.ratified is None and cust.binding_on_state is True
    for iid in ("GCM", "HRC-GC35", "UDHR"):
        st = ratifications.status(iid, "US")
        assert st.ratified is None and st.binding_on_state is None


def test_no_data_is_unknown_not_guessed(ratifications):
    st = ratifications.status("UNCLOS", "FR")      # not in the shipped data
    assert st.ratified is None and st.binding_on_state is None and st.applicable is True and st.as_of is None


def test_data_date_and_source(ratifications):
    assert ratifications.data_date == "2022-08-25"
    assert "UN Treaty Collection" in ratifications.source_description
    assert len(ratifications.countries()) >= 193      # UN members, plus the Holy See, Palestine...


def test_shipped_csv_format():
    path = rules_dir() / "ratifications" / "un_treaty_collection_2022-08-25.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "instrument,country,status,year,source"
    assert len(lines) > 3000


# ------------------------------------------------------------------ user files

def test_user_file_adds_unclos(tmp_path, ratifications):
    assert ratifications.status("UNCLOS", "AR").ratified is None
    f = tmp_path / "extra.csv"
    f.write_text("# UN DOALOS list\ninstrument,country,status,year,source\n"
                 "UNCLOS,Argentina,party,1995,DOALOS\n"
                 "ICRMW,US,party,2030,test override\n", encoding="utf-8")
    r = load_ratifications([f])
    st = r.status("UNCLOS", "AR")
    assert st.ratified is True and st.year == 1995 and st.source == "DOALOS"
    assert r.status("ICRMW", "US").ratified is True            # user rows override shipped rows
    assert "extra.csv" in r.source_description


def test_user_file_party_makes_regional_treaty_apply(tmp_path):
    f = tmp_path / "coe.csv"
    f.write_text("instrument,country,status\nCOE-THB,BY,party\n", encoding="utf-8")
    st = load_ratifications([f]).status("COE-THB", "BY")
    assert st.applicable is True and st.binding_on_state is True


@pytest.mark.parametrize("body, fragment", [
    ("instrument,country,status\nCSR51,AR,ratified\n", "status 'ratified'"),
    ("instrument,country,status\nXYZ,AR,party\n", "unknown instrument 'XYZ'"),
    ("instrument,country,status\nCSR51,Frnace,party\n", "did you mean France (FR)"),
    ("instrument,country,status\nGCM,AR,party\n", "not ratify"),
    ("instrument,country,status,year\nCSR51,AR,party,19x1\n", "not a year"),
    ("instrument,country,status\nCSR51,AR,party\nCSR51,ARG,none\n", "already given on line 2"),
    ("instrument,state,status\n", "unknown state"),
])
def test_user_file_errors_name_file_and_line(tmp_path, body, fragment):
    f = tmp_path / "bad.csv"
    f.write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_ratifications([f])
    msg = str(exc.value)
    assert "bad.csv" in msg and fragment in msg and "\n" not in msg


def test_missing_user_file(tmp_path):
    with pytest.raises(InputError, match="nope.csv"):
        load_ratifications([tmp_path / "nope.csv"])


# ------------------------------------------------------------------ countries

@pytest.mark.parametrize("text, code", [
    ("FR", "FR"), ("fra", "FR"), ("France", "FR"), ("french republic", "FR"),
    ("United States", "US"), ("USA", "US"), ("Bolivia", "BO"), ("Russia", "RU"),
    ("Republic of Korea", "KR"), ("Côte d'Ivoire", "CI"), ("Ivory Coast", "CI"),
    ("The Gambia", "GM"), ("St. Lucia", "LC"), ("NA", "NA"), ("Honduras", "HN"), ("HND", "HN"),
])
def test_resolve_country(text, code):
    assert resolve_country(text).alpha_2 == code


def test_unknown_country_suggests_close_matches():
    with pytest.raises(InputError) as exc:
        resolve_country("Frnace")
    assert str(exc.value) == "unknown country 'Frnace'; did you mean France (FR)?"
    with pytest.raises(InputError, match="did you mean.*Germany \\(DE\\)"):
        resolve_country("Germny")
    with pytest.raises(InputError, match="unknown country 'Atlantis'"):
        resolve_country("Atlantis")


# ------------------------------------------------------------------ catalogue

def test_catalogue_shape(instruments):
    ratif_keys = {i.ratification_key for i in instruments.values() if i.ratification_key}
    assert len(ratif_keys) == 18 + 21     # UN human-rights treaties + migration and regional treaties
    assert instruments["HRC-GC35"].interprets == ("ICCPR",)
    assert len(instruments["ECHR"].applies_to) == 46
    assert len(instruments["EU-CFR"].applies_to) == 27
    assert "FR" not in instruments["ACHR"].applies_to and "CA" in instruments["ACHR"].applies_to   # OAS members
    assert instruments["ICRMW"].ratification_key == "icmw"
    for inst in instruments.values():
        assert inst.title and inst.title_es and inst.title_fr and inst.short_title
    assert instruments["CRC"].title_in("fr") == "Convention relative aux droits de l'enfant"


def _sources_text() -> str:
    text = STANDARDS.read_text(encoding="utf-8")
    out, keep = [], False
    for line in text.splitlines():
        if line.startswith("- Sources:"):
            keep = True
            out.append(line.removeprefix("- Sources:"))
        elif keep and line.startswith("  "):
            out.append(line)
        else:
            keep = False
    return " ".join(" ".join(out).split())


def _id_tokens(text: str) -> set[str]:
    """Id-shaped words: two capitals or more (CAT, HRC-GC35, ArabCHR), not roman numerals."""
    tokens = re.findall(r"(?<![\w/-])([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)(?![\w/-])", text)
    return {t for t in tokens if sum(ch.isupper() for ch in t) >= 2 and not re.fullmatch(r"[IVX]+", t)}



@pytest.mark.skipif(not STANDARDS.exists(), reason="shared/iml-standards.md not present")
def test_every_cited_instrument_resolves(instruments):
    text = _sources_text()
    assert "ICCPR" in text
    # phrases first (longest alias first), then id-shaped tokens
    aliases = sorted(((a, i.id) for i in instruments.values() for a in i.aliases),
                     key=lambda x: -len(x[0]))
    found = set()
    for alias, iid in aliases:
        pattern = re.compile(rf"(?<![\w-]){re.escape(alias)}(?![\w-])")
        if pattern.search(text):
            found.add(iid)
            text = pattern.sub(" ", text)
    ids = _id_tokens(text)
    unknown = sorted(t for t in ids if find_instrument(t, instruments) is None)
    assert not unknown, f"instrument ids cited in iml-standards.md but not in the catalogue: {unknown}"
    assert {"MANDELA", "IACTHR-VELEZ-LOOR", "CUSTOMARY"} <= found
    assert len(ids) > 40


@pytest.mark.skipif(not STANDARDS.exists(), reason="shared/iml-standards.md not present")
def test_every_listed_short_id_is_in_catalogue(instruments):
    text = STANDARDS.read_text(encoding="utf-8")
    block = text.split("## Instrument short ids", 1)[1].split("\n---", 1)[0]
    ids = _id_tokens(block)
    assert len(ids) > 45
    missing = sorted(i for i in ids if find_instrument(i, instruments) is None)
    assert not missing, f"short ids listed in iml-standards.md but not in the catalogue: {missing}"


# ------------------------------------------------------------------ loader errors

def _write_catalogue(tmp_path: Path, entry: dict) -> Path:
    base = {"id": "X1", "title": "T", "title_es": "T", "title_fr": "T", "short_title": "T",
            "year": 2000, "kind": "treaty"}
    base.update(entry)
    path = tmp_path / "instruments.yaml"
    path.write_text(yaml.safe_dump({"instruments": [base]}), encoding="utf-8")
    return path


def test_loader_rejects_unknown_keys(tmp_path):
    path = _write_catalogue(tmp_path, {"binding": "yes"})
    with pytest.raises(RulebookError) as exc:
        load_instruments(path)
    assert "instruments.yaml" in str(exc.value) and "X1" in str(exc.value) and "binding" in str(exc.value)


def test_loader_rejects_bad_kind(tmp_path):
    path = _write_catalogue(tmp_path, {"kind": "binding_treaty"})
    with pytest.raises(RulebookError) as exc:
        load_instruments(path)
    assert "instruments.yaml" in str(exc.value) and "kind" in str(exc.value)


@pytest.mark.parametrize("entry, fragment", [
    ({"kind": "regional_treaty"}, "applies_to"),
    ({"kind": "regional_treaty", "region": "R", "applies_to": ["FR", "XX"]}, "XX"),
    ({"kind": "regional_treaty", "region": "R", "applies_to": [False]}, "quote it"),
    ({"kind": "interpretation"}, "interprets"),
    ({"kind": "interpretation", "interprets": ["NOPE"]}, "NOPE"),
    ({"kind": "soft_law", "ratification_key": "x"}, "not ratified"),
])
def test_loader_checks_consistency(tmp_path, entry, fragment):
    path = _write_catalogue(tmp_path, entry)
    with pytest.raises(RulebookError) as exc:
        load_instruments(path)
    assert "instruments.yaml" in str(exc.value) and fragment in str(exc.value)


def test_loader_reports_invalid_yaml(tmp_path):
    path = tmp_path / "instruments.yaml"
    path.write_text("instruments: [\n", encoding="utf-8")
    with pytest.raises(RulebookError, match="instruments.yaml: invalid YAML"):
        load_instruments(path)
