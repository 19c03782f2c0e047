"""Admin screens for questions."""
