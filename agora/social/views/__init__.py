"""Social pages: the feed and its composer, post pages with comments, tag pages, notifications,
profile posts and follows, and the product page's social parts.

Thin: reads through selectors, writes through services. Every action is a plain POST form that
redirects back (no JavaScript needed); with htmx (`HX-Request`) the same URL answers with the
fragment to swap, taken from the page's own template with `{% partialdef %}`.
"""
