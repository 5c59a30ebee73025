"""The one model seam and what sits behind it.

`seam` (ChatModel, Completion, Usage: pure types), `client` (OpenAIChatModel over langchain's
ChatOpenAI, `check`; the only module that imports openai/langchain when loaded), `retry` (the one
RetryPolicy for outbound calls, with a per-call deadline), `prompts` (prompts/*.md as
ChatPromptTemplates), `repair` (validate, re-ask with the findings), `call_log` (every call in SQLite).
"""

from assistant.llm.seam import ChatModel, Completion, Message, Purpose, Structured, Usage

__all__ = ["ChatModel", "Completion", "Message", "Purpose", "Structured", "Usage"]
