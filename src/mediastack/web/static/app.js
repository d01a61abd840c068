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
