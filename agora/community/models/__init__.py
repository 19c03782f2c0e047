"""Community's models: reviews (`reviews.py`), questions and answers (`questions.py`),
communities with their threads (`forums.py`)."""

from agora.community.models.forums import *  # noqa: F403
from agora.community.models.questions import *  # noqa: F403
from agora.community.models.reviews import *  # noqa: F403
