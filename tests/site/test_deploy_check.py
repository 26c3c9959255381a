import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_the_production_profile(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"BAOCAO_DEV", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(SECRET_KEY="k" * 64 + "-production-like-secret-for-the-check", DEBUG="0",
               ALLOWED_HOSTS="baocao.example.gov.vn", BAOCAO_VAR_DIR=str(tmp_path),
               DJANGO_SETTINGS_MODULE="baocao_site.settings")
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_a_secret_key_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"BAOCAO_DEV", "DEBUG", "SECRET_KEY"}}
    env.update(BAOCAO_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="baocao_site.settings")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
