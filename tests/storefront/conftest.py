# The social pages' world (a shop with a product, Ana who follows it, a stranger) and the
# shop's post: the storefront's pages show their social parts.
from tests.social.web.conftest import shop_post, world  # noqa: F401
