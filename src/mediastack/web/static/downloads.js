// The download pages' one enhancement: a server's Test button answers in place, with the
// values in its form (saved or not), instead of reloading the page. Without JavaScript the
// button posts the form and the page comes back with the answer.
"use strict";
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-test-server]");
  if (!button) return;
  event.preventDefault();
  const form = button.form;
  const output = form.querySelector("output");
  button.disabled = true;
  output.innerHTML = '<p class="hint" role="status">Testing…</p>';
  try {
    const reply = await fetch(button.formAction, {
      method: "POST", body: new FormData(form), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    });
    if (reply.redirected) { window.location.reload(); return; }
    output.innerHTML = await reply.text();
  } catch (err) {
    output.innerHTML = '<p class="alert error" role="alert">The service did not answer.</p>';
  } finally {
    button.disabled = false;
  }
});
