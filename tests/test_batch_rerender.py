"""Batch conveniences: new formats, a new language or new memo options come from the
stored review JSON without reviewing again; the State per draft comes from
countries.csv or a country code in the file name, with --country as the default."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import lawreview_cmd

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "corpora" / "samples"


def batch(home, *args):
    import os
    env = {**os.environ, "LAWREVIEW_HOME": str(home)}
    return subprocess.run([*lawreview_cmd(), "batch", *map(str, args), "--jobs", "1"], capture_output=True,
                          text=True, env=env, timeout=600)


@pytest.fixture()
def corpus(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(SAMPLES / "ley_migraciones_es.txt", root / "ley_AR.txt")
    shutil.copy(SAMPLES / "immigration_detention_bill_en.txt", root / "bill.txt")
    return root


def test_new_formats_language_and_memo_fields_render_without_reviewing(home, corpus, tmp_path):
    out = tmp_path / "out"
    first = batch(home, corpus, "-o", out)
    assert first.returncode == 0 and "2 reviewed" in first.stderr, first.stderr
    stored = json.loads((out / "ley_AR.txt.json").read_text(encoding="utf-8"))
    assert set(stored["findings"][0]["summaries"]) == {"en", "es", "fr"}

    again = batch(home, corpus, "-o", out, "--format", "html,docx", "--lang", "fr", "--memo-to", "Ministère")
    assert again.returncode == 0, again.stderr
    assert "0 reviewed, 2 rendered from stored reviews" in again.stderr, again.stderr
    html = (out / "ley_AR.txt.html").read_text(encoding="utf-8")
    assert 'lang="fr"' in html
    fr = json.loads((out / "ley_AR.txt.json").read_text(encoding="utf-8"))
    assert fr["lang"] == "fr"
    assert [f["summary"] for f in fr["findings"]] == [f["summaries"]["fr"] for f in stored["findings"]]
    assert [f["status"] for f in fr["findings"]] == [f["status"] for f in stored["findings"]]
    assert zipfile.is_zipfile(out / "bill.txt.docx")

    same = batch(home, corpus, "-o", out, "--format", "html,docx", "--lang", "fr", "--memo-to", "Ministère")
    assert "0 reviewed, 2 skipped (up to date)" in same.stderr, same.stderr


def test_a_changed_draft_is_reviewed_not_rerendered(home, corpus, tmp_path):
    out = tmp_path / "out"
    assert batch(home, corpus, "-o", out).returncode == 0
    with (corpus / "bill.txt").open("a", encoding="utf-8") as fh:
        fh.write("\nSection 99. The Minister may make regulations.\n")
    proc = batch(home, corpus, "-o", out, "--format", "md")
    assert "1 reviewed, 1 rendered from stored reviews" in proc.stderr, proc.stderr


def test_report_from_stored_json_matches_a_fresh_report(tmp_path):
    """The loader rebuilds what rendering needs: the same findings, statuses and evidence."""
    from lawreview.batch.stored import review_from_json
    from lawreview.pipeline import review_file
    from lawreview.report import render_review
    from lawreview.report.common import build_view
    fresh = review_file(SAMPLES / "immigration_detention_bill_en.txt", country="GB")
    data = json.loads(render_review(fresh, "json"))
    again = review_from_json(data, lang="es")
    v1, v2 = build_view(fresh, "es"), build_view(again, "es")
    assert [(f.rule, f.status, f.summary, [q.quote for q in f.evidence]) for f in v1.findings] == \
           [(f.rule, f.status, f.summary, [q.quote for q in f.evidence]) for f in v2.findings]
    assert v1.state == v2.state and v1.articles == v2.articles and v1.instruments == v2.instruments
    assert [c.label for c in v1.comments] == [c.label for c in v2.comments]
    assert render_review(again, "html")           # and it renders
    assert zipfile.is_zipfile(__import__("io").BytesIO(render_review(again, "docx")))


def test_country_per_draft_from_csv_and_file_name(home, corpus, tmp_path):
    (corpus / "countries.csv").write_text("pattern,country\nbill*,GB\n", encoding="utf-8")
    shutil.copy(SAMPLES / "projet_loi_asile_fr.txt", corpus / "projet.txt")
    out = tmp_path / "out"
    proc = batch(home, corpus, "-o", out, "--country", "FR")
    assert proc.returncode == 0, proc.stderr
    country = {n: json.loads((out / f"{n}.json").read_text(encoding="utf-8"))["country"]
               for n in ("ley_AR.txt", "bill.txt", "projet.txt")}
    assert country == {"ley_AR.txt": "ARG", "bill.txt": "GBR", "projet.txt": "FRA"}


def test_a_bad_countries_csv_is_exit_2(home, corpus, tmp_path):
    (corpus / "countries.csv").write_text("bill*,Atlantis\n", encoding="utf-8")
    proc = batch(home, corpus, "-o", tmp_path / "out")
    assert proc.returncode == 2 and "countries.csv:1" in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_code_in_name():
    from lawreview.batch.countries import code_in_name
    assert code_in_name("ley_AR.pdf") == "ARG"
    assert code_in_name("HND-2024-proyecto.docx") == "HND"
    assert code_in_name("ley_migraciones_es.txt") is None     # lower case: a language, not Spain
    assert code_in_name("DRAFT.txt") is None
