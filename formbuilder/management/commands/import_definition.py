from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from formbuilder.designer_services import form_definition_import_file


class Command(BaseCommand):
    help = "Nhập định nghĩa biểu mẫu (JSON, baocao.form/1) / Import a form definition from a JSON file."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", help="Tệp JSON")
        parser.add_argument("--publish", action="store_true", help="Ban hành ngay sau khi nhập.")

    def handle(self, *args, files, publish, **options):
        for name in files:
            try:
                content = Path(name).read_bytes()
            except FileNotFoundError:
                raise CommandError(f"Không tìm thấy tệp {name}.") from None
            # The admin's import goes through the same service: same checks, same messages.
            try:
                version = form_definition_import_file(content=content, publish=publish)
            except ValidationError as exc:
                raise CommandError(f"{name}: không nhập được, không ghi gì:\n- " + "\n- ".join(exc.messages)) from None
            self.stdout.write(self.style.SUCCESS(f"{name}: {version}"))
