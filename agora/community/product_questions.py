"""Questions and answers on the product page, as HTML for the storefront to compose.

The section (the newest questions, each with its answers in order, the forms to ask and to
answer) looks the same to every visitor, and to every signed-in person, but for three things:
the CSRF token, whether the viewer up-voted each answer, and the asker's "Accept" buttons. It
is rendered once per (product, Q&A version, signed in or not, language) and cached
(core.fragments); those three are slots filled per request: the token, and per answer a vote
form and an accept form built here from the few facts stored beside the fragment (each
question's asker, each answer's question, votes and acceptance).

Queries per request: the product's Q&A state (none while it is cached), and for a signed-in
viewer of a page with answers, their votes on them (1). On a miss, the section's own few
(selectors.questions: at most seven, whatever the number of questions).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agora.community.selectors import questions as selectors
from agora.core import fragments

if TYPE_CHECKING:
    from django.http import HttpRequest

    from agora.catalog.models import Product

TEMPLATE_VERSION = "1"
_LETTERS = str.maketrans("0123456789", "abcdefghij")


def slot_name(kind: str, ident: int) -> str:
    """A slot name for an object (slot names are letters and underscores: digits become
    letters)."""
    return f"{kind}_{str(ident).translate(_LETTERS)}"


def _facts(views: list[selectors.QuestionView]) -> str:
    """What the per-viewer slots need, stored beside the fragment as JSON."""
    return json.dumps(
        {
            "askers": {str(v.question.pk): v.question.author_id for v in views},
            "answers": {
                str(a.answer.pk): [v.question.pk, a.answer.vote_count, a.accepted]
                for v in views
                for a in v.answers
            },
        }
    )


def render_section(
    views: list[selectors.QuestionView],
    *,
    product: Product,
    signed_in: bool,
    slots: fragments.Slots,
    count: int,
    template: str = "community/questions/_section.html",
    extra: dict[str, Any] | None = None,
) -> dict[str, str]:
    """The section's HTML with its slots, and the facts to fill them ("html", "facts")."""
    for view in views:
        for answer in view.answers:
            answer.vote_slot = slots[slot_name("vote", answer.answer.pk)]  # type: ignore[attr-defined]
            answer.accept_slot = slots[slot_name("accept", answer.answer.pk)]  # type: ignore[attr-defined]
    context = {
        "product": product,
        "product_url": product.get_absolute_url(),
        "questions": views,
        "count": count,
        "more": count > len(views),
        "signed_in": signed_in,
        "csrf_token": slots["csrf"],
        **(extra or {}),
    }
    return {"html": render_to_string(template, context), "facts": _facts(views)}


@lru_cache(maxsize=8)
def _action_around_id(name: str) -> tuple[str, str]:
    """The path of URL `name` before and after its object id (one `reverse` per process and
    language prefix-free URL: the pages fill in thousands of ids)."""
    path = reverse(f"community:{name}", args=[987654321])
    before, after = path.split("987654321")
    return escape(before), escape(after)


def _votes_label(votes: int) -> str:
    if not votes:
        return ""
    return escape(
        ngettext("%(n)s found this helpful", "%(n)s found this helpful", votes) % {"n": votes}
    )


class _Forms:
    """The per-viewer forms of one request, built from escaped pieces made once."""

    def __init__(self, csrf: str) -> None:
        self.csrf = escape(csrf)
        self.vote_action = _action_around_id("answer-vote")
        self.accept_action = _action_around_id("question-accept")
        self.helpful = escape(_("Helpful"))
        self.withdraw = escape(_("Withdraw my vote"))
        self.accept = escape(_("Accept this answer"))

    def vote(self, answer_id: int, votes: int, *, signed_in: bool, voted: bool) -> str:
        label = _votes_label(votes)
        if not signed_in:
            return f'<span class="qa-votes muted small">{label}</span>' if votes else ""
        before, after = self.vote_action
        return (
            f'<form class="qa-vote" method="post" action="{before}{answer_id}{after}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf}">'
            f'<input type="hidden" name="voted" value="{"0" if voted else "1"}">'
            f'<button class="button secondary small" type="submit" '
            f'aria-pressed="{"true" if voted else "false"}">'
            f"{self.withdraw if voted else self.helpful}</button> "
            f'<span class="qa-votes muted small">{label}</span></form>'
        )

    def accept_form(self, question_id: int, answer_id: int) -> str:
        before, after = self.accept_action
        return (
            f'<form class="qa-accept" method="post" action="{before}{question_id}{after}">'
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf}">'
            f'<input type="hidden" name="answer_id" value="{answer_id}">'
            f'<button class="linkish" type="submit">{self.accept}</button></form>'
        )


def fill_section(
    parts: dict[str, fragments.Fragment], request: HttpRequest, *, viewer_id: int | None
) -> SafeString:
    """The section for this request: the token, the viewer's vote forms and (for the asker)
    the accept forms. One query for a signed-in viewer's votes, when there are answers."""
    facts = json.loads("".join(parts["facts"].parts))
    answers: dict[str, list] = facts["answers"]
    askers: dict[str, int] = facts["askers"]
    csrf = fragments.csrf_token(request)
    signed_in = bool(viewer_id)
    voted = selectors.voted_among(user_id=viewer_id, answer_ids=[int(a) for a in answers])
    forms = _Forms(csrf)
    values: dict[str, str] = {"csrf": csrf}
    for key, (question_id, votes, accepted) in answers.items():
        answer_id = int(key)
        values[slot_name("vote", answer_id)] = forms.vote(
            answer_id, votes, signed_in=signed_in, voted=answer_id in voted
        )
        mine = signed_in and askers.get(str(question_id)) == viewer_id
        values[slot_name("accept", answer_id)] = (
            forms.accept_form(question_id, answer_id) if mine and not accepted else ""
        )
    return parts["html"].fill(values)


def questions_html(
    request: HttpRequest, product: Product, *, viewer_id: int | None, **_ignored: Any
) -> SafeString:
    """The product page's "Questions and answers" for the viewer: cached per (product, Q&A
    version, signed in or not, language)."""
    version, count = selectors.qa_state(product.pk)
    signed_in = bool(viewer_id)

    def render(slots: fragments.Slots) -> dict[str, str]:
        views = (
            selectors.questions_page(
                product=product, viewer_id=None, limit=selectors.PRODUCT_PAGE_QUESTIONS
            ).items
            if count
            else []  # no question: nothing to read
        )
        return render_section(views, product=product, signed_in=signed_in, slots=slots, count=count)

    key = (
        TEMPLATE_VERSION,
        product.pk,
        product.get_absolute_url(),
        version,
        count,
        signed_in,
    )
    confirm = (lambda: selectors.qa_state(product.pk) == (version, count)) if count else None
    parts = fragments.cached("product-questions", key, render, confirm=confirm)
    return fill_section(parts, request, viewer_id=viewer_id)
