"""Drafting: a new budget task in, a cited and checked indicator table out."""

from assistant.draft.models import Draft, DraftRequest, DraftRow, DraftSource, Usage

__all__ = ["Draft", "DraftRequest", "DraftRow", "DraftSource", "Usage"]
