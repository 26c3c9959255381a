import json

from django.core.management.base import BaseCommand, CommandError

from formbuilder.models import VersionStatus
from formbuilder.selectors import definition_by_code
from formbuilder.services import form_definition_export


class Command(BaseCommand):
    help = "Xuất định nghĩa biểu mẫu ra JSON / Export a form definition as JSON."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("--number", type=int, help="Số phiên bản (mặc định: bản đã ban hành, nếu không thì mới nhất).")
        parser.add_argument("-o", "--output", help="Tệp đích (mặc định: in ra màn hình).")

    def handle(self, *args, code, number=None, output=None, **options):
        version = number
        definition = definition_by_code(code=code)
        if definition is None:
            raise CommandError(f"Không có biểu mẫu mã “{code}”.")
        if version is not None:
            found = definition.versions.filter(number=version).first()
        else:
            found = definition.versions.filter(status=VersionStatus.PUBLISHED).first() or definition.latest_version()
        if found is None:
            raise CommandError(f"Biểu mẫu “{code}” không có phiên bản {version}.")
        text = json.dumps(form_definition_export(version=found), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
            self.stdout.write(self.style.SUCCESS(f"Đã ghi {output}"))
        else:
            self.stdout.write(text)
