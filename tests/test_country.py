"""The State under review: ratification status in every citation (real UN data)."""

import json
import subprocess

import pytest

from conftest import ROOT, lawreview_cmd
from lawreview.pipeline import review_file

SAMPLE = ROOT / "corpora" / "samples" / "immigration_detention_bill_en.txt"


def citations(review, instrument):
    out = []
    for f in review.as_dict()["findings"]:
        out += [c for c in f["citations"] if c["instrument"] == instrument]
    if not out:
        pytest.skip(f"no rule cites {instrument} yet")
    return out


def test_united_states_crc_and_iccpr():
    review = review_file(SAMPLE, country="us")
    data = review.as_dict()
    assert data["country"] == "USA"
    assert all(c["ratified"] is False for c in citations(review, "CRC"))
    assert all(c["ratified"] is True for c in citations(review, "ICCPR"))
    assert all(c["ratified"] is True for c in citations(review, "CAT"))


def test_regional_treaty_not_applicable_outside_region():
    review = review_file(SAMPLE, country="France")
    for c in citations(review, "ACHR"):
        assert c["applicable"] is False and c["binding_on_state"] is False
    for c in citations(review, "ECHR"):
        assert c["applicable"] is True


def test_soft_law_has_no_ratification():
    review = review_file(SAMPLE, country="HND")
    for c in citations(review, "GCM"):
        assert c["ratified"] is None and c["binding"] == "soft_law"


def test_without_country_ratified_is_null():
    data = review_file(SAMPLE).as_dict()
    assert data["country"] is None
    assert all(c["ratified"] is None for f in data["findings"] for c in f["citations"])


def test_user_ratifications_file_adds_ilo_c097(tmp_path):
    before = citations(review_file(SAMPLE, country="AR"), "ILO-C097")
    assert all(c["ratified"] is None for c in before), "the shipped ILO data has no row for Argentina"
    extra = tmp_path / "c097.csv"
    extra.write_text("instrument,country,status,year,source\nILO-C097,AR,party,2030,NORMLEX (user) 2030-01-02\n",
                     encoding="utf-8")
    after = citations(review_file(SAMPLE, country="AR", ratification_files=[str(extra)]), "ILO-C097")
    assert all(c["ratified"] is True and c.get("year") == 2030 and c["as_of"] == "2030-01-02" for c in after)


def test_unknown_country_exit_2_with_suggestion():
    proc = subprocess.run([*lawreview_cmd(), "review", str(SAMPLE), "--country", "Argentna"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Argentina" in proc.stderr


def test_country_in_cli_json():
    proc = subprocess.run([*lawreview_cmd(), "review", str(SAMPLE), "--country", "ar", "--format", "json"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["country"] == "ARG"
