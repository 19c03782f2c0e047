"""Commerce reads, one module per family."""
