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
