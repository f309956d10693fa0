"""The wheel: built the way a user or CI builds it, installed (not editable) away
from the source tree, it reviews a draft and lists the rules from its own packaged
rulebook; it holds no tests, corpora or benchmarks.

Marked `slow` (a wheel build takes ~20 s) but run by default. To keep the test
fast and offline, the wheel is installed with --no-deps into a private folder and
run with this venv's interpreter in isolated mode (-I: no source tree, no
editable install on sys.path); .ci/run does the full install into a fresh venv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "samples" / "immigration_detention_bill_en.txt"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    pytest.importorskip("build", reason="the 'build' package (in the test extra) builds the wheel")
    out = tmp_path_factory.mktemp("dist")
    # build from a clean copy of the tracked files: what a fresh clone would build
    src = tmp_path_factory.mktemp("src") / "lawreview"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    for rel in ("setup.py", "MANIFEST.in", "src/lawreview/__main__.py", "tests/test_packaging.py"):
        if (ROOT / rel).is_file() and not (src / rel).exists():   # not yet committed
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    r = subprocess.run([sys.executable, "-m", "build", "--wheel", "--sdist", "--outdir", str(out), str(src)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    (whl,) = out.glob("lawreview-*.whl")
    assert list(out.glob("lawreview-*.tar.gz")), "no sdist built"
    return whl


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> dict:
    site = tmp_path_factory.mktemp("site")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    work = tmp_path_factory.mktemp("work")
    env = {k: v for k, v in os.environ.items() if k not in ("LAWREVIEW_HOME", "PYTHONPATH")}
    env.update(PYTHONPATH=str(site), XDG_CACHE_HOME=str(tmp_path_factory.mktemp("cache")))
    return {"site": site, "work": work, "env": env}


def run(installed, *args: str) -> subprocess.CompletedProcess:
    # -I would drop PYTHONPATH; -P (3.11+) only keeps the current folder off sys.path
    return subprocess.run([sys.executable, "-P", "-m", "lawreview", *args], cwd=installed["work"],
                          env=installed["env"], capture_output=True, text=True, timeout=300)


def test_wheel_holds_the_data_and_no_tests_corpora_or_benchmarks(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "lawreview/_data/rules/instruments.yaml" in names
    assert "lawreview/_data/report_templates/i18n/es.yaml" in names
    assert "lawreview/__main__.py" in names
    assert any(n.startswith("lawreview/_data/rules/standards/") for n in names)
    for bad in ("tests/", "corpora/", "benchmarks/", "tools/", "conftest.py", "test_"):
        assert not [n for n in names if bad in n], bad


def test_installed_wheel_uses_its_own_data(installed):
    r = subprocess.run([sys.executable, "-P", "-c", "import lawreview, lawreview.paths as p; "
                        "print(lawreview.__file__); print(p.rules_dir()); print(p.templates_dir())"],
                       cwd=installed["work"], env=installed["env"], capture_output=True, text=True, check=True)
    mod, rules, templates = r.stdout.split("\n")[:3]
    site = str(installed["site"])
    assert mod.startswith(site) and rules.startswith(site) and templates.startswith(site), r.stdout


def test_installed_wheel_reviews_from_an_unrelated_folder(installed):
    shutil.copy(SAMPLE, installed["work"] / "draft.txt")
    r = run(installed, "review", "draft.txt", "--format", "html", "-o", "out.html")
    assert r.returncode == 0, r.stderr
    assert "<html" in (installed["work"] / "out.html").read_text(encoding="utf-8")[:500].lower()
    r = run(installed, "review", "draft.txt", "--format", "docx", "-o", "memo.docx")
    assert r.returncode == 0, r.stderr
    assert zipfile.is_zipfile(installed["work"] / "memo.docx")
    # the per-user cache of the validated rulebook works for the packaged rules
    cache = Path(installed["env"]["XDG_CACHE_HOME"]) / "lawreview"
    assert list(cache.glob("rulebook-*.pickle"))


def test_installed_wheel_lists_rules_and_has_help(installed):
    r = run(installed, "rules", "list")
    assert r.returncode == 0 and "detention.max_duration" in r.stdout, r.stderr
    r = run(installed, "--help")
    assert r.returncode == 0 and "review" in r.stdout


def test_lawreview_home_stays_an_override(installed, tmp_path):
    env = {**installed["env"], "LAWREVIEW_HOME": str(tmp_path)}
    r = subprocess.run([sys.executable, "-P", "-m", "lawreview", "rules", "list"], cwd=installed["work"],
                       env=env, capture_output=True, text=True)
    assert r.returncode == 2 and "has no rules/ folder" in r.stderr
    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    r = subprocess.run([sys.executable, "-P", "-c", "import lawreview.paths as p; print(p.rules_dir()); "
                        "print(p.templates_dir())"], cwd=installed["work"], env=env,
                       capture_output=True, text=True, check=True)
    rules, templates = r.stdout.split("\n")[:2]
    assert rules == str(tmp_path / "rules")
    assert templates.startswith(str(installed["site"]))     # no report_templates/ there: the shipped ones
