"""Models, one module per feature."""
