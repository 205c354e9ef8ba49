"""No upward imports: a module imports only from the layers below it (see STYLE)."""

from __future__ import annotations

import ast
from pathlib import Path

import schillen

PACKAGE = Path(schillen.__file__).parent
# Lower numbers are lower layers; a module may import from its own layer or below.
LAYERS = {
    "schillen._version": 0,
    "schillen._codes": 0,
    "schillen._gc": 0,
    "schillen.diagnostics": 1,
    "schillen.errors": 2,
    "schillen._io": 2,
    # The pydantic base and doc() that the fiche and register models share; imports nothing of schillen.
    "schillen._pydantic": 2.5,
    "schillen.model": 3,
    "schillen._yaml": 3,
    "schillen._validation": 3,
    # Register interfaces sit just above the fiche model, below the loaders.
    "schillen.registers.model": 3.5,
    "schillen.registers.loading": 3.5,
    "schillen.registers.lookup": 3.5,
    "schillen.registers.objects": 3.5,
    "schillen.registers.embedded": 3.5,
    "schillen.registers.http": 3.5,
    "schillen.registers": 3.5,
    "schillen.loading": 4,
    "schillen.schema": 4,
    "schillen.skeleton": 4,
    "schillen.graph": 5,
    "schillen.render": 5,
    "schillen.render.engine": 5,
    "schillen.checks.structure": 6,
    "schillen.checks.soundness": 6,
    "schillen.checks.register": 6,
    # Scenarios run a fiche's process against the embedded register; the checks run them.
    "schillen.scenarios": 6,
    "schillen.checks": 7,
    "schillen.bpmn": 8,
    "schillen.matrix": 8,
    # Diagrams use the register matrix's C/R/U/D letters; nothing below the CLI imports them.
    "schillen.render.dot": 8.5,
    "schillen.render.mermaid": 8.5,
    # The book renders pages and diagrams; only the CLI imports it.
    "schillen.book.pages": 8.7, "schillen.book.build": 8.7, "schillen.book": 8.7,
    "schillen.cli._base": 9,
    "schillen.cli.book": 9,
    "schillen.cli.fiches": 9,
    "schillen.cli.register": 9,
    "schillen.cli.simulate": 9,
    "schillen.cli": 9,
    "schillen.__main__": 9,
    "schillen": 10,
}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("schillen"):
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("schillen"))
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_module_has_a_layer():
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    assert modules == set(LAYERS)


def test_no_upward_imports():
    for path in PACKAGE.rglob("*.py"):
        name = _module_name(path)
        for imported in _imports(path):
            assert LAYERS[imported] <= LAYERS[name], f"{name} imports {imported} from a higher layer"


def test_bpmn_imports_only_what_it_may():
    """bpmn sits above checks in the list (checks may not import it) but uses none of them."""
    allowed = {"schillen._version", "schillen._io", "schillen._validation", "schillen.diagnostics", "schillen.errors",
               "schillen.model", "schillen.graph",
               "schillen._yaml", "schillen.loading", "schillen.render.engine"}
    assert _imports(PACKAGE / "bpmn.py") <= allowed


def test_only_cli_uses_click():
    for path in PACKAGE.rglob("*.py"):
        if _module_name(path).startswith("schillen.cli"):
            continue
        assert "import click" not in path.read_text(encoding="utf-8"), path
