"""``{{ error|field_message }}``: an engine FieldError's message in the user's language (labels kept as entered)."""
from django import template

from formbuilder.renderer.messages import field_error_message

register = template.Library()


@register.filter
def field_message(error) -> str:
    """Return ``error.message`` (``Số văn bản: phải là số``) in the user's language (``Số văn bản: must be a
    number``)."""
    return field_error_message(error)
