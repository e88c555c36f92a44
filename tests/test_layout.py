"""The house: the package's layout follows the flow texts → TEI → database → CLI / API /
Datasette / exports. Imports point down the flow only (function-level imports included), no
module imports another in a loop, no module grows past what one reader holds in mind, and
every command is documented."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "corpus"
README = PACKAGE.parent / "README.md"
MAX_LINES = 400
# Stages in flow order; a module may import its own stage and earlier ones. `web` and
# `export` are side by side: both read the database, neither needs the other.
STAGES = (("base", 0), ("names", 1), ("tei", 2), ("index", 3), ("web", 4), ("export", 4),
          ("front", 5))
BASE = {"corpus.errors", "corpus.paths", "corpus.atomic", "corpus.version"}
FRONT = {"corpus", "corpus.api", "corpus.evaluation"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py") if "data" not in p.parts}


def stage(module: str) -> str:
    if module in BASE:
        return "base"
    if module in FRONT or module.startswith("corpus.cli"):
        return "front"
    return module.split(".")[1]


def imports(module: str) -> set[str]:
    """Every corpus module `module` imports, wherever the import statement is."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:  # `from . import spec` imports a module
                sub = f"{target}.{alias.name}"
                found.add(sub if sub in MODULES else target)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m in MODULES and m != module}


GRAPH = {m: imports(m) for m in MODULES}


def test_the_layout_is_the_flow():
    stages = {s for s, _ in STAGES}
    assert {stage(m) for m in MODULES} == stages
    for folder in ("names", "tei", "index", "web", "export", "cli"):
        doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text()))
        assert doc and len(doc) > 80, f"corpus/{folder} says what it owns"


def test_no_import_loop():
    """Depth-first search for a back edge; the loop found is printed whole."""
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(GRAPH[module]):
            if state.get(target) == 1:
                loop = trail[trail.index(target):] + [target]
                pytest.fail("import loop: " + " -> ".join(loop))
            if target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(GRAPH):
        if module not in state:
            visit(module, [module])


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down_the_flow(module):
    rank = dict(STAGES)
    mine = stage(module)
    upward = [t for t in GRAPH[module]
              if rank[stage(t)] > rank[mine] or (rank[stage(t)] == rank[mine]
                                                 and stage(t) != mine)]
    assert upward == [], f"{module} ({mine}) imports a later or side stage: {upward}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_too_long(module):
    lines = len(MODULES[module].read_text("utf-8").splitlines())
    assert lines <= MAX_LINES, f"{MODULES[module]}: {lines} lines"


def test_every_command_is_documented_in_the_readme():
    from corpus.cli import cli

    readme = README.read_text("utf-8")
    missing = [name for name in cli.commands
               if not re.search(rf"\bcorpus {re.escape(name)}\b", readme)]
    assert missing == []
