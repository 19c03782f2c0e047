"""Factories and helpers of the questions and answers tests."""

from __future__ import annotations

from agora.accounts.models import Expertise
from agora.commerce.models import Order
from agora.community.services import questions as services
from tests.factories import OrderFactory, OrderLineFactory, UserFactory, VariantFactory


def buyer_of(product, user=None, *, status=Order.Status.PAID):
    """A person holding a paid line of `product` (a new person unless given)."""
    user = user or UserFactory()
    variant = product.variants.first() or VariantFactory(product=product)
    order = OrderFactory(checkout__buyer=user, shop=product.shop, status=status)
    OrderLineFactory(order=order, variant=variant)
    return user


def expert_in(category, user=None):
    """A person verified as an expert in `category`."""
    user = user or UserFactory()
    Expertise.objects.create(user=user, category=category)
    user.is_expert = True
    user.save(update_fields=["is_expert"])
    return user


def ask(product, user=None, text="Does it run small?"):
    """A question asked through the service."""
    return services.question_ask(user=user or UserFactory(), product=product, text=text)


def answer(question, user=None, text="It fits true to size."):
    """An answer written through the service."""
    return services.answer_create(user=user or UserFactory(), question=question, text=text)
