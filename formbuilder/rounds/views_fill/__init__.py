"""Views of the filling side: task list, ad-hoc reports, wizard, conflict screen, history and attachments."""
from .adhoc import adhoc_open
from .conflict import conflict
from .history import attachment, history
from .tasks import task_list
from .wizard import FillWizard

__all__ = ["FillWizard", "adhoc_open", "attachment", "conflict", "history", "task_list"]
