// Small progressive enhancements; every page works without JavaScript.
"use strict";
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-reveal], [data-copy]");
  if (!target) return;
  const input = document.getElementById(target.dataset.reveal || target.dataset.copy);
  if (target.dataset.reveal) {
    const hidden = input.type === "password";
    input.type = hidden ? "text" : "password";
    target.textContent = hidden ? "Hide" : "Show";
  } else if (navigator.clipboard) {
    navigator.clipboard.writeText(input.value).then(() => { target.textContent = "Copied"; });
  }
});
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
document.querySelectorAll("[data-secret]").forEach((input) => { input.type = "password"; });
// Live regions: <div data-poll="/url"> is replaced every 2 s by the HTML fragment at /url.
// Focus survives the swap (by id), hidden tabs stop polling, and a redirect (the session
// ended) reloads the page so the login form shows instead of a stale list.
document.querySelectorAll("[data-poll]").forEach((region) => {
  let busy = false;
  async function refresh() {
    if (busy || document.hidden) return;
    busy = true;
    try {
      const reply = await fetch(region.dataset.poll, {
        credentials: "same-origin", headers: { "X-Requested-With": "fetch" },
      });
      if (reply.redirected) { window.location.reload(); return; }
      if (!reply.ok) return;
      const html = await reply.text();
      if (html === region.dataset.last) return;
      region.dataset.last = html;
      const focusedId = region.contains(document.activeElement) ? document.activeElement.id : "";
      const ticked = new Map();  // a box ticked a moment ago stays ticked
      region.querySelectorAll("input[id]").forEach((input) => { ticked.set(input.id, input.checked); });
      region.innerHTML = html;
      ticked.forEach((checked, id) => {
        const input = document.getElementById(id);
        if (input && region.contains(input)) input.checked = checked;
      });
      if (focusedId) document.getElementById(focusedId)?.focus();
    } catch (err) {
      // offline or restarting: keep showing the last list and try again next tick
    } finally {
      busy = false;
    }
  }
  window.setInterval(refresh, 2000);
});
