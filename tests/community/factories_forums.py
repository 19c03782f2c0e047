"""Factories for communities (forums)."""

import factory
from factory.django import DjangoModelFactory

from agora.community.models import Community, Membership, Reply, Thread
from tests.factories import UserFactory


class CommunityFactory(DjangoModelFactory):
    class Meta:
        model = Community

    slug = factory.Sequence(lambda n: f"topic-{n}")
    name = factory.Sequence(lambda n: f"Topic {n}")
    description = "People who care about a topic."
    kind = Community.Kind.TOPIC
    created_by = factory.SubFactory(UserFactory)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    person = factory.SubFactory(UserFactory)


class ThreadFactory(DjangoModelFactory):
    class Meta:
        model = Thread

    community = factory.SubFactory(CommunityFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Thread number {n}")
    text = "What do you think?"
    activity = factory.Sequence(lambda n: 1_700_000_000_000_000 + n)


class ReplyFactory(DjangoModelFactory):
    class Meta:
        model = Reply

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    text = "I agree."
