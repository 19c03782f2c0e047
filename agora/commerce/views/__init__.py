"""The shopper's commerce pages (cart, checkout, hosted test payment, orders): thin views over
the commerce services and selectors; everything works without JavaScript, htmx swaps parts."""
