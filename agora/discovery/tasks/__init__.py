"""Background discovery work, one module per feature (thin and idempotent: the services do
the work)."""
