"""The thread page (`/communities/<slug>/<thread id>`: the thread, its replies with quotes, the
reply form, reactions, follow, the solved mark, moderators' and the shop team's actions) and
its plain form POSTs."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from agora.community.models import REACTION_EMOJI, REPLY_MAX_LENGTH, Thread
from agora.community.selectors import forums as selectors
from agora.community.services import forums as services
from agora.community.services import forums_threads as thread_services
from agora.community.views.forums_common import reply_rows, thread_rows
from agora.core.errors import DomainError
from agora.core.forms import Form, parse_id
from agora.core.ratelimit import RateLimited, enforce
from agora.core.viewer import viewer
from agora.moderation.selectors import is_moderator

ACTIONS = {
    "pin": ("thread_pin_set", "pinned", True),
    "unpin": ("thread_pin_set", "pinned", False),
    "lock": ("thread_lock_set", "locked", True),
    "unlock": ("thread_lock_set", "locked", False),
    "solve": ("thread_solve_set", "solved", True),
    "unsolve": ("thread_solve_set", "solved", False),
    "hide": ("thread_hide", "hidden", True),
    "unhide": ("thread_hide", "hidden", False),
    "follow": ("thread_follow_set", "follow", True),
    "unfollow": ("thread_follow_set", "follow", False),
}


class ReplyForm(Form):
    text = forms.CharField(
        label=gettext_lazy("Your reply"),
        max_length=REPLY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    quote_id = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _thread_or_404(request: HttpRequest, slug: str, thread_id: int) -> Thread:
    thread = selectors.thread_for_viewer(thread_id=thread_id, viewer=viewer(request))
    if thread is None or thread.community.slug != slug.lower():
        raise Http404
    return thread


def _render_thread(
    request: HttpRequest, thread: Thread, form: ReplyForm | None = None, status: int = 200
) -> HttpResponse:
    me = viewer(request)
    community = thread.community
    page = selectors.replies_page(
        thread=thread, viewer=me, cursor=request.GET.get("cursor"), limit=request.GET.get("limit")
    )
    quoting = None
    if quote_id := parse_id(request.GET.get("quote")):
        quoting = next((r for r in page.items if r.pk == quote_id), None) or (
            selectors.reply_for_viewer(reply_id=quote_id, viewer=me)
        )
        if quoting is not None and quoting.thread_id != thread.pk:
            quoting = None
    if form is None:
        form = ReplyForm(initial={"quote_id": quoting.pk if quoting else None})
    context = {
        "community": community,
        "thread": thread_rows(selectors.thread_page(thread=thread, viewer=me))[0],
        "replies": reply_rows(page),
        "page": page,
        "form": form,
        "quoting": quoting,
        "may_post": thread_services.may_post(community=community, user=me),
        "manager": services.can_manage_community(community=community, user=me),
        "moderator": is_moderator(me),
        "is_author": me is not None and thread.author_id == me.pk,
    }
    return render(request, "community/forums/thread.html", context, status=status)


@require_GET
def thread_page(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    """The thread and its replies (oldest first, paged); `?quote=<reply id>` quotes a reply."""
    return _render_thread(request, _thread_or_404(request, slug, thread_id))


@login_required
@require_POST
def reply_new(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    """Replies from the thread page's form."""
    thread = _thread_or_404(request, slug, thread_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            enforce(request, group="comment", key="user", rate=settings.AGORA_RATES["comment"])
            reply = thread_services.reply_create(
                user=request.user,  # type: ignore[arg-type]
                thread=thread,
                text=form.cleaned_data["text"],
                quote_id=form.cleaned_data["quote_id"],
            )
        except RateLimited:
            form.add_error(None, _("Too many replies. Try again later."))
        except DomainError as exc:
            for name, errors in (exc.fields or {"__all__": [exc.message]}).items():
                for error in errors:
                    form.add_error(name if name in form.fields else None, error)
        else:
            return redirect(f"{thread.get_absolute_url()}#reply-{reply.pk}")
    return _render_thread(request, thread, form=form, status=422)


@login_required
@require_POST
def thread_action(request: HttpRequest, slug: str, thread_id: int, action: str) -> HttpResponse:
    """Pin, lock, solve, hide, follow and their opposites."""
    thread = _thread_or_404(request, slug, thread_id)
    if action not in ACTIONS:
        raise Http404
    name, argument, value = ACTIONS[action]
    try:
        getattr(thread_services, name)(user=request.user, thread=thread, **{argument: value})
    except DomainError as exc:
        messages.error(request, exc.message)
    if action == "hide":
        return redirect(thread.community.get_absolute_url())
    return redirect(thread.get_absolute_url())


@login_required
@require_POST
def thread_react(request: HttpRequest, slug: str, thread_id: int, kind: str) -> HttpResponse:
    """Toggles the viewer's reaction on the thread."""
    thread = _thread_or_404(request, slug, thread_id)
    _toggle(request, kind, thread=thread)
    return redirect(f"{thread.get_absolute_url()}#thread")


@login_required
@require_POST
def reply_react(
    request: HttpRequest, slug: str, thread_id: int, reply_id: int, kind: str
) -> HttpResponse:
    """Toggles the viewer's reaction on a reply."""
    thread = _thread_or_404(request, slug, thread_id)
    reply = selectors.reply_for_viewer(reply_id=reply_id, viewer=viewer(request))
    if reply is None or reply.thread_id != thread.pk:
        raise Http404
    _toggle(request, kind, reply=reply)
    return redirect(f"{thread.get_absolute_url()}#reply-{reply.pk}")


@login_required
@require_POST
def reply_hide(request: HttpRequest, slug: str, thread_id: int, reply_id: int) -> HttpResponse:
    """A moderator hides a reply (or shows it again)."""
    thread = _thread_or_404(request, slug, thread_id)
    reply = selectors.reply_for_viewer(reply_id=reply_id, viewer=viewer(request))
    if reply is None or reply.thread_id != thread.pk:
        raise Http404
    try:
        thread_services.reply_hide(
            user=request.user,  # type: ignore[arg-type]
            reply=reply,
            hidden=not reply.is_hidden,
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(f"{thread.get_absolute_url()}#reply-{reply.pk}")


def _toggle(request: HttpRequest, kind: str, **target: object) -> None:
    if kind not in REACTION_EMOJI:
        raise Http404
    try:
        enforce(request, group="like", key="user", rate=settings.AGORA_RATES["like"])
    except RateLimited:
        messages.error(request, _("Too many reactions. Try again later."))
        return
    on = request.POST.get("on") == "1"
    change = thread_services.reaction_set if on else thread_services.reaction_unset
    change(user=request.user, kind=kind, **target)  # type: ignore[arg-type]


urlpatterns: list[URLPattern] = [
    path("communities/<slug:slug>/<id:thread_id>", thread_page, name="forums-thread"),
    path("communities/<slug:slug>/<id:thread_id>/reply", reply_new, name="forums-reply"),
    path(
        "communities/<slug:slug>/<id:thread_id>/react/<str:kind>",
        thread_react,
        name="forums-thread-react",
    ),
    path(
        "communities/<slug:slug>/<id:thread_id>/replies/<id:reply_id>/react/<str:kind>",
        reply_react,
        name="forums-reply-react",
    ),
    path(
        "communities/<slug:slug>/<id:thread_id>/replies/<id:reply_id>/hide",
        reply_hide,
        name="forums-reply-hide",
    ),
    path(
        "communities/<slug:slug>/<id:thread_id>/<str:action>",
        thread_action,
        name="forums-thread-action",
    ),
]
