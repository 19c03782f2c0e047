"""Admin screens for forums."""
