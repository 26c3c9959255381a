"""A pytest plugin loaded first (``-p baocao_site.testenv`` in pyproject.toml).

pytest-django reads the settings before any conftest runs, so the developer-machine
defaults that the settings need (BAOCAO_DEV) are set here.
"""
import os

os.environ.setdefault("BAOCAO_DEV", "1")
os.environ.setdefault("HUEY_NAME", "baocao-test")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
