// The managers' settings, activity and system pages: the naming preview as you type and
// the providers' Test button without a reload. Every form also works without JavaScript.
"use strict";
(() => {
  const asFetch = { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } };
  document.querySelectorAll("[data-no-js-only]").forEach((el) => { el.hidden = true; });

  // Naming: ask the API's own examples for the formats as typed (the unsaved form).
  document.querySelectorAll("form[data-preview]").forEach((form) => {
    const target = document.getElementById(form.dataset.previewTarget);
    let timer = 0;
    let asked = 0;
    async function preview() {
      const ticket = ++asked;
      const query = new URLSearchParams(new FormData(form));
      try {
        const reply = await fetch(`${form.dataset.preview}?${query}`, asFetch);
        if (reply.redirected) { window.location.reload(); return; }
        const html = await reply.text();
        if (ticket === asked && reply.ok) target.innerHTML = html;
      } catch (err) {
        // offline or restarting: the last example stays until the next keystroke
      }
    }
    const later = () => { window.clearTimeout(timer); timer = window.setTimeout(preview, 200); };
    form.addEventListener("input", later);
    form.addEventListener("change", later);
  });

  // Providers: Test sends the unsaved form and shows the API's sentence under it.
  document.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-test-button]");
    if (!button || !button.form || !button.form.dataset.test) return;
    event.preventDefault();
    const form = button.form;
    const target = document.getElementById(form.dataset.testTarget);
    const label = button.textContent;
    button.disabled = true;
    button.textContent = "Testing…";
    target.innerHTML = "";
    try {
      const reply = await fetch(form.dataset.test, {
        ...asFetch, method: "POST", body: new URLSearchParams(new FormData(form)),
      });
      if (reply.redirected) { window.location.reload(); return; }
      target.innerHTML = await reply.text();
    } catch (err) {
      target.innerHTML = '<p class="alert error" role="alert">The service did not answer; try again.</p>';
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  });
})();
