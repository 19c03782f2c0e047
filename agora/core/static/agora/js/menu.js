// The header's menu is a <details> disclosure that works without script; this only closes it
// the way people expect a menu to close: a click elsewhere, or Escape (focus back on it).
(() => {
  const menus = () => document.querySelectorAll("details.site-menu[open]");
  document.addEventListener("click", (event) => {
    for (const menu of menus()) {
      if (!menu.contains(event.target)) menu.open = false;
    }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    for (const menu of menus()) {
      menu.open = false;
      menu.querySelector("summary")?.focus();
    }
  });
})();
