"""The day-one traps of issue 11, through the real command line: the output format
follows -o, a contradiction is refused, every option has help, `rules show --lang es`
is Spanish throughout, and an empty batch folder is an error, not 'all up to date'."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from conftest import lawreview_cmd

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "samples" / "immigration_detention_bill_en.txt"


def run(*args, cwd=None):
    return subprocess.run([*lawreview_cmd(), *map(str, args)], capture_output=True, text=True, cwd=cwd, timeout=300)


def assert_refused(proc, *needles):
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for n in needles:
        assert n.lower() in lines[0].lower(), lines[0]


# --- the format follows -o ---------------------------------------------------------------

@pytest.mark.parametrize("name,check", [
    ("memo.docx", lambda p: zipfile.is_zipfile(p) and "word/document.xml" in zipfile.ZipFile(p).namelist()),
    ("review.html", lambda p: "<html" in p.read_text(encoding="utf-8")[:300].lower()),
    ("review.HTM", lambda p: "<html" in p.read_text(encoding="utf-8")[:300].lower()),
    ("review.md", lambda p: p.read_text(encoding="utf-8").lstrip().startswith("#")),
    ("review.json", lambda p: json.loads(p.read_text(encoding="utf-8"))["schema"] == "lawreview.review/1"),
])
def test_review_format_follows_the_output_extension(tmp_path, name, check):
    out = tmp_path / name
    proc = run("review", SAMPLE, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert check(out), name


def test_review_without_o_or_with_an_unknown_extension_is_json(tmp_path):
    proc = run("review", SAMPLE)
    assert proc.returncode == 0 and json.loads(proc.stdout)["schema"] == "lawreview.review/1"


@pytest.mark.parametrize("fmt,name", [("html", "memo.docx"), ("json", "review.html"), ("docx", "r.md"),
                                      ("md", "r.htm")])
def test_a_format_contradicting_the_extension_is_one_line_exit_2(tmp_path, fmt, name):
    out = tmp_path / name
    proc = run("review", SAMPLE, "--format", fmt, "-o", out)
    assert_refused(proc, f"--format {fmt}", name, "contradicts")
    assert not out.exists()


def test_an_agreeing_format_is_fine(tmp_path):
    assert run("review", SAMPLE, "--format", "html", "-o", tmp_path / "r.html").returncode == 0


def test_parse_follows_the_extension_too(tmp_path):
    proc = run("parse", SAMPLE, "-o", tmp_path / "tree.xml")
    assert proc.returncode == 0, proc.stderr
    assert "akomaNtoso" in (tmp_path / "tree.xml").read_text(encoding="utf-8")
    assert_refused(run("parse", SAMPLE, "--format", "json", "-o", tmp_path / "tree.akn"), "contradicts")


def test_output_format_unit():
    from lawreview.cli import EXTENSIONS_REVIEW, output_format
    from lawreview.errors import LawreviewError
    assert output_format(None, None, EXTENSIONS_REVIEW) == "json"
    assert output_format(None, "-", EXTENSIONS_REVIEW) == "json"
    assert output_format(None, "a/b.DOCX", EXTENSIONS_REVIEW) == "docx"
    assert output_format(None, "out.txt", EXTENSIONS_REVIEW) == "json"
    assert output_format("md", "out.txt", EXTENSIONS_REVIEW) == "md"
    with pytest.raises(LawreviewError):
        output_format("json", "x.html", EXTENSIONS_REVIEW)


# --- help -------------------------------------------------------------------------------

def _all_parsers():
    import argparse
    from lawreview.cli import _parser

    def walk(p, path):
        yield path, p
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                for name, sp in a.choices.items():
                    yield from walk(sp, [*path, name])
    return list(walk(_parser(), []))


def test_every_option_and_positional_has_help_text():
    import argparse
    missing = []
    for path, p in _all_parsers():
        for a in p._actions:
            if isinstance(a, (argparse._HelpAction, argparse._SubParsersAction)):
                continue
            if not a.help:
                missing.append(f"lawreview {' '.join(path)} {a.option_strings or a.dest}")
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                helped = {c.dest for c in a._choices_actions if c.help}
                missing += [f"lawreview {' '.join(path)} {n} (subcommand)" for n in a.choices if n not in helped]
    assert not missing, missing


@pytest.mark.parametrize("argv,needles", [
    (["--help"], ["review", "batch", "rules", "examples:"]),
    (["review", "--help"], ["DRAFT", "--format", "extension", "-o OUT"]),
    (["batch", "--help"], ["--jobs", "--force", "OUTDIR"]),
    (["rules", "--help"], ["list", "show", "explain one"]),
    (["rules", "show", "--help"], ["RULE_ID", "--lang"]),
])
def test_help_pages(argv, needles):
    proc = run(*argv)
    assert proc.returncode == 0
    for n in needles:
        assert n in proc.stdout, (argv, n)


def test_rules_alone_lists_the_rules():
    proc = run("rules")
    assert proc.returncode == 0 and "detention.max_duration" in proc.stdout


# --- rules show in Spanish -----------------------------------------------------------------

ENGLISH_LEFT = re.compile(r"\b(What it checks|Why it matters|A compliant law contains|Red flags|Sources|Examples|"
                          r"Fix|severity|theme|type|counts when present|treaty|soft_law|interpretation|"
                          r"compliant|conflict|partial|gap|not_applicable|high|medium|low)\b")


def test_rules_show_es_is_spanish():
    from lawreview.rulebook.docs import rule_doc
    from lawreview.rulebook.loader import load_rulebook
    for rule in load_rulebook().rules:
        _check_spanish(rule_doc(rule.id, lang="es"))


def _check_spanish(text):
    # the citations' ids and provisions ("ICCPR art. 9(1)") are identifiers; everything else is Spanish
    prose = "\n".join(re.sub(r"^  - [A-Z0-9-]+ [^—]*—", "  - ", line) for line in text.splitlines())
    leftover = ENGLISH_LEFT.findall(prose)
    assert not leftover, (leftover, text[:80])
    for heading in ("Qué examina", "Por qué importa", "Fuentes", "Ejemplos", "Corrección"):
        assert f"\n{heading}\n" in text


def test_rules_show_fr_headings():
    from lawreview.rulebook.docs import rule_doc
    text = rule_doc("detention.max_duration", lang="fr")
    assert "\nCe qui est vérifié\n" in text and "\nExemples\n" in text


def test_a_wrapped_example_stays_one_bullet():
    from lawreview.rulebook.docs import rule_doc
    from lawreview.rulebook.loader import load_rulebook
    rule = load_rulebook().rule("detention.max_duration")
    examples = [e for e in rule.examples if e.lang == "es"]
    text = rule_doc(rule.id, lang="es")
    section = text.split("\nEjemplos\n", 1)[1].split("\n\n", 1)[0]
    bullets = [l for l in section.splitlines() if l.startswith("  - ")]
    assert len(bullets) == len(examples)
    assert all(l.startswith("  - ") or l.startswith("    ") for l in section.splitlines())
    assert any(len(" ".join(e.text.split())) > 80 for e in examples)   # some do wrap


# --- batch over an empty folder -------------------------------------------------------------

def test_empty_batch_folder_is_exit_2(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.odt").write_bytes(b"x")
    proc = run("batch", tmp_path / "in", "-o", tmp_path / "out")
    assert_refused(proc, "no drafts to review", "1 unsupported")
    assert not (tmp_path / "out").exists()


def test_empty_batch_folder_keeps_an_existing_output_folder(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    assert_refused(run("batch", tmp_path / "in", "-o", tmp_path / "out"), "no drafts")
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"
