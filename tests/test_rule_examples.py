"""Every rule's own examples, in every language, through the real engine."""

import pytest

from lawreview.rulebook.examples import run_example
from lawreview.rulebook.loader import load_rulebook

RULEBOOK = load_rulebook()
CASES = [(r.id, i, ex) for r in RULEBOOK.rules for i, ex in enumerate(r.examples)]


@pytest.mark.parametrize("rule_id,i,example", CASES, ids=[f"{r}-{ex.lang}-{i}" for r, i, ex in CASES])
def test_rule_example(rule_id, i, example):
    finding = run_example(RULEBOOK, rule_id, example.text, example.lang)
    assert finding.status == example.expect, (
        f"{rule_id} [{example.lang}] {example.text!r}: got {finding.status}, want {example.expect}; "
        f"evidence={[e.quote for e in finding.evidence]}")
    if finding.status in ("conflict", "compliant", "partial"):
        assert finding.evidence, "a finding that is not a gap must quote its evidence"
        for ev in finding.evidence:
            # the example's exact words; a chapeau and its items are quoted together across a line
            # break, and a trimmed quote marks each cut with "[…]"
            flat = " ".join(example.text.split())
            assert ev.quote and all(" ".join(piece.split()) in flat for piece in ev.quote.split("[…]")), \
                "evidence must quote the example's exact words"
