"""CSRF secrets and masks from one read of the random source (agora.core.csrf), in Django's
format and checked by Django's middleware."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from django.middleware import csrf as django_csrf
from django.test import Client, RequestFactory

from agora.core import csrf

pytestmark = pytest.mark.django_db

ALLOWED = set(django_csrf.CSRF_ALLOWED_CHARS)


def test_django_draws_its_secrets_and_masks_with_it():
    assert django_csrf._get_new_csrf_string is csrf.new_csrf_string


def test_a_string_has_the_secret_length_and_only_allowed_characters():
    drawn = [csrf.new_csrf_string() for _ in range(500)]

    assert {len(s) for s in drawn} == {django_csrf.CSRF_SECRET_LENGTH}
    assert set("".join(drawn)) <= ALLOWED
    assert len(set(drawn)) == 500


def test_every_character_is_equally_likely():
    # Mapping every byte by its remainder would make the first 8 characters 25 % likelier
    # (256 = 4 × 62 + 8); here each count stays within 10 % of the mean (over 5 standard
    # deviations at this sample size).
    counts = Counter("".join(csrf.new_csrf_string() for _ in range(5000)))
    mean = 5000 * 32 / 62

    assert set(counts) == ALLOWED
    assert all(abs(n - mean) < mean * 0.10 for n in counts.values()), counts.most_common(8)


def test_bytes_that_would_bias_the_draw_are_drawn_again(monkeypatch):
    draws = iter([bytes([248, 255, 250] * 20), bytes(range(40))])
    monkeypatch.setattr(csrf.secrets, "token_bytes", lambda n: next(draws))

    assert csrf.new_csrf_string() == django_csrf.CSRF_ALLOWED_CHARS[:32]


def test_install_leaves_a_django_without_the_function_alone(monkeypatch):
    monkeypatch.delattr(django_csrf, "_get_new_csrf_string")

    csrf.install()

    assert not hasattr(django_csrf, "_get_new_csrf_string")


def test_a_masked_token_unmasks_to_the_secret_and_each_page_gets_a_fresh_mask():
    request = RequestFactory().get("/")
    first, second = django_csrf.get_token(request), django_csrf.get_token(request)
    secret = request.META["CSRF_COOKIE"]

    assert len(secret) == 32 and set(secret) <= ALLOWED
    assert first != second
    assert django_csrf._unmask_cipher_token(first) == secret
    assert django_csrf._unmask_cipher_token(second) == secret


def test_a_visitors_form_token_is_accepted_and_a_tampered_one_refused():
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    tampered = token[:-1] + ("a" if token[-1] != "a" else "b")
    refused = browser.post(
        "/language", {"language": "fr", "next": "/", "csrfmiddlewaretoken": tampered}
    )
    accepted = browser.post(
        "/language", {"language": "fr", "next": "/", "csrfmiddlewaretoken": token}
    )

    assert refused.status_code == 403
    assert accepted.status_code == 302
