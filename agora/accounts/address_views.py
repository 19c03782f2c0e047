"""The address book's pages under settings: the list, one address's form, its deletion.
Another person's address is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.accounts import addresses
from agora.accounts.forms import AddressForm
from agora.core.countries import country_name
from agora.core.errors import DomainError, NotFound


def _address_or_404(request, address_id: int):
    try:
        return addresses.address_of(user=request.user, address_id=address_id)
    except NotFound:
        raise Http404 from None


@login_required
def address_list(request):
    language = get_language() or "en"
    rows = [
        {"address": a, "country": country_name(a.country, language)}
        for a in addresses.addresses_for(user=request.user)
    ]
    return render(request, "accounts/addresses.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request, address_id: int):
    address = _address_or_404(request, address_id)
    if request.method == "GET":
        initial = {key: getattr(address, key) for key in (*addresses.FIELDS, "is_default")}
        form = AddressForm(initial=initial)
        return render(request, "accounts/address_form.html", {"form": form, "address": address})
    form = AddressForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            addresses.address_update(
                user=request.user,
                address_id=address.pk,
                fields={key: data[key] for key in addresses.FIELDS},
                is_default=data["is_default"],
            )
        except DomainError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("The address is saved."))
            return redirect("accounts:addresses")
    context = {"form": form, "address": address}
    return render(request, "accounts/address_form.html", context, status=422)


@login_required
@require_POST
def address_delete(request, address_id: int):
    address = _address_or_404(request, address_id)
    addresses.address_delete(user=request.user, address_id=address.pk)
    messages.success(request, _("The address is deleted."))
    return redirect("accounts:addresses")
