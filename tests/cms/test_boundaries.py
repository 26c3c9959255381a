"""cms never imports the features that fill its hooks (cms/providers.py): they import cms."""
import ast
from pathlib import Path

import cms

FEATURES = ("formbuilder", "indicators")


def test_cms_imports_no_feature_app():
    offending = []
    for path in Path(cms.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            offending += [f"{path.name}: {n}" for n in names if n.split(".")[0] in FEATURES]
    assert offending == []
