"""Reach: how Agora's objects travel beyond it. Link cards (Open Graph, Twitter cards and
schema.org JSON-LD, with a card image rendered for each object) and catalog feeds for Meta,
Google and Pinterest with a feed linter; later ActivityPub."""
