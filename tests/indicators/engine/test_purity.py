"""The indicator engine is plain Python: no module of indicators/engine imports Django."""
import ast
from pathlib import Path

ENGINE = Path(__file__).resolve().parents[3] / "indicators" / "engine"


def test_engine_never_imports_django():
    modules = sorted(ENGINE.glob("*.py"))
    assert len(modules) >= 6
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            assert not any(name.split(".")[0] in ("django", "wagtail", "huey") for name in names), module.name
