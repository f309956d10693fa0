"""Never lose or garble the user's data (issue 16): where `-o` writes, and how a text draft is decoded.

Runs the real CLI in-process (main()) on the shipped samples; each refusal is
one line on stderr and exit 2, and leaves every file as it was.
"""

from __future__ import annotations

import json
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from conftest import ROOT
from lawreview.cli import main

SAMPLE = ROOT / "corpora" / "samples" / "ley_migraciones_es.txt"
CONTROL_CHARS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"]


@pytest.fixture
def draft(tmp_path) -> Path:
    p = tmp_path / "ley.txt"
    p.write_bytes(SAMPLE.read_bytes())
    return p


@pytest.fixture(scope="module")
def utf8_review(tmp_path_factory) -> dict:
    """The sample's review from its UTF-8 original: what every other encoding must give."""
    out = tmp_path_factory.mktemp("ref") / "ref.json"
    assert main(["review", str(SAMPLE), "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def refused(capsys, *needles: str) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in captured.err, captured.err
    for n in needles:
        assert n in lines[0], lines[0]
    assert captured.out == ""
    return lines[0]


def statuses(review: dict) -> dict[str, str]:
    return {f["rule"]: f["status"] for f in review["findings"]}


# --- where -o writes ------------------------------------------------------------------------

@pytest.mark.parametrize("command", ["review", "parse"])
@pytest.mark.parametrize("how", ["same path", "symlink to the input", "hard link to the input", "relative path"])
def test_output_naming_the_input_is_refused(draft, capsys, monkeypatch, command, how):
    before = draft.read_bytes()
    out = draft
    if how == "symlink to the input":
        out = draft.with_name("alias.json")
        out.symlink_to(draft)
    elif how == "hard link to the input":
        out = draft.with_name("hard.json")
        os.link(draft, out)
    elif how == "relative path":
        monkeypatch.chdir(draft.parent)
        out = Path("sub/../ley.txt")
        (draft.parent / "sub").mkdir()
    assert main([command, str(draft), "-o", str(out)]) == 2
    refused(capsys, "is the input file", "refusing to overwrite")
    assert draft.read_bytes() == before


def test_output_through_a_symlink_writes_its_target_and_keeps_the_link(draft, tmp_path):
    target = tmp_path / "reports" / "review.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    link = tmp_path / "latest.json"
    link.symlink_to(target)
    assert main(["review", str(draft), "-o", str(link)]) == 0
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "lawreview.review/1"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640          # a replaced file keeps its mode
    assert sorted(p.name for p in target.parent.iterdir()) == ["review.json"]   # no temp file left


def test_output_to_a_fifo_is_written_through(draft, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    assert main(["parse", str(draft), "-o", str(fifo)]) == 0
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO was replaced by a regular file"
    assert json.loads(got[0])["schema"] == "lawreview.document/1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ley.txt", "pipe"]


def test_output_dash_is_standard_output(draft, capsys):
    assert main(["review", str(draft), "-o", "-"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["document"]["source"] == "ley.txt"
    assert not (draft.parent / "-").exists()


def test_output_to_dev_null_is_not_replaced(draft):
    assert main(["parse", str(draft), "-o", os.devnull]) == 0
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)


def _unwritable_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    (tmp_path / "afolder").mkdir()
    cases = {"missing folder": (tmp_path / "nope" / "r.json", "no such folder"),
             "a folder": (tmp_path / "afolder", "is a folder"),
             "under a file": (tmp_path / "ley.txt" / "r.json", "not a folder")}
    if os.geteuid() != 0:                 # root may write anywhere
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        readonly = tmp_path / "readonly.json"
        readonly.write_text("keep")
        readonly.chmod(0o444)
        cases["folder without permission"] = (locked / "r.json", "permission denied")
        cases["read-only file"] = (readonly, "permission denied")
    return cases


@pytest.mark.parametrize("command", ["review", "parse", "annotate"])
def test_unwritable_output_is_found_before_any_work(draft, tmp_path, capsys, monkeypatch, command):
    import lawreview.pipeline
    import lawreview.structure
    calls = []
    monkeypatch.setattr(lawreview.pipeline, "review_file", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(lawreview.structure, "parse_file", lambda *a, **k: calls.append(a))
    src = draft
    if command == "annotate":
        src = ROOT / "corpora" / "samples" / "ley_migraciones_es.docx"
    for name, (out, needle) in _unwritable_cases(tmp_path).items():
        t0 = time.perf_counter()
        assert main([command, str(src), "-o", str(out)]) == 2, name
        assert time.perf_counter() - t0 < 2, name
        assert "cannot write" in refused(capsys, needle), name
    assert calls == [], "the draft was read before the output was checked"
    if (tmp_path / "readonly.json").exists():
        assert (tmp_path / "readonly.json").read_text() == "keep"


def test_docx_memo_to_the_terminal_is_refused_before_the_review(draft, capsys, monkeypatch):
    import lawreview.pipeline
    monkeypatch.setattr(lawreview.pipeline, "review_file", lambda *a, **k: pytest.fail("reviewed"))
    assert main(["review", str(draft), "--format", "docx"]) == 2
    refused(capsys, "needs -o")


# --- decoding text drafts --------------------------------------------------------------------

def test_utf8_draft_with_one_stray_byte_is_refused_naming_the_byte(tmp_path, capsys):
    data = SAMPLE.read_bytes()
    at = data.index("ó".encode()) + 2           # after a whole character, before a space or letter
    bad = tmp_path / "ley.txt"
    bad.write_bytes(data[:at] + b"\x92" + data[at:])
    assert main(["review", str(bad)]) == 2
    line = refused(capsys, f"not valid UTF-8 at byte {at}", "0x92")
    assert line.startswith("lawreview: ley.txt: ")


def test_cp1252_spanish_draft_is_read_and_the_encoding_reported(tmp_path, utf8_review):
    from lawreview.pipeline import review_file
    from lawreview.report import render_review
    legacy = tmp_path / "ley.txt"
    legacy.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("cp1252"))
    review = review_file(legacy)
    data = json.loads(render_review(review, "json"))
    assert data["document"]["encoding"] == "cp1252"
    assert data["document"]["title"] == utf8_review["document"]["title"]    # accents intact
    assert statuses(data) == statuses(utf8_review)
    assert "cp1252" in render_review(review, "md") and "UTF-8" in render_review(review, "md")
    html = render_review(review, "html", lang="fr")
    assert "cp1252 ; le fichier n'est pas en UTF-8" in html.replace("&#39;", "'")
    assert utf8_review["document"]["encoding"] == "utf-8"


@pytest.mark.parametrize("codec, name", [("utf-16", "utf-16"), ("utf-16-be", "utf-16"), ("utf-32", "utf-32"),
                                         ("utf-8-sig", "utf-8")])
def test_unicode_drafts_with_a_byte_order_mark_are_read(tmp_path, utf8_review, codec, name):
    text = SAMPLE.read_text(encoding="utf-8")
    p = tmp_path / "ley.txt"
    p.write_bytes(("\ufeff" if codec == "utf-16-be" else "").encode(codec) + text.encode(codec))
    out = tmp_path / "r.json"
    assert main(["review", str(p), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["document"]["encoding"] == name
    assert statuses(data) == statuses(utf8_review)


def test_a_file_in_no_confident_encoding_is_refused(tmp_path, capsys):
    p = tmp_path / "ley.txt"
    p.write_bytes("Статья 1. Иностранные граждане задерживаются.\n".encode("cp1251") * 30)
    assert main(["review", str(p)]) == 2
    refused(capsys, "not valid UTF-8 at byte 0", "not confidently in another encoding")


# --- control characters ------------------------------------------------------------------------

def test_control_characters_never_reach_the_reports(tmp_path):
    from lawreview.pipeline import review_file
    from lawreview.report import render_review
    text = SAMPLE.read_text(encoding="utf-8")
    dirty = text.replace("Ley", "Le\x1b[31my\x00", 1).replace("migratoria", "migra\x07toria\x9b2J\x7f")
    assert dirty.count("\x07") > 3
    p = tmp_path / "ley\x1b]0;pwned\x07.txt"           # the file name carries an escape sequence too
    p.write_text(dirty, encoding="utf-8")
    review = review_file(p)
    assert "migratoria" in json.dumps(review.as_dict(), ensure_ascii=False)    # the words are intact
    for fmt in ("html", "md", "json"):          # (JSON escapes the file name's ESC as \u001b)
        out = render_review(review, fmt)
        for ch in CONTROL_CHARS:
            assert ch not in out, (fmt, repr(ch))
    import io
    import zipfile
    memo = render_review(review, "docx")
    with zipfile.ZipFile(io.BytesIO(memo)) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "\x1b" not in xml and "\x07" not in xml and "migratoria" in xml
