import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from formbuilder.services import form_definition_import


class Command(BaseCommand):
    help = "Nhập định nghĩa biểu mẫu (JSON, baocao.form/1) / Import a form definition from a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Tệp JSON")
        parser.add_argument("--publish", action="store_true", help="Ban hành ngay sau khi nhập.")

    def handle(self, *args, files, publish, **options):
        for name in files:
            path = Path(name)
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                raise CommandError(f"Không tìm thấy tệp {name}.") from None
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise CommandError(f"{name}: không phải JSON hợp lệ (UTF-8): {exc}") from None
            try:
                version = form_definition_import(document=document, publish=publish)
            except ValidationError as exc:
                raise CommandError(f"{name}: định nghĩa không hợp lệ, không ghi gì:\n- " + "\n- ".join(exc.messages)) from None
            self.stdout.write(self.style.SUCCESS(f"{name}: {version}"))
