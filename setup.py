"""Build hook: ship the top-level rules/ and report_templates/ inside the package.

The folders stay where the design wants them (the top of the source tree, one
source of truth). A wheel built from a checkout or from the sdist gets a copy
at lawreview/_data/<folder>, which lawreview.paths reads with importlib.resources.
An editable install copies nothing: paths finds the folders in the source tree.
"""

from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py as _build_py

DATA_FOLDERS = ("rules", "report_templates")
HERE = Path(__file__).resolve().parent


class build_py(_build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in DATA_FOLDERS:
            src = HERE / name
            if not src.is_dir():
                raise SystemExit(f"setup.py: {src} is missing: cannot ship the {name}/ folder")
            dest = Path(self.build_lib) / "lawreview" / "_data" / name
            shutil.rmtree(dest, ignore_errors=True)
            shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", ".*"))

    def get_outputs(self, include_bytecode=True):
        outputs = list(super().get_outputs(include_bytecode))
        if not getattr(self, "editable_mode", False):
            for name in DATA_FOLDERS:
                outputs += [str(Path(self.build_lib) / "lawreview" / "_data" / name / p.relative_to(HERE / name))
                            for p in (HERE / name).rglob("*") if p.is_file()]
        return outputs


setup(cmdclass={"build_py": build_py})
