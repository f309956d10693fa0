"""Bad input: one clear line on stderr, exit 2, never a traceback or an empty report."""

import subprocess
import zipfile

import pytest

from conftest import lawreview_cmd


def run(*args, cwd=None):
    return subprocess.run([*lawreview_cmd(), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=120)


def assert_refused(proc, *needles):
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for n in needles:
        assert n.lower() in lines[0].lower(), lines[0]


@pytest.mark.parametrize("command", ["parse", "review"])
def test_missing_file(tmp_path, command):
    assert_refused(run(command, tmp_path / "nope.pdf"), "no such file")


def test_unsupported_extension(tmp_path):
    p = tmp_path / "draft.odt"
    p.write_bytes(b"whatever")
    assert_refused(run("review", p), "unsupported file type")


def test_empty_file(tmp_path):
    p = tmp_path / "draft.txt"
    p.write_bytes(b"")
    assert_refused(run("review", p), "empty")


def test_binary_garbage_as_text(tmp_path):
    p = tmp_path / "draft.txt"
    p.write_bytes(bytes(range(256)) * 40)
    assert_refused(run("review", p), "binary")


def test_text_that_is_not_a_law(tmp_path):
    p = tmp_path / "letter.txt"
    p.write_text("Dear colleagues,\nThe workshop on migration data will take place on Monday in the main hall.\n"
                 "Please confirm your attendance to the secretariat.\nBest regards,\nThe organisers\n")
    assert_refused(run("review", p), "does not look like legislation")


def test_text_in_another_language(tmp_path):
    p = tmp_path / "wet.txt"
    p.write_text("Artikel 1\nDeze wet regelt de toelating van vreemdelingen tot het grondgebied van het Rijk.\n")
    assert_refused(run("parse", p), "does not look like legislation")


def test_docx_that_is_not_a_zip(tmp_path):
    p = tmp_path / "draft.docx"
    p.write_text("this is plain text pretending to be Word")
    assert_refused(run("review", p), "not a word document")


def test_zip_that_is_not_word(tmp_path):
    p = tmp_path / "draft.docx"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("hello.txt", "hi")
    assert_refused(run("review", p))


def test_corrupt_pdf(tmp_path):
    p = tmp_path / "draft.pdf"
    p.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    assert_refused(run("review", p), "pdf")


def test_folder_given_to_review(tmp_path):
    assert_refused(run("review", tmp_path), "folder")


def test_bad_rule_id(tmp_path):
    proc = run("rules", "show", "no.such.rule")
    assert proc.returncode == 2 and "no.such.rule" in proc.stderr and "Traceback" not in proc.stderr


def test_review_json_stdout_is_only_json(tmp_path):
    import json
    from conftest import ROOT
    proc = run("review", ROOT / "corpora" / "samples" / "ley_migraciones_es.txt", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["schema"] == "lawreview.review/1"
    assert data["document"]["language"] == "es" and data["document"]["articles"] == 14
    assert len(data["findings"]) == data["rulebook"]["rules"]
