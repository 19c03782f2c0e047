"""The bench's scale seeding, run tiny: it must keep matching the models and stay idempotent.

Benchmark-sized data is never made here: 30 people and 200 posts stand in for 10,000 and
100,000 (the code path is the same).
"""

import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count, F

from agora.accounts.models import User
from agora.social.models import Follow, Like, Post, PostProduct, Tag, TimelineEntry
from agora.social.selectors.feed import feed_for

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import likes
import seed_scale

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--no-images", stdout=StringIO())


def test_tiny_scale_seed_fills_timelines_and_keeps_counters_equal_to_rows(demo, capsys):
    times = seed_scale.seed(people=30, posts=200)

    people = User.objects.filter(username__startswith=seed_scale.PREFIX)
    assert people.count() == 30
    assert not any(u.has_usable_password() for u in people)
    assert Post.objects.filter(created_by__in=people).count() == 200
    assert Follow.objects.filter(follower__in=people).count() >= 30 * 19
    ana = User.objects.get(username="ana")
    page = feed_for(user=ana, limit=20)
    assert len(page.items) == 20
    assert all(i.post.created_by.username.startswith(seed_scale.PREFIX) for i in page.items)
    assert page.facts.liked  # ana liked some of them
    for tag in Tag.objects.annotate(n=Count("post_tags")):
        assert tag.post_count == tag.n, tag.name
    assert not Post.objects.annotate(n=Count("likes")).exclude(like_count=F("n")).exists()
    assert PostProduct.objects.filter(post__created_by__in=people).exists()
    assert times["rows"] > 0
    assert "\r  posts" in capsys.readouterr().out  # the progress bar


def test_second_tiny_scale_seed_adds_nothing(demo):
    seed_scale.seed(people=30, posts=200)
    before = [m.objects.count() for m in (User, Post, Follow, TimelineEntry, Like)]

    times = seed_scale.seed(people=30, posts=200)

    assert [m.objects.count() for m in (User, Post, Follow, TimelineEntry, Like)] == before
    assert times["rows"] == 0


def test_likes_script_walks_every_person_post_pair_once(tmp_path):
    script = likes.write_script(tmp_path, tokens=["t1", "t2"], posts=[7, 9])

    text = script.read_text()
    assert 'local tokens = {"t1", "t2"}' in text
    assert "local posts = {7, 9}" in text
    assert "/api/v1/posts/" in text and "Bearer " in text
    assert "done = function" in text  # wrk's report hook is appended
