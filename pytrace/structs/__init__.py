"""Kernel structure layouts, declared once with construct (one module per struct family)."""
