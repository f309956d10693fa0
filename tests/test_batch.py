"""`lawreview batch`: a whole folder, resumable, nothing lost, nothing corrupt (issue 5).

The CLI tests run against a frozen copy of rules/ and report_templates/
(LAWREVIEW_HOME): the rulebook version is part of the resume key, and other
work on rules/ must not change it between two runs of one test.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import ROOT, SHARED, lawreview_cmd, read_csv, run, session_processes
from lawreview import batch
from lawreview.batch import BatchOptions, Outcome, Progress, run_batch
from lawreview.batch.summary import summary_view, write_summary_html

STATUSES = {"conflict", "gap", "partial", "compliant", "not_applicable"}
REAL = SHARED / "corpora" / "real"
REAL_PICKS = ["AR_LEY-26842.md", "UY_ley-19682.md", "UY_ley-18076.md"]   # small ones, not CESEDA
BROKEN = {  # name -> a word the reason must contain
    "broken/corrupt.pdf": "pdf",
    "broken/empty.txt": "empty",
    "broken/fake.docx": "not a word document",
    "broken/letter.txt": "does not look like legislation",
}


# --- fixtures -------------------------------------------------------------------------

def make_tree(root: Path) -> list[str]:
    """Good drafts in nested folders, broken files, hidden and unsupported ones; returns the good paths."""
    good = []

    def put(rel: str, src: Path) -> None:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, root / rel)
        good.append(rel)

    for src in sorted((ROOT / "corpora" / "samples").iterdir()):
        put(f"samples/deep/er/{src.name}", src)
    dev = SHARED / "dev-corpus"
    if dev.is_dir():
        for src in sorted(dev.iterdir()):
            if src.suffix in (".txt", ".docx", ".pdf"):
                put(f"dev/{src.name}", src)      # dev1_…pdf, .docx, .txt side by side: no collision
    for name in REAL_PICKS:
        if (REAL / name).is_file():
            put(f"real/{name[:2].lower()}/{name}", REAL / name)
    (root / "broken").mkdir()
    (root / "broken/corrupt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage")
    (root / "broken/empty.txt").write_bytes(b"")
    (root / "broken/fake.docx").write_text("this is plain text pretending to be Word")
    (root / "broken/letter.txt").write_text(
        "Dear colleagues,\nThe workshop on migration data will take place on Monday in the main hall.\n"
        "Please confirm your attendance to the secretariat.\nBest regards,\nThe organisers\n")
    (root / ".cache").mkdir()
    (root / ".cache/old.txt").write_text("hidden folder")
    (root / "samples/.draft.txt").write_text("hidden file")
    (root / "samples/~$lock.docx").write_bytes(b"word lock file")
    (root / "samples/notes.odt").write_bytes(b"unsupported")
    (root / "data.csv").write_text("a,b\n")
    return sorted(good)


def outputs(outdir: Path) -> dict[str, int]:
    return {p.relative_to(outdir).as_posix(): p.stat().st_mtime_ns
            for p in outdir.rglob("*") if p.is_file()}


def assert_no_temp_files(outdir: Path) -> None:
    bookkeeping = {".lawreview-batch.lock", ".lawreview-batch.state"}   # the lock and the resume state
    left = [p for p in outdir.rglob("*")
            if (p.name.startswith(".") or p.name.endswith(".part")) and p.name not in bookkeeping]
    assert not left, left


@pytest.fixture(scope="module")
def mixed(home, tmp_path_factory):
    base = tmp_path_factory.mktemp("mixed")
    root, out = base / "corpus", base / "out"
    good = make_tree(root)
    proc = run(home, root, "-o", out, "--jobs", "2", "--format", "json,html")
    return SimpleNamespace(root=root, out=out, good=good, proc=proc)


# --- a mixed corpus ---------------------------------------------------------------------

def test_mixed_corpus_every_good_file_reviewed_every_broken_file_reported(mixed, home):
    from lawreview.rulebook.loader import load_rulebook
    rulebook = load_rulebook.__wrapped__(home / "rules")
    proc, out = mixed.proc, mixed.out
    assert proc.returncode == 1, proc.stderr          # some failed, all the others finished
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert f"{len(mixed.good)} reviewed, 0 skipped (up to date), {len(BROKEN)} failed" in proc.stderr
    assert "3 hidden and 2 unsupported file(s) ignored" in proc.stderr   # .cache/, .draft.txt, ~$lock.docx

    for rel in mixed.good:
        data = json.loads((out / f"{rel}.json").read_text(encoding="utf-8"))
        assert data["schema"] == "lawreview.review/1"
        assert data["document"]["sha256"] == batch._sha256(str(mixed.root / rel))
        assert data["document"]["source"] == Path(rel).name
        assert data["rulebook"]["version"] == rulebook.version
        assert (out / f"{rel}.html").read_text(encoding="utf-8").lstrip().lower().startswith("<!doctype html")
    for rel in BROKEN:
        assert not (out / f"{rel}.json").exists()

    errors = read_csv(out / "errors.csv")
    assert sorted(e["path"] for e in errors) == sorted(BROKEN)
    for e in errors:
        assert e["error_class"] == "InputError"
        assert BROKEN[e["path"]] in e["message"].lower(), e
        assert "\n" not in e["message"]

    rows = read_csv(out / "summary.csv")
    assert len(rows) == len(mixed.good)
    assert [r["path"] for r in rows] == mixed.good
    ids = [r.id for r in rulebook.rules]
    assert list(rows[0]) == ["path", "language", "articles", *ids]
    for r in rows:
        assert r["language"] in ("en", "es", "fr")
        assert int(r["articles"]) > 0
        assert {r[i] for i in ids} <= STATUSES
    by_path = {r["path"]: r for r in rows}
    if "dev/dev2_ley_migracion.pdf" in by_path:
        assert by_path["dev/dev2_ley_migracion.pdf"]["language"] == "es"

    html = (out / "summary.html").read_text(encoding="utf-8")
    for rel in mixed.good:
        assert f'href="{rel}.html"' in html
    for rid in ids:
        assert rid in html
    assert "errors.csv" in html
    assert_no_temp_files(out)
    assert not any(p.name.endswith(".odt.json") or "cache" in p.as_posix() for p in out.rglob("*"))


def test_rerun_reviews_nothing_then_exactly_the_deleted_output(mixed, home):
    before = outputs(mixed.out)
    proc = run(home, mixed.root, "-o", mixed.out, "--jobs", "2", "--format", "json,html")
    assert proc.returncode == 1, proc.stderr            # the broken files are tried again, and fail again
    assert f"0 reviewed, {len(mixed.good)} skipped (up to date), {len(BROKEN)} failed" in proc.stderr
    after = outputs(mixed.out)
    for rel in mixed.good:                               # not rewritten
        assert after[f"{rel}.json"] == before[f"{rel}.json"]
    assert len(read_csv(mixed.out / "summary.csv")) == len(mixed.good)

    victim = mixed.good[len(mixed.good) // 2]
    (mixed.out / f"{victim}.json").unlink()
    proc = run(home, mixed.root, "-o", mixed.out, "--jobs", "2", "--format", "json,html")
    assert f"1 reviewed, {len(mixed.good) - 1} skipped (up to date), {len(BROKEN)} failed" in proc.stderr
    again = outputs(mixed.out)
    assert again[f"{victim}.json"] != before[f"{victim}.json"]
    assert {k: v for k, v in again.items() if k.endswith(".json") and k != f"{victim}.json"} == \
           {k: v for k, v in before.items() if k.endswith(".json") and k != f"{victim}.json"}

    other = mixed.good[0]                                # a missing secondary format counts too: it is
    (mixed.out / f"{other}.html").unlink()               # rendered again from the intact stored review
    proc = run(home, mixed.root, "-o", mixed.out, "--jobs", "2", "--format", "json,html")
    assert f"0 reviewed, 1 rendered from stored reviews, {len(mixed.good) - 1} skipped" in proc.stderr, proc.stderr
    assert (mixed.out / f"{other}.html").exists()


def test_clean_corpus_exit_0_resume_key_and_force(home, tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    root.mkdir()
    for src in (ROOT / "corpora" / "samples").glob("*.txt"):
        shutil.copyfile(src, root / src.name)
    n = 3
    first = run(home, root, "-o", out, "--jobs", "1")
    assert first.returncode == 0, first.stderr
    assert f"{n} reviewed, 0 skipped (up to date), 0 failed" in first.stderr
    assert read_csv(out / "errors.csv") == []

    again = run(home, root, "-o", out)
    assert again.returncode == 0, again.stderr
    assert "nothing to review" in again.stderr and f"0 reviewed, {n} skipped" in again.stderr

    # same name, new content: the hash differs, so it is reviewed again
    draft = root / "ley_migraciones_es.txt"
    draft.write_text(draft.read_text(encoding="utf-8") + "\nArtículo 99.- La presente ley entra en vigor.\n",
                     encoding="utf-8")
    # an output from another rulebook version is stale too
    stale = out / "projet_loi_asile_fr.txt.json"
    data = json.loads(stale.read_text(encoding="utf-8"))
    data["rulebook"]["version"] = "0.0.0+older"
    stale.write_text(json.dumps(data), encoding="utf-8")
    proc = run(home, root, "-o", out)
    assert f"2 reviewed, {n - 2} skipped" in proc.stderr, proc.stderr

    # another --country is another review
    proc = run(home, root, "-o", out, "--country", "AR")
    assert proc.returncode == 0, proc.stderr
    assert f"{n} reviewed, 0 skipped" in proc.stderr
    assert json.loads(stale.read_text(encoding="utf-8"))["country"] == "ARG"

    proc = run(home, root, "-o", out, "--country", "AR", "--force")
    assert f"{n} reviewed, 0 skipped" in proc.stderr


@pytest.mark.parametrize("args, needle", [
    (["{missing}", "-o", "{out}"], "no such folder"),
    (["{file}", "-o", "{out}"], "is a file"),
    (["{root}", "-o", "{root}"], "must not be the input folder"),
    (["{root}", "-o", "{file}"], "not a folder"),
    (["{root}", "-o", "{out}", "--jobs", "0"], "--jobs"),
    (["{root}", "-o", "{out}", "--format", "json,pdf"], "unknown format 'pdf'"),
    (["{root}", "-o", "{out}", "--country", "Atlantis"], "atlantis"),
    (["{root}", "-o", "{out}", "--ratifications", "{missing}"], "no such ratifications file"),
    (["{root}", "-o", "{out}", "--executor", "dask"], "--scheduler"),
    (["{root}", "-o", "{out}", "--scheduler", "tcp://127.0.0.1:1"], "--executor dask"),
])
def test_unusable_arguments_exit_2(home, tmp_path, args, needle):
    root = tmp_path / "in"
    root.mkdir()
    shutil.copyfile(ROOT / "corpora/samples/ley_migraciones_es.txt", root / "ley.txt")
    (tmp_path / "f.txt").write_text("x")
    names = {"missing": tmp_path / "nope", "file": tmp_path / "f.txt", "root": root, "out": tmp_path / "out"}
    proc = run(home, *[a.format(**names) for a in args])
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle.lower() in lines[0].lower(), proc.stderr
    assert not (tmp_path / "out").exists()


# --- interruption ---------------------------------------------------------------------------

@pytest.mark.skipif(not Path("/proc/self/stat").exists() or not REAL.is_dir(), reason="needs Linux /proc and the real laws")
@pytest.mark.parametrize("how", ["ctrl-c", "kill"])
def test_interrupted_run_leaves_no_partial_file_and_resumes(home, tmp_path, how):
    root, out = tmp_path / "in", tmp_path / "out"
    laws = sorted(p for p in REAL.glob("*.md") if p.name[:2] in ("AR", "UY"))
    for i in range(2):
        (root / f"copy{i}").mkdir(parents=True)
        for p in laws:
            shutil.copyfile(p, root / f"copy{i}" / p.name)
    total = 2 * len(laws)
    env = {**os.environ, "LAWREVIEW_HOME": str(home)}
    proc = subprocess.Popen([*lawreview_cmd(), "batch", str(root), "-o", str(out), "--jobs", "2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(out.rglob("*.md.json")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    if how == "ctrl-c":
        os.killpg(proc.pid, signal.SIGINT)   # a terminal sends Ctrl-C to the whole process group
    else:
        os.kill(proc.pid, signal.SIGTERM)    # `kill PID` reaches the main process only
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == (130 if how == "ctrl-c" else 143), stderr
    assert "Traceback" not in stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("lawreview batch: interrupted:"), stderr
    done = len(list(out.rglob("*.md.json")))
    assert 0 < done < total
    assert f"{done} reviewed" in last and f"{total - done} not reached" in last
    assert_no_temp_files(out)
    for p in out.rglob("*.json"):
        json.loads(p.read_text(encoding="utf-8"))           # every output is whole
    assert len(read_csv(out / "summary.csv")) == done
    for _ in range(100):                                     # workers and helpers are gone
        if not session_processes(proc.pid):
            break
        time.sleep(0.1)
    assert session_processes(proc.pid) == []

    if how == "ctrl-c":
        rest = run(home, root, "-o", out, "--jobs", "2")
        assert rest.returncode == 0, rest.stderr
        assert f"{total - done} reviewed, {done} skipped" in rest.stderr
        assert len(read_csv(out / "summary.csv")) == total


# --- a worker that dies -----------------------------------------------------------------------

def crash_or_pass(task: batch.Task) -> Outcome:
    """Stands in for review_one: dies like a segfaulting parser on 'crash' files."""
    if "crash" in task.rel:
        os._exit(139)
    time.sleep(0.05)
    return Outcome(task.rel, "reviewed", language="en", articles=1, statuses={})


def test_a_worker_that_dies_fails_only_its_own_file(tmp_path):
    root, out = tmp_path / "in", tmp_path / "out"
    root.mkdir()
    names = [f"d{i:02d}.txt" for i in range(12)] + ["crash.txt"]
    for n in names:
        (root / n).write_text("x")
    report = run_batch(BatchOptions(root=root, outdir=out, jobs=2), stream=None, worker=crash_or_pass)
    states = {o.rel: o.state for o in report.outcomes}
    assert states.pop("crash.txt") == "failed"
    assert set(states.values()) == {"reviewed"} and len(states) == 12
    assert report.exit_code == 1
    errors = read_csv(out / "errors.csv")
    assert [(e["path"], e["error_class"]) for e in errors] == [("crash.txt", "WorkerDied")]


# --- Dask --------------------------------------------------------------------------------------

def test_dask_executor_same_outputs_errors_and_resume(home, tmp_path, monkeypatch):
    distributed = pytest.importorskip(
        "distributed", reason="dask.distributed is not installed: pip install 'lawreview[distributed]'")
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    for src in (ROOT / "corpora" / "samples").iterdir():
        shutil.copyfile(src, root / "a" / src.name)
    (root / "empty.txt").write_bytes(b"")
    (root / "fake.docx").write_text("not a zip")
    local = run(home, root, "-o", tmp_path / "local", "--jobs", "2", "--format", "json,md")
    assert local.returncode == 1, local.stderr

    monkeypatch.setenv("LAWREVIEW_HOME", str(home))        # the cluster's workers inherit it
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster:
        args = [root, "-o", tmp_path / "dask", "--format", "json,md", "--executor", "dask",
                "--scheduler", cluster.scheduler_address]
        first = run(home, *args)
        assert first.returncode == 1, first.stderr
        good = len(list((root / "a").iterdir()))
        assert f"{good} reviewed, 0 skipped (up to date), 2 failed" in first.stderr
        again = run(home, *args)
        assert f"0 reviewed, {good} skipped (up to date), 2 failed" in again.stderr, again.stderr

    def files(d: Path) -> set[str]:
        return {p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file() and p.name != "summary.html"}
    assert files(tmp_path / "dask") == files(tmp_path / "local")
    for name in ("errors.csv", "summary.csv"):
        assert (tmp_path / "dask" / name).read_text() == (tmp_path / "local" / name).read_text()
    for p in (tmp_path / "local").rglob("*.json"):
        q = tmp_path / "dask" / p.relative_to(tmp_path / "local")
        assert json.loads(q.read_text()) == json.loads(p.read_text())


def test_dask_unreachable_scheduler_exit_2(home, tmp_path, monkeypatch):
    pytest.importorskip("distributed", reason="dask.distributed is not installed: pip install 'lawreview[distributed]'")
    monkeypatch.setenv("DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT", "3s")
    root = tmp_path / "in"
    root.mkdir()
    shutil.copyfile(ROOT / "corpora/samples/ley_migraciones_es.txt", root / "ley.txt")
    proc = run(home, root, "-o", tmp_path / "out", "--executor", "dask", "--scheduler", "tcp://127.0.0.1:9",
               timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert "cannot reach the Dask scheduler" in proc.stderr.strip().splitlines()[-1]


# --- pieces ------------------------------------------------------------------------------------

def test_discover_skips_hidden_unsupported_and_the_output_folder(tmp_path):
    root = tmp_path / "in"
    for rel in ["a/b/ley.pdf", "a/ley.docx", "x.TXT", "y.md", "z.markdown", ".h.txt", ".git/c.txt",
                "a/~$ley.docx", "n.odt", "noext", "out/ley.pdf.md", "out/ley.pdf.json"]:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x")
    inv = batch.discover(root, exclude=(root / "out").resolve())
    assert sorted(p.relative_to(root).as_posix() for p in inv.files) == \
        ["a/b/ley.pdf", "a/ley.docx", "x.TXT", "y.md", "z.markdown"]
    assert (inv.hidden, inv.unsupported) == (3, 2)


def test_output_names_keep_the_extension():
    assert batch.parse_formats("html, json,docx") == ("html", "docx", "json")
    assert batch.parse_formats("md") == ("md", "json")          # JSON always, and last
    with pytest.raises(batch.LawreviewError):
        batch.parse_formats("json,xml")


def test_atomic_write_never_leaves_half_a_file(tmp_path, monkeypatch):
    target = tmp_path / "r.json"
    target.write_text("old")
    batch.atomic_write(target, "new")
    assert target.read_text() == "new"

    def boom(src, dst):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(batch.os, "replace", boom)
    with pytest.raises(OSError):
        batch.atomic_write(target, "newer")
    monkeypatch.undo()
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]

    (tmp_path / ".r.json.123-deadbeef.part").write_text("half")   # left by a killed writer (old name)
    (tmp_path / ".lrtmp-123-deadbeef.part").write_text("half")
    (tmp_path / ".keep.part").write_text("not ours")
    assert batch.remove_temp_files(tmp_path) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == [".keep.part", "r.json"]


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_on_a_terminal_plain_lines_otherwise(monkeypatch):
    monkeypatch.setenv("TERM", "xterm")
    tty = _Tty()
    p = Progress(4, tty)
    for i in range(4):
        p.update(Outcome(f"d{i}", "failed" if i == 1 else "reviewed", error="InputError", message="bad"))
    p.close()
    text = tty.getvalue()
    assert "\r\x1b[K[" in text and "4/4 (100%)" in text and "docs/s" in text and "ETA" in text
    assert "failed: d1: InputError: bad\n" in text

    log = io.StringIO()
    p = Progress(20, log)
    for i in range(20):
        p.update(Outcome(f"d{i}", "reviewed"))
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue() and "\x1b" not in log.getvalue()
    assert 2 <= len(lines) <= 11 and lines[-1].startswith("lawreview batch: 20/20 (100%)")
    assert all("docs/s" in line and "ETA" in line for line in lines)


def _rulebook(ids):
    rules = [SimpleNamespace(id=i, title=SimpleNamespace(get=lambda lang, i=i: f"Title of {i}")) for i in ids]
    return SimpleNamespace(rules=rules, version="9.9", rule=lambda rid: next(r for r in rules if r.id == rid))


def test_summary_html_puts_the_most_conflicted_standard_first_and_escapes(tmp_path):
    rb = _rulebook(["a.rule", "b.rule", "c.rule"])
    rows = [
        Outcome("x/<script>alert(1)</script>.txt", "reviewed", "en", 3,
                statuses={"a.rule": "compliant", "b.rule": "conflict", "c.rule": "gap"}),
        Outcome("y/ley 2.pdf", "skipped", "es", 7,
                statuses={"a.rule": "not_applicable", "b.rule": "conflict", "c.rule": "conflict"}),
        Outcome("z.docx", "reviewed", "fr", 2,
                statuses={"a.rule": "partial", "b.rule": "conflict", "c.rule": "compliant"}),
    ]
    report = SimpleNamespace(outcomes=rows + [Outcome("bad.pdf", "failed", error="InputError", message="a <b> c")],
                             interrupted=0, pending=0)
    opts = BatchOptions(root=tmp_path / "corpus", outdir=tmp_path, formats=("html", "json"))
    view = summary_view(rows, rb, report, opts)
    assert [r["id"] for r in view["rules"]] == ["b.rule", "c.rule", "a.rule"]   # 3, 1, 0 conflicts
    assert view["worst"]["id"] == "b.rule" and view["worst"]["conflicts"] == 3
    assert [t["n"] for t in view["rules"][1]["totals"]] == [1, 1, 0, 1, 0]
    write_summary_html(tmp_path / "summary.html", rows, rb, report, opts)
    html = (tmp_path / "summary.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="y/ley%202.pdf.html"' in html
    assert "Most often in conflict" in html and "Title of b.rule" in html
    assert html.count('class="c s-conflict"') == 4
    assert "a &lt;b&gt; c" in html and 'href="errors.csv"' in html
