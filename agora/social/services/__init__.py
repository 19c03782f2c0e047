"""Social writes. Each module holds one family of services; import them from here."""
