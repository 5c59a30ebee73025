"""Drafting: a new budget task in, a cited and checked indicator table out."""

from .models import Draft, DraftRequest, DraftRow, DraftSource, Usage

__all__ = ["Draft", "DraftRequest", "DraftRow", "DraftSource", "Usage"]
