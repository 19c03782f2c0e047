// Ticks down every [data-countdown] <time datetime="..."> once a second: "14:32" → "14:31".
// The server renders the right text, so without this script the page only stops ticking.
(() => {
  const clock = (ms) => {
    const total = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, "0");
    return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
  };
  const tick = () => {
    for (const time of document.querySelectorAll("[data-countdown] time[datetime]")) {
      const left = Date.parse(time.getAttribute("datetime")) - Date.now();
      if (Number.isNaN(left)) continue;
      time.textContent = clock(left);
      time.closest("[data-countdown]").classList.toggle("is-over", left <= 0);
    }
  };
  tick();
  setInterval(tick, 1000);
})();
