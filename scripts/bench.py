#!/usr/bin/env python
"""`make bench [BENCH=group]`: print one line per figure, `bench: <name> <value> <unit>`.

Runs in a throw-away database created like a test database (test_<name> on PostgreSQL when
DATABASE_URL points at one, a file under var/ on SQLite) and dropped afterwards.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baocao_site.settings")
os.environ.setdefault("BAOCAO_DEV", "1")
os.environ.setdefault("HUEY_IMMEDIATE", "1")


def main(argv: list[str]) -> int:
    import django
    from django.conf import settings

    django.setup()
    from django.test.utils import setup_databases, teardown_databases

    from benchmarks import GROUPS

    wanted = [g for g in argv if g] or list(GROUPS)
    unknown = [g for g in wanted if g not in GROUPS]
    if unknown:
        print(f"Nhóm không tồn tại: {', '.join(unknown)}. Có: {', '.join(GROUPS)}", file=sys.stderr)
        return 2
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        db.setdefault("TEST", {})["NAME"] = str(Path(settings.VAR_DIR) / f"bench-{os.getpid()}.sqlite3")
    old = setup_databases(verbosity=0, interactive=False, serialized_aliases=set())
    try:
        for name in wanted:
            for line in GROUPS[name]():
                print(line, flush=True)
    finally:
        teardown_databases(old, verbosity=0)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
