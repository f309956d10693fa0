"""`lawreview batch` against hostile corpora and crashes (issue 16).

Formula- and escape-sequence-named files, symlinks out of the corpus, a draft
name near NAME_MAX, two batches on one output folder, `kill -9` of a batch
(no worker may survive it) and the resume after it, and what invalidates a
stored review. The CLI runs against the frozen rulebook of conftest.home.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, lawreview_cmd, read_csv, run, session_processes
from lawreview.batch import BatchOptions, Outcome, OutputLock, ResumeState, Task, discover, resume_key, run_batch
from lawreview.batch.summary import neutralise
from lawreview.errors import LawreviewError

SAMPLES = ROOT / "corpora" / "samples"
SAMPLE_ES = SAMPLES / "ley_migraciones_es.txt"
ESC_NAME = "ley \x1b[31mroja\x1b[0m \x1b]0;pwned\x07.txt"      # SGR colour and an OSC window title
FORMULA_NAMES = ["=1+2.txt", "@SUM(1+1).txt", "+cmd|' -c calc'!A0.txt", "-2+3.txt"]
LONG_NAME = "ley_" + "migraciones_" * 19 + "x.txt"             # 236 bytes; + ".json" still < NAME_MAX


def copy_samples(folder: Path, copies: int = 1) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(copies):
        for src in sorted(SAMPLES.glob("*.txt")):
            name = f"{i}-{src.name}" if copies > 1 else src.name
            shutil.copyfile(src, folder / name)
            names.append(name)
    return names


# --- a hostile corpus, one run -------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(home, tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    root, out, outside = base / "corpus", base / "out", base / "elsewhere"
    good = copy_samples(root)
    for name in [*FORMULA_NAMES, ESC_NAME, LONG_NAME]:
        shutil.copyfile(SAMPLE_ES, root / name)
        good.append(name)
    (root / "=HYPERLINK(1).txt").write_text("Dear colleagues, the meeting is on Monday.\n")   # fails: not a law
    outside.mkdir()
    shutil.copyfile(SAMPLE_ES, outside / "secret.txt")
    (root / "passwd.txt").symlink_to(outside / "secret.txt")     # a reviewable file, but out of the corpus
    (root / "linked").symlink_to(outside, target_is_directory=True)
    (root / "alias.txt").symlink_to(root / good[0])              # stays inside the corpus: reviewed
    good.append("alias.txt")
    assert len(LONG_NAME.encode()) > 228
    proc = run(home, root, "-o", out, "--jobs", "2", "--format", "json,md")
    return SimpleNamespace(root=root, out=out, good=sorted(good), proc=proc)


def test_hostile_names_are_reviewed_and_csv_cells_cannot_be_formulas(hostile):
    proc, out = hostile.proc, hostile.out
    assert proc.returncode == 1, proc.stderr                       # the letter fails, everything else passes
    rows = read_csv(out / "summary.csv")
    paths = [r["path"] for r in rows]
    assert sorted(p[1:] if p.startswith("'") else p for p in paths) == hostile.good
    for name in FORMULA_NAMES:
        assert "'" + name in paths
        assert (out / f"{name}.json").is_file() and (out / f"{name}.md").is_file()    # the files keep their names
    errors = read_csv(out / "errors.csv")
    assert [e["path"] for e in errors] == ["'=HYPERLINK(1).txt"]
    for table in ("summary.csv", "errors.csv"):
        for line in (out / table).read_text(encoding="utf-8").splitlines()[1:]:
            assert not line.lstrip('"').startswith(("=", "+", "-", "@", "\t", "\r")), line
    assert (out / f"{LONG_NAME}.json").is_file()                   # a name near NAME_MAX is no failure
    assert json.loads((out / f"{ESC_NAME}.json").read_text(encoding="utf-8"))["document"]["source"] == ESC_NAME


def test_escape_sequences_never_reach_the_terminal_or_the_summary(hostile):
    assert "\x1b" not in hostile.proc.stdout and "\x1b" not in hostile.proc.stderr
    assert "\x07" not in hostile.proc.stderr
    assert "=HYPERLINK(1).txt" in hostile.proc.stderr               # the failure is still named
    html = (hostile.out / "summary.html").read_text(encoding="utf-8")
    assert "\x1b" not in html and "\x07" not in html


def test_symlinks_out_of_the_corpus_are_skipped_and_said(hostile):
    out, stderr = hostile.out, hostile.proc.stderr
    assert not (out / "passwd.txt.json").exists() and not (out / "linked").exists()
    assert "skipped passwd.txt: a symlink leading out of" in stderr
    assert "skipped linked: a symlink leading out of" in stderr
    assert "2 symlink(s) leading out of the folder skipped (--follow-symlinks" in stderr.strip().splitlines()[-1]
    assert (out / "alias.txt.json").is_file()                       # a link inside the corpus is reviewed


def test_follow_symlinks_is_opt_in(hostile):
    names = lambda inv: sorted(p.relative_to(hostile.root).as_posix() for p in inv.files)  # noqa: E731
    plain, followed = discover(hostile.root), discover(hostile.root, follow_symlinks=True)
    assert "passwd.txt" not in names(plain) and sorted(plain.outside) == ["linked", "passwd.txt"]
    assert {"passwd.txt", "linked/secret.txt"} <= set(names(followed)) and followed.outside == []


def test_neutralise_follows_owasp():
    for bad in ("=1+2", "+1", "-1", "@SUM(1)", "\tx", "\rx"):
        assert neutralise(bad) == "'" + bad
    for fine in ("ley.txt", "a=b", "", 3, None, "'quoted"):
        assert neutralise(fine) == fine


# --- one batch per folder; kill -9; resume -------------------------------------------------------

def test_a_second_batch_on_the_same_folder_is_refused(tmp_path):
    with OutputLock(tmp_path):
        with pytest.raises(LawreviewError, match=f"another batch is writing to {tmp_path} \\(process {os.getpid()}\\)"):
            with OutputLock(tmp_path):
                pass
    with OutputLock(tmp_path):      # released on exit
        pass


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_concurrent_batch_refused_then_kill_9_leaves_no_worker_and_resume_completes(home, tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    names = copy_samples(root, copies=5)
    env = {**os.environ, "LAWREVIEW_HOME": str(home)}
    first = subprocess.Popen([*lawreview_cmd(), "batch", str(root), "-o", str(out), "--jobs", "2",
                              "--format", "json,html"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=env, start_new_session=True)
    try:
        lock = out / ".lawreview-batch.lock"
        deadline = time.monotonic() + 120
        while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.05)
        second = run(home, root, "-o", out, "--jobs", "1")
        assert first.poll() is None, "the first batch ended before the second one was tried"
        assert second.returncode == 2, second.stderr
        lines = second.stderr.strip().splitlines()
        assert len(lines) == 1 and f"another batch is writing to {out}" in lines[0], second.stderr

        while len(list(out.glob("*.json"))) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert first.poll() is None, "the first batch ended before it could be killed"
        workers = [p for p in session_processes(first.pid) if p != first.pid]
        assert len(workers) >= 2, workers                       # the forkserver and its workers at least
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        for _ in range(100):
            if not session_processes(first.pid):
                break
            time.sleep(0.1)
        assert session_processes(first.pid) == [], "processes outlived the batch"
    finally:
        if first.poll() is None:
            first.kill()
        for pid in session_processes(first.pid):
            os.kill(pid, signal.SIGKILL)

    rest = run(home, root, "-o", out, "--jobs", "2", "--format", "json,html")
    assert rest.returncode == 0, rest.stderr
    last = rest.stderr.strip().splitlines()[-1]
    assert "0 failed" in last
    rows = read_csv(out / "summary.csv")
    assert sorted(r["path"] for r in rows) == sorted(names)
    for name in names:
        assert json.loads((out / f"{name}.json").read_text(encoding="utf-8"))["schema"] == "lawreview.review/1"
        assert (out / f"{name}.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert not [p for p in out.iterdir() if p.name.endswith(".part")]
    again = run(home, root, "-o", out, "--jobs", "2", "--format", "json,html")
    assert f"0 reviewed, {len(names)} skipped (up to date)" in again.stderr, again.stderr


# --- what makes a stored review stale --------------------------------------------------------------

def test_a_damaged_output_or_new_ratification_data_is_reviewed_again(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    root.mkdir()
    names = ["en.txt", "es.txt"]
    shutil.copyfile(SAMPLES / "immigration_detention_bill_en.txt", root / names[0])
    shutil.copyfile(SAMPLE_ES, root / names[1])
    ratifications = tmp_path / "rat.csv"
    ratifications.write_text("instrument,country,status,year,source\nCAT,AR,party,1986,test\n", encoding="utf-8")
    opts = BatchOptions(root=root.resolve(), outdir=out.resolve(), jobs=1, formats=("md", "json"))

    rendered = []

    def counts(**changes) -> tuple[int, int]:
        report = run_batch(BatchOptions(**{**opts.__dict__, **changes}), stream=None)
        assert report.count("failed") == 0
        rendered.append(report.count("rendered"))
        return report.count("reviewed"), report.count("skipped")

    assert counts() == (2, 0)
    assert counts() == (0, 2)
    md = out / f"{names[0]}.md"
    md.write_bytes(md.read_bytes()[:-40])                       # a truncated secondary output is
    assert counts() == (0, 1) and rendered[-1] == 1             # rendered again from the intact JSON
    assert counts(ratifications=(str(ratifications),)) == (2, 0)
    assert counts(ratifications=(str(ratifications),)) == (0, 2)
    ratifications.write_text(ratifications.read_text().replace("1986", "1987"), encoding="utf-8")
    assert counts(ratifications=(str(ratifications),)) == (2, 0)


def test_the_resume_key_and_state_check(tmp_path):
    base = resume_key("1.0+abc", None, None, [])
    assert resume_key("1.0+abd", None, None, []) != base          # another rulebook
    assert resume_key("1.0+abc", "ARG", None, []) != base
    assert resume_key("1.0+abc", None, "fr", []) != base
    src = tmp_path / "d.txt"
    src.write_text("draft")
    out = tmp_path / "out"
    out.mkdir()
    task = Task(source=str(src), rel="d.txt", out_base=str(out / "d.txt"), formats=("json",))
    review = json.dumps({"schema": "lawreview.review/1", "document": {"language": "en"}, "findings": []})
    (out / "d.txt.json").write_text(review)
    state = ResumeState(out, base)
    state.record(task, Outcome("d.txt", "reviewed"))
    state.save()
    assert ResumeState.load(out, base).done(task) is not None
    assert ResumeState.load(out, resume_key("1.0+abc", None, None, [src])).done(task) is None
    (out / "d.txt.json").write_text(review[:-1])                    # truncated: not done
    assert ResumeState.load(out, base).done(task) is None
