"""Views of the filling side: task list, wizard, conflict screen, history and attachments."""
from .conflict import conflict
from .history import attachment, history
from .tasks import task_list
from .wizard import FillWizard

__all__ = ["FillWizard", "attachment", "conflict", "history", "task_list"]
