"""Questions about past targets, answered with citations: `Asker(forms, index, settings).ask(question, session)`."""

from .asker import Asker
from .models import Answer, Citation
from .session import Session

__all__ = ["Answer", "Asker", "Citation", "Session"]
