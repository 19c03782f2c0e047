"""Commerce writes, one module per family."""
