import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not here")
    return SHARED


def lawreview_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("lawreview")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "lawreview.cli"]


def check_rule(rule_id, lang, text, status, articles=None, role=None):
    """Run one rule on a small draft through the real engine; assert the status
    and that the evidence cites one of `articles` (with `role`, if given)."""
    from lawreview.rulebook.examples import run_example
    from lawreview.rulebook.loader import load_rulebook
    finding = run_example(load_rulebook(), rule_id, text, lang)
    quotes = [(e.article, e.role, e.quote) for e in finding.evidence]
    assert finding.status == status, f"{rule_id} [{lang}]: got {finding.status}, want {status}; evidence={quotes}"
    if articles is not None:
        cited = {e.article for e in finding.evidence if role is None or e.role == role}
        assert cited & set(articles), f"{rule_id} [{lang}]: evidence cites {sorted(cited)}, want one of {articles}; {quotes}"
    return finding


def review_draft(text: str, lang: str) -> dict:
    """Review a whole draft given as text through the full pipeline: rule id -> finding."""
    import hashlib
    from lawreview.model import Block, RawDocument
    from lawreview.pipeline import review_document
    from lawreview.structure import parse_raw
    raw = RawDocument(source="draft.txt", sha256=hashlib.sha256(text.encode()).hexdigest(), format="txt",
                      blocks=[Block(text=l.strip()) for l in text.split("\n") if l.strip()], language=lang)
    return {f.rule.id: f for f in review_document(parse_raw(raw), lang=lang).findings}


def assert_findings(findings: dict, expected: dict) -> None:
    """expected: rule id -> (status, article the evidence must cite, or None)."""
    for rule_id, (status, article) in expected.items():
        f = findings[rule_id]
        quotes = [(e.article, e.quote) for e in f.evidence]
        assert f.status == status, (rule_id, f.status, quotes)
        if article:
            assert article in {e.article for e in f.evidence}, (rule_id, quotes)


# --- batch runs (test_batch.py, test_batch_hardening.py) -------------------------------------

@pytest.fixture(scope="session")
def home(tmp_path_factory) -> Path:
    """A frozen, loadable copy of the rulebook and templates (LAWREVIEW_HOME): the
    rulebook version is part of the batch resume key, and other work on rules/
    must not change it between two runs of one test."""
    import shutil
    import time
    from lawreview.errors import RulebookError
    from lawreview.rulebook.loader import load_rulebook
    home = tmp_path_factory.mktemp("home")
    for _ in range(10):
        for name in ("rules", "report_templates"):
            shutil.rmtree(home / name, ignore_errors=True)
            shutil.copytree(ROOT / name, home / name)
        try:
            load_rulebook.__wrapped__(home / "rules")
            return home
        except RulebookError:
            time.sleep(1)  # a rule was being written while we copied
    pytest.fail("rules/ does not load")


def run(home: Path, *args, timeout=600):
    """`lawreview batch ARGS` in a subprocess against the frozen rulebook."""
    import subprocess
    env = {**os.environ, "LAWREVIEW_HOME": str(home)}
    return subprocess.run([*lawreview_cmd(), "batch", *map(str, args)], capture_output=True, text=True,
                          env=env, timeout=timeout)


def read_csv(path: Path) -> list[dict]:
    import csv
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def session_processes(sid: int) -> list[int]:
    """Live (not zombie) processes of session `sid` (Linux /proc)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] not in ("Z", "X"):
            pids.append(int(stat.parent.name))
    return pids
