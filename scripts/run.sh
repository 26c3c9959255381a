#!/usr/bin/env bash
# Start the platform on a developer machine: SQLite, SQLite-backed huey, demo data, dev server + consumer.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
export DEBUG="${DEBUG:-1}" BAOCAO_DEV=1
unset DATABASE_URL REDIS_URL

$PY manage.py migrate --noinput -v0
$PY manage.py load_demo

$PY manage.py run_huey --workers 2 --worker-type thread --logfile var/huey.log --quiet &
HUEY_PID=$!
$PY manage.py runserver "127.0.0.1:${PORT}" --noreload &
WEB_PID=$!

stop() {
  trap - INT TERM EXIT
  echo; echo "Đang dừng máy chủ và huey… / stopping…"
  kill "$WEB_PID" "$HUEY_PID" 2>/dev/null || true
  wait "$WEB_PID" "$HUEY_PID" 2>/dev/null || true
}
trap stop INT TERM EXIT

sleep 1
cat <<MSG

  Báo cáo đang chạy tại / baocao is running at:  http://127.0.0.1:${PORT}/
  Quản trị (Wagtail admin):                     http://127.0.0.1:${PORT}/quan-tri/
  Tài khoản mẫu ở trên, mật khẩu chung "baocao@2026" (admin, angiang.duyet, longxuyen.soan …)
  Nhấn Ctrl-C để dừng / press Ctrl-C to stop.

MSG
wait -n "$WEB_PID" "$HUEY_PID"
