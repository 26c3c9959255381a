"""Load the official administrative units in force since 1/7/2025 through the import path."""
import csv
import io

from django.core.management.base import BaseCommand, CommandError

from fixtures import demo
from hierarchy.demo import ADMIN_UNITS_CSV, ensure_levels_and_kinds
from hierarchy.importing import unit_import
from hierarchy.models import Unit


class Command(BaseCommand):
    help = ("Nạp 34 tỉnh, thành phố và 3.321 xã, phường, đặc khu (từ 01/7/2025) vào cây tổ chức, "
            "dưới đơn vị gốc Trung ương. Chạy lại không tạo trùng.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi.")
        parser.add_argument("--root", default=demo.CENTRAL[0], help="Mã đơn vị gốc (mặc định: TW).")

    def handle(self, *args, dry_run=False, root=None, **options):
        ensure_levels_and_kinds()
        if not Unit.objects.filter(code=root).exists():
            raise CommandError(f"Không có đơn vị gốc mã “{root}”; chạy `manage.py load_demo` trước.")
        content = self.rows_under_root(root)
        result = unit_import(content=content, filename="units_2025.csv", dry_run=dry_run)
        for error in result.plan.errors[:50]:
            self.stderr.write(str(error))
        if result.plan.errors:
            raise CommandError(f"{len(result.plan.errors)} lỗi; không ghi gì.")
        c = result.plan.counts()
        self.stdout.write(self.style.SUCCESS(
            f"{'Chạy thử' if dry_run else 'Đã nạp'}: {c['new']} mới, {c['updated']} cập nhật, "
            f"{c['moved']} chuyển cấp trên, {c['unchanged']} không đổi."))

    @staticmethod
    def rows_under_root(root: str) -> bytes:
        """Return the fixture as CSV with provinces attached to ``root``."""
        out = io.StringIO()
        with ADMIN_UNITS_CSV.open(encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            writer = csv.DictWriter(out, fieldnames=reader.fieldnames)
            writer.writeheader()
            for row in reader:
                if not row["parent_code"]:
                    row["parent_code"] = root
                writer.writerow(row)
        return out.getvalue().encode()
