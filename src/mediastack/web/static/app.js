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
// Live regions: <div data-poll="/url"> is replaced every 2 s (or data-interval ms) by the
// HTML fragment at /url. Focus, ticked boxes, chosen <select> values and open <details>
// survive the swap (by id); no swap happens while a field in the region is being edited;
// hidden tabs stop polling, and a redirect (the session ended) reloads the page so the
// login form shows instead of a stale list.
function editing(region) {
  // a person choosing in a <select> or typing in a field: the swap waits for them
  const active = document.activeElement;
  if (!active || !region.contains(active)) return false;
  if (active.matches("select, textarea")) return true;
  return active.matches("input") && !["checkbox", "radio", "button", "submit"].includes(active.type);
}
function swapIn(region, html) {
  const focusedId = region.contains(document.activeElement) ? document.activeElement.id : "";
  const ticked = new Map();  // a box ticked a moment ago stays ticked
  region.querySelectorAll("input[id]").forEach((input) => { ticked.set(input.id, input.checked); });
  const chosen = new Map();  // a value chosen a moment ago stays chosen
  region.querySelectorAll("select[id]").forEach((select) => { chosen.set(select.id, select.value); });
  const opened = new Map();  // a season opened or closed by hand stays so
  region.querySelectorAll("details[id]").forEach((d) => { opened.set(d.id, d.open); });
  region.innerHTML = html;
  ticked.forEach((checked, id) => {
    const input = document.getElementById(id);
    if (input && region.contains(input)) input.checked = checked;
  });
  chosen.forEach((value, id) => {
    const select = document.getElementById(id);
    if (select && region.contains(select)) select.value = value;
  });
  opened.forEach((open, id) => {
    const details = document.getElementById(id);
    if (details && region.contains(details)) details.open = open;
  });
  if (focusedId) document.getElementById(focusedId)?.focus();
}
async function fetchFragment(url) {
  const reply = await fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } });
  if (reply.redirected) { window.location.reload(); return null; }
  return reply;
}
document.querySelectorAll("[data-poll]").forEach((region) => {
  let busy = false;
  async function refresh() {
    if (busy || document.hidden || editing(region)) return;
    busy = true;
    try {
      const reply = await fetchFragment(region.dataset.poll);
      if (!reply || !reply.ok) return;
      const html = await reply.text();
      if (html === region.dataset.last) return;
      region.dataset.last = html;
      swapIn(region, html);
    } catch (err) {
      // offline or restarting: keep showing the last list and try again next tick
    } finally {
      busy = false;
    }
  }
  window.setInterval(refresh, Number(region.dataset.interval) || 2000);
});
// Late content: <div data-load="/url"> is filled once from /url (slow searches render the
// page first); a failure says so in the region, which is aria-live.
document.querySelectorAll("[data-load]").forEach(async (region) => {
  try {
    const reply = await fetchFragment(region.dataset.load);
    if (!reply) return;
    const html = await reply.text();
    region.removeAttribute("aria-busy");
    swapIn(region, html);
  } catch (err) {
    region.removeAttribute("aria-busy");
    region.textContent = "The search failed to answer; reload the page to try again.";
  }
});
// Covers that fail to load become the lettered stand-in rather than a broken image.
document.addEventListener("error", (event) => {
  const img = event.target;
  if (!(img instanceof HTMLImageElement) || img.dataset.fallback === undefined) return;
  const stand = document.createElement("span");
  stand.className = img.className + " placeholder";
  stand.setAttribute("aria-hidden", "true");
  stand.textContent = img.dataset.fallback;
  img.replaceWith(stand);
}, true);
// Poster grids: arrow keys move between cards (row by row as laid out), Home/End jump.
document.addEventListener("keydown", (event) => {
  const grid = event.target.closest?.("[data-grid]");
  if (!grid || event.altKey || event.ctrlKey || event.metaKey) return;
  const cards = Array.from(grid.querySelectorAll("a"));
  const here = cards.indexOf(event.target);
  if (here < 0) return;
  const top = cards[0].getBoundingClientRect().top;
  const columns = Math.max(1, cards.filter((c) => c.getBoundingClientRect().top === top).length);
  const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns }[event.key];
  let next = here + (step || 0);
  if (event.key === "Home") next = 0;
  else if (event.key === "End") next = cards.length - 1;
  else if (step === undefined) return;
  if (next < 0 || next >= cards.length) return;
  event.preventDefault();
  cards[next].focus();
});
// A filter that applies itself when changed (the form still has a button without JS).
document.addEventListener("change", (event) => {
  if (event.target.matches?.("[data-autosubmit]")) event.target.form?.requestSubmit();
});
// One button of a form that asks first (the form's other buttons do not).
document.addEventListener("click", (event) => {
  const button = event.target.closest?.("[data-confirm-click]");
  if (button && !window.confirm(button.dataset.confirmClick)) event.preventDefault();
});
