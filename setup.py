"""Packaging hook: ship the top-level `tei/` and `texts/` folders inside the package.

The repository keeps the TEI and the captures at the top level (that layout is fixed), but an
installed package only has what lies under `corpus/`. So `build_py` copies them into
`corpus/data/` of the build tree, and every wheel carries them: built from a checkout or from
the sdist (MANIFEST.in grafts both folders), on every platform, with no symlinks in git.
`corpus.paths` finds them there when the package does not run from a checkout. All metadata
stays in setup.cfg.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
# folder -> file patterns shipped; tei/register-parts (curators' working files) is left out.
SHIPPED = {"tei": ("*.xml",), "texts": ("manifest.toml", "*.txt")}


class build_py_with_data(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads tei/ and texts/ from the checkout itself
        target = Path(self.build_lib) / "corpus" / "data"
        shutil.rmtree(target, ignore_errors=True)  # no stale copies from an earlier build
        for folder, patterns in SHIPPED.items():
            for pattern in patterns:
                for source in sorted((ROOT / folder).glob(pattern)):
                    dest = target / folder / source.name
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, dest)
        if not (target / "tei" / "register.xml").is_file():
            raise SystemExit(f"tei/register.xml not found under {ROOT}: cannot ship the corpus")


setup(cmdclass={"build_py": build_py_with_data})
