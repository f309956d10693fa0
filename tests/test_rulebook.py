"""The rulebook: every catalogue id has a rule, files are validated, citations resolve."""

import re
import shutil

import pytest

from conftest import ROOT, SHARED
from lawreview.errors import RulebookError
from lawreview.rulebook.loader import load_concepts, load_rulebook, load_rules
from lawreview.rulebook.instruments import load_instruments

RULES = ROOT / "rules"


def catalogue_ids() -> list[str]:
    path = SHARED / "iml-standards.md"
    if not path.exists():
        pytest.skip("../shared/iml-standards.md is not here")
    return re.findall(r"^### `([a-z_.]+)`", path.read_text(encoding="utf-8"), re.M)


def test_every_catalogue_standard_has_a_rule():
    ids = catalogue_ids()
    assert len(ids) == 35
    have = {r.id for r in load_rulebook().rules}
    assert sorted(set(ids) - have) == []


def test_every_citation_resolves_to_the_instruments_catalogue():
    instruments = load_instruments()
    for rule in load_rulebook().rules:
        for c in rule.citations:
            assert c.instrument in instruments, f"{rule.id}: {c.instrument}"
            assert c.provision.strip()


def test_every_rule_has_both_kinds_of_example_in_every_language():
    for rule in load_rulebook().rules:
        for lang in ("en", "es", "fr"):
            kinds = {e.expect for e in rule.examples if e.lang == lang}
            assert "compliant" in kinds and kinds & {"conflict", "gap", "partial"}, (rule.id, lang)


def _copy_rulebook(tmp_path):
    dst = tmp_path / "rules"
    shutil.copytree(RULES, dst)
    return dst


def test_unknown_key_is_a_load_error_naming_the_file(tmp_path):
    dst = _copy_rulebook(tmp_path)
    path = dst / "standards" / "detention.children.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "colour: red\n", encoding="utf-8")
    with pytest.raises(RulebookError, match=r"detention\.children\.yaml.*colour"):
        load_rules(dst / "standards", load_concepts(dst / "lexicon"), load_instruments())


def test_unknown_concept_is_a_load_error_naming_the_file(tmp_path):
    dst = _copy_rulebook(tmp_path)
    path = dst / "standards" / "detention.children.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("all: [detention, child]", "all: [detention, kid]", 1),
                    encoding="utf-8")
    with pytest.raises(RulebookError, match=r"detention\.children\.yaml.*kid"):
        load_rules(dst / "standards", load_concepts(dst / "lexicon"), load_instruments())


def test_unknown_instrument_is_a_load_error_naming_the_file(tmp_path):
    dst = _copy_rulebook(tmp_path)
    path = dst / "standards" / "detention.children.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("instrument: CRC,", "instrument: CRCX,", 1), encoding="utf-8")
    with pytest.raises(RulebookError, match=r"detention\.children\.yaml.*CRCX"):
        load_rules(dst / "standards", load_concepts(dst / "lexicon"), load_instruments())


def test_bad_regex_in_a_concept_names_the_file(tmp_path):
    dst = _copy_rulebook(tmp_path)
    (dst / "lexicon" / "broken.yaml").write_text("id: broken\ndescription: x\nen: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(RulebookError, match=r"broken\.yaml"):
        load_concepts(dst / "lexicon")
