"""The predecessor project's import path, kept working."""
