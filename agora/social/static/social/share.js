// The share menus' "Copy link" and the browser's own share sheet (Web Share API). Both buttons
// are hidden in the markup and shown here where they work; without JavaScript the address box
// and the networks' plain links remain. One delegated listener serves every menu, including
// those htmx brings in later.
(function () {
  "use strict";
  if (window.agoraShare) return;
  window.agoraShare = true;

  function reveal(root) {
    root.querySelectorAll("[data-share-copy]").forEach(function (button) {
      button.hidden = false;
    });
    if (typeof navigator.share === "function") {
      root.querySelectorAll("[data-share-native]").forEach(function (button) {
        button.hidden = false;
      });
    }
  }

  function say(button, text) {
    var tools = button.closest(".share-tools");
    var status = tools && tools.querySelector("[data-share-status]");
    if (status) status.textContent = text;
  }

  function copyByHand(text) {
    // Older browsers, or a page not served over HTTPS: copy through a selected text area.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try {
      done = document.execCommand("copy");
    } catch (error) {
      done = false;
    }
    area.remove();
    return done;
  }

  function copy(button) {
    var url = button.getAttribute("data-share-copy");
    var copied = button.getAttribute("data-share-copied");
    var failed = button.getAttribute("data-share-failed");
    var byHand = function () {
      say(button, copyByHand(url) ? copied : failed);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () {
        say(button, copied);
      }, byHand);
    } else {
      byHand();
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var copyButton = target.closest("[data-share-copy]");
    if (copyButton) {
      copy(copyButton);
      return;
    }
    var nativeButton = target.closest("[data-share-native]");
    if (nativeButton && typeof navigator.share === "function") {
      var data = { url: nativeButton.getAttribute("data-share-native") };
      var text = nativeButton.getAttribute("data-share-text");
      if (text) data.text = text;
      navigator.share(data).catch(function () {}); // cancelled: nothing to say
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    reveal(event.target instanceof Element ? event.target : document);
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      reveal(document);
    });
  } else {
    reveal(document);
  }
})();
