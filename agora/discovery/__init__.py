"""Discovery: how people find products through other people. Trending scores and the "Popular
on Agora" label, pick lists, "for you" recommendations, browsing by category and search. One
module per feature in each room (models, services, selectors, api, views)."""
