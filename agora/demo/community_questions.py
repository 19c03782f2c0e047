"""The demo's questions and answers, through the real services and idempotent (a question's
natural key is its product, author and text; an answer's, its question and author).

- On the Comandante C40 grinder (@torrefaction, Coffee › Equipment) Lucas asks about
  espresso: @yusuf answers as a verified coffee expert (his expertise is in Coffee, the
  parent category), Marc as the shop, Jonas as a plain customer; Lucas accepts Yusuf's answer.
- On the linen wrap dress (@atelier_nord) Emma asks about the fit: Ana answers as a verified
  buyer (her demo order), Inès for the shop and @chloe as an expert in women's apparel
  (granted here by the moderators when nobody has that expertise yet); Emma accepts Ana's.
- On the corduroy dungarees (@kinderkram) Mia asks in German; Noah (who bought them) and Lena
  (the shop) answer.
Ana and Noah agree to be asked about what they bought.
"""

from __future__ import annotations

from typing import Any

from agora.accounts.models import Expertise
from agora.accounts.services import expertise_grant
from agora.catalog.models import Product
from agora.community.models import Answer, Question
from agora.community.selectors.questions import category_with_parents
from agora.community.services.questions import (
    answer_create,
    answer_vote_set,
    question_accept,
    question_ask,
    question_opt_in_set,
)

QUESTIONS: list[dict[str, Any]] = [
    {
        "shop": "torrefaction",
        "product": "Moulin manuel C40",
        "asker": "lucas",
        "text": "Can the C40 grind fine enough for espresso, or is it better for filter?",
        "answers": [
            ("jonas", "I only use mine for V60 and it is superb there.", []),
            (
                "marc",
                (
                    "It does espresso well; we use one at the bar for single origins. Start around "
                    "8 clicks and adjust."
                ),
                ["ana"],
            ),
            (
                "yusuf",
                (
                    "Yes. With the stock axle each click is about 30 microns: espresso sits around "
                    "6 to 10 clicks. Go finer if your shot runs faster than 25 seconds. For lots of "
                    "espresso the Red Clix axle gives finer steps."
                ),
                ["lucas", "emma", "jonas"],
            ),
        ],
        "accept": "yusuf",
    },
    {
        "shop": "atelier_nord",
        "product": "Robe portefeuille en lin",
        "asker": "emma",
        "text": "Does the wrap dress run large? I am between a 38 and a 40.",
        "answers": [
            (
                "ana",
                "I am usually a 38 and the 38 fits with room to move. The wrap adjusts a lot.",
                ["emma"],
            ),
            (
                "ines",
                (
                    "It is cut true to size with an adjustable wrap: between two sizes, take the "
                    "smaller one."
                ),
                [],
            ),
            (
                "chloe",
                "Washed linen relaxes by about half a size once worn: size down if in doubt.",
                ["mia"],
            ),
        ],
        "accept": "ana",
        "expert": ("chloe", None),  # in the product's own category
    },
    {
        "shop": "kinderkram",
        "product": "Latzhose aus Cord",
        "asker": "mia",
        "text": "Fällt die Latzhose eher groß oder klein aus?",
        "answers": [
            ("noah", "Eher groß: unser Sohn trägt 98 mit 3 Jahren, mit umgeschlagenem Saum.", []),
            ("lena", "Sie fällt normal aus und hat längenverstellbare Träger.", []),
        ],
        "accept": None,
    },
]
OPTED_IN = ["ana", "noah"]


def _product(shop: str, title: str) -> Product | None:
    return Product.objects.filter(shop__handle=shop, title=title).select_related("shop").first()


def _grant_expertise(seeder, product: Product, handle: str) -> int:
    """An expert for the product's category when there is none (in it or a parent)."""
    categories = category_with_parents(product.category_id)
    if not categories or Expertise.objects.filter(category_id__in=categories).exists():
        return 0
    expertise_grant(actor=seeder.users["mod"], user=seeder.users[handle], category_id=categories[0])
    return 1


def seed_questions(seeder) -> tuple[int, int]:
    """Questions, answers, votes, accepted answers and opt-ins; (made, already there)."""
    made = existing = 0
    for handle in OPTED_IN:
        question_opt_in_set(user=seeder.users[handle], opted_in=True)
    for spec in QUESTIONS:
        product = _product(spec["shop"], spec["product"])
        if product is None:
            continue
        if spec.get("expert"):
            made += _grant_expertise(seeder, product, spec["expert"][0])
        asker = seeder.users[spec["asker"]]
        question = Question.objects.filter(product=product, author=asker, text=spec["text"]).first()
        if question is None:
            question = question_ask(user=asker, product=product, text=spec["text"])
            made += 1
        else:
            existing += 1
        answers: dict[str, Answer] = {}
        for handle, text, voters in spec["answers"]:
            author = seeder.users[handle]
            answer = Answer.objects.filter(question=question, author=author).first()
            if answer is None:
                answer = answer_create(user=author, question=question, text=text)
                made += 1
                for voter in voters:
                    answer_vote_set(user=seeder.users[voter], answer=answer)
            else:
                existing += 1
            answers[handle] = answer
        if spec["accept"] and question.accepted_answer_id is None:
            question_accept(user=asker, question=question, answer_id=answers[spec["accept"]].pk)
    return made, existing
