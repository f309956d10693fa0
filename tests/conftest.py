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
