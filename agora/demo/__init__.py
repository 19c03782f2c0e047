"""Demo data: `manage.py seed_demo` fills a fresh database with shops, people and products."""
