"""The package installs from a wheel and works without the repository.

The wheel is built the way a release is (`python -m build`: sdist first, then the wheel from
the unpacked sdist, so MANIFEST.in and the setup.py data hook are both exercised) from a copy of
the tree, so the shared checkout gets no build/ or egg-info litter. It is installed, without its
dependencies, into a fresh venv that sees the development venv's site-packages through a .pth
file: offline, fast, and the checkout is not importable from there. A lookup then runs from an
empty folder with an empty cache, which forces the first-use database build from the TEI
shipped inside the package.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from corpus import __version__

ROOT = Path(__file__).resolve().parent.parent
TREE = ("corpus", "tei", "texts", "docs", "setup.py", "setup.cfg", "pyproject.toml",
        "MANIFEST.in", "README.md")
IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", "data", "register-parts", "*.db")


def run(args, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run(args, capture_output=True, text=True, **kwargs)
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("src")
    for name in TREE:
        path = ROOT / name
        if path.is_dir():
            shutil.copytree(path, src / name, ignore=IGNORE)
        elif path.exists():
            shutil.copy2(path, src / name)
    out = tmp_path_factory.mktemp("dist")
    # --no-isolation: use this venv's setuptools and wheel rather than download them;
    # -x: the venv's setuptools may be older than pyproject's floor, which the hook does not need
    run([sys.executable, "-m", "build", "--no-isolation", "-x", "--outdir", str(out), str(src)])
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    """A fresh venv with the wheel installed; returns its python."""
    home = tmp_path_factory.mktemp("venv") / "fresh"
    venv.EnvBuilder(with_pip=False).create(home)
    python = home / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    wheel = next(dist.glob("*.whl"))
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
         "--no-deps", "--no-index", str(wheel)])
    site = run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    deps = sysconfig.get_path("purelib")  # this venv's: lxml, PyICU, sqlite-utils, ...
    (Path(site.stdout.strip()) / "_dev_dependencies.pth").write_text(deps + "\n")
    return python


def test_the_wheel_carries_the_tei_and_the_captures(dist):
    names = set(zipfile.ZipFile(next(dist.glob("*.whl"))).namelist())
    for required in ("corpus/data/tei/register.xml", "corpus/data/texts/manifest.toml",
                     "corpus/tei/templates/tei_draft.xml", "corpus/tei/templates/segments.xsl",
                     "corpus/tei/schema/corpus.rng", "corpus/web/templates/corpus_timeline.html",
                     "corpus/names/schemes/bgn.toml", "corpus/names/parts.toml",
                     "corpus/py.typed"):
        assert required in names
    tei = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("corpus/data/tei/"))
    assert tei == sorted(p.name for p in (ROOT / "tei").glob("*.xml"))
    texts = {n.rsplit("/", 1)[1] for n in names if n.startswith("corpus/data/texts/")}
    assert {p.name for p in (ROOT / "texts").glob("*.txt")} <= texts


def test_the_sdist_keeps_the_repository_layout(dist):
    sdist = next(dist.glob("*.tar.gz"))
    names = {n.split("/", 1)[1] for n in tarfile.open(sdist).getnames() if "/" in n}
    assert {"setup.py", "tei/register.xml", "texts/manifest.toml"} <= names
    assert not any(n.startswith(("tei/register-parts", "corpus/data/")) for n in names)


def test_lookup_works_from_any_folder_with_an_empty_cache(installed, tmp_path):
    elsewhere, cache = tmp_path / "elsewhere", tmp_path / "cache"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("CORPUS_", "PYTHON", "VIRTUAL_ENV"))}
    env["XDG_CACHE_HOME"] = str(cache)
    script = ("import corpus, corpus.index.db\n"
              "opener = getattr(corpus, 'open', corpus.index.db.open)\n"
              "hits = opener().lookup('Wlassow')\n"
              "print(corpus.__file__)\n"
              "print(hits[0].id, hits[0].how)\n")
    done = run([str(installed), "-c", script], cwd=elsewhere, env=env)
    location, hit = done.stdout.strip().splitlines()
    assert Path(location).is_relative_to(installed.parent.parent)  # not the checkout
    assert hit.split()[0] == "vlasov"
    assert (cache / "corpus-rlm" / __version__ / "corpus.db").is_file()
    assert not (elsewhere / "corpus.db").exists()

    # the console script works too, reading the shipped register
    cli = installed.parent / ("corpus.exe" if os.name == "nt" else "corpus")
    done = run([str(cli), "lookup", "Власова", "--json"], cwd=elsewhere, env=env)
    assert '"id": "vlasov"' in done.stdout


# --- where the data and the cached database live (in-process, fast) -------------------------

def test_a_checkout_reads_its_own_tei():
    from corpus import paths

    assert paths.data_root() == ROOT
    assert paths.register_path() == ROOT / "tei" / "register.xml"


def test_the_cache_folder_honours_the_environment(monkeypatch, tmp_path):
    from corpus.paths import cache_dir

    monkeypatch.delenv("CORPUS_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_dir() == tmp_path / "corpus-rlm" / __version__
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/ignored")
    assert cache_dir() != Path("relative/ignored") / "corpus-rlm" / __version__
    monkeypatch.setenv("CORPUS_CACHE", str(tmp_path / "mine"))
    assert cache_dir() == tmp_path / "mine" / __version__


def test_open_builds_the_cache_once_and_again_when_the_tei_changes(monkeypatch, scratch):
    import corpus.index.db
    from corpus.index.cache import cached_database, is_current

    monkeypatch.chdir(scratch)  # no corpus.db here
    monkeypatch.setenv("CORPUS_CACHE", str(scratch / "cache"))
    monkeypatch.setenv("CORPUS_TEI", str(scratch / "tei"))
    with corpus.index.db.open() as opened:
        assert opened.path == scratch / "cache" / __version__ / "corpus.db"
        assert opened.lookup("Wlassow")[0].id == "vlasov"
    built = opened.path.stat().st_mtime_ns
    assert cached_database() == opened.path and opened.path.stat().st_mtime_ns == built
    doc = scratch / "tei" / "deac-vlasov.xml"
    doc.write_text(doc.read_text("utf-8").replace("Moscow", "Moskva", 1), "utf-8")
    assert not is_current(opened.path, scratch / "tei")
    cached_database()
    assert is_current(opened.path, scratch / "tei")
