"""Questions about past targets, answered with citations: `Asker(forms, index, settings).ask(question, session)`."""

from assistant.ask.asker import Asker
from assistant.ask.models import Answer, Citation
from assistant.ask.session import Session

__all__ = ["Answer", "Asker", "Citation", "Session"]
