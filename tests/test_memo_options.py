"""Memo options: To/From/Date/Ref from the command line or a YAML header, and a short memo."""

from __future__ import annotations

import subprocess
from pathlib import Path

import docx
import pytest

from conftest import lawreview_cmd

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "samples" / "ley_migraciones_es.txt"


def run(*args):
    return subprocess.run([*lawreview_cmd(), *map(str, args)], capture_output=True, text=True, timeout=300)


def header(path):
    d = docx.Document(str(path))
    return {r.cells[0].text.rstrip(":"): r.cells[1].text for r in d.tables[0].rows}, d


def test_memo_fields_from_options(tmp_path):
    out = tmp_path / "memo.docx"
    proc = run("review", SAMPLE, "-o", out, "--memo-to", "Ministerio del Interior", "--memo-from", "Unidad X",
               "--memo-date", "2026-03-01", "--memo-ref", "EXP-12")
    assert proc.returncode == 0, proc.stderr
    rows, _ = header(out)
    assert rows["Para"] == "Ministerio del Interior" and rows["De"] == "Unidad X"
    assert rows["Fecha"] == "1 de marzo de 2026" and rows["Referencia"] == "EXP-12"


def test_memo_header_file_and_override(tmp_path):
    h = tmp_path / "h.yaml"
    h.write_text("to: Ministry of Justice\nfrom: IML unit\nref: A/1\n", encoding="utf-8")
    out = tmp_path / "memo.docx"
    proc = run("review", SAMPLE, "-o", out, "--lang", "en", "--memo-header", h, "--memo-ref", "B/2")
    assert proc.returncode == 0, proc.stderr
    rows, _ = header(out)
    assert rows["To"] == "Ministry of Justice" and rows["From"] == "IML unit" and rows["Reference"] == "B/2"


@pytest.mark.parametrize("args,needle", [
    (["--memo-date", "1 March"], "YYYY-MM-DD"),
    (["--memo-header", "{missing}"], "no such memo header"),
    (["--memo-header", "{bad}"], "unknown memo header field"),
])
def test_bad_memo_options_are_exit_2(tmp_path, args, needle):
    (tmp_path / "bad.yaml").write_text("recipient: x\n", encoding="utf-8")
    args = [a.format(missing=tmp_path / "nope.yaml", bad=tmp_path / "bad.yaml") for a in args]
    proc = run("review", SAMPLE, "-o", tmp_path / "m.docx", *args)
    assert proc.returncode == 2 and needle in proc.stderr and len(proc.stderr.splitlines()) == 1, proc.stderr


def test_memo_options_need_a_word_memo(tmp_path):
    proc = run("review", SAMPLE, "-o", tmp_path / "r.html", "--memo", "short")
    assert proc.returncode == 2 and "--format docx" in proc.stderr


def test_short_memo(tmp_path):
    short, full = tmp_path / "short.docx", tmp_path / "full.docx"
    assert run("review", SAMPLE, "-o", short, "--memo", "short").returncode == 0
    assert run("review", SAMPLE, "-o", full).returncode == 0
    _, ds = header(short)
    _, df = header(full)
    h1 = [p.text for p in ds.paragraphs if p.style.name == "Heading 1"]
    assert h1 == ["Resumen ejecutivo", "Conclusiones que requieren modificaciones", "Anexo — Instrumentos citados"]
    text = "\n".join(p.text for p in ds.paragraphs)
    assert "Recomendación" in text                       # recommendations kept
    assert "Conforme" not in [r.text for p in ds.paragraphs for r in p.runs]   # no compliant findings
    assert len(ds.paragraphs) < len(df.paragraphs) / 2
