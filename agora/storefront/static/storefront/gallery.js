// The product page's gallery follows the options chosen: the first picture linked to them (a
// thumbnail's data-option-values, {"color": "Anthracite"}) becomes the main picture at once.
// Without script, the options form reloads the page, that picture first (storefront.product).
"use strict";

function agoraChosenOptions(form) {
  const chosen = {};
  for (const input of form.querySelectorAll("input[type=radio]:checked")) {
    if (input.name.startsWith("opt-")) chosen[input.name.slice(4)] = input.value;
  }
  return chosen;
}

function agoraShowPicture(link) {
  const stage = document.querySelector("#gallery .gallery-stage img");
  const thumb = link.querySelector("img");
  if (!stage || !thumb || link.dataset.kind === "video") {
    link.click(); // a video, or a video shown: the gallery comes from the server
    return;
  }
  for (const name of ["src", "srcset", "width", "height"]) {
    if (thumb.hasAttribute(name)) stage.setAttribute(name, thumb.getAttribute(name));
    else stage.removeAttribute(name);
  }
  stage.alt = link.dataset.alt || "";
  for (const other of document.querySelectorAll("#gallery .thumbs a[aria-current]")) {
    other.removeAttribute("aria-current");
  }
  link.setAttribute("aria-current", "true");
}

// The buy form's variant follows the choice at once (the server's answer, which also updates
// price and stock, may come later): "Add to cart" right after a click adds what was chosen.
function agoraChooseVariant(form, chosen) {
  const input = document.querySelector('input[name="variant_id"][form="buy-form"]');
  let variants;
  try {
    variants = JSON.parse(form.dataset.variants || "[]");
  } catch {
    return;
  }
  if (!input || !variants.length) return;
  const names = Object.keys(chosen);
  const match = variants.find(
    ([, options]) =>
      names.length === Object.keys(options).length &&
      names.every((name) => options[name] === chosen[name]),
  );
  input.value = match ? String(match[0]) : "";
}

document.addEventListener("change", (event) => {
  const form = event.target.closest ? event.target.closest("form.options") : null;
  if (!form) return;
  const chosen = agoraChosenOptions(form);
  agoraChooseVariant(form, chosen);
  for (const link of document.querySelectorAll("#gallery a[data-option-values]")) {
    let linked;
    try {
      linked = JSON.parse(link.dataset.optionValues);
    } catch {
      continue;
    }
    const names = Object.keys(linked);
    if (names.length && names.every((name) => chosen[name] === linked[name])) {
      agoraShowPicture(link);
      return;
    }
  }
});

// Choices made while an answer is on its way queue one request for the last choice; an answer to
// an earlier choice is not shown (it would put back that choice's variant and price).
document.addEventListener("htmx:beforeSwap", (event) => {
  const form = event.detail.elt;
  if (!form || !form.matches || !form.matches("form.options")) return;
  let asked;
  try {
    asked = new URL(event.detail.pathInfo.finalRequestPath, window.location.href).searchParams;
  } catch {
    return;
  }
  const chosen = agoraChosenOptions(form);
  if (Object.keys(chosen).some((name) => asked.get("opt-" + name) !== chosen[name])) {
    event.detail.shouldSwap = false;
  }
});
