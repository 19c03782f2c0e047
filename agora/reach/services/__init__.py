"""Writes, one module per feature."""
