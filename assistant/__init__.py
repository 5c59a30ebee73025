"""绩效目标助手: drafts and checks Chinese budget performance target forms (绩效目标表)."""

import os

# Telemetry off before chromadb or gradio is imported anywhere.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

__version__ = "0.1.0"
