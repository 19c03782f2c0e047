"""Admin screens for reviews."""
