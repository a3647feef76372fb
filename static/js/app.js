// Progressive enhancement only: every page works without this file.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target.matches("select[data-autosubmit]")) {
    target.form.submit();
  }
});

// A form with data-confirm asks before it sends something that cannot be undone.
document.addEventListener("submit", (event) => {
  const message = event.target.dataset && event.target.dataset.confirm;
  if (message && !window.confirm(message)) {
    event.preventDefault();
  }
});

// The reply's commitments open when B or C is chosen (they are required then) and fold otherwise.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target.name === "category" && target.form) {
    const details = target.form.querySelector("details[data-open-for]");
    if (details) {
      details.open = details.dataset.openFor.split(" ").includes(target.value);
    }
  }
});

// The assignment form shows only the unit fields of the chosen handling mode.
function showModeFields(form) {
  const chosen = form.querySelector("input[name=mode]:checked");
  if (!chosen) {
    return;
  }
  form.querySelectorAll("[data-mode]").forEach((field) => {
    const wrapper = field.closest(".field") || field;
    wrapper.hidden = field.dataset.mode !== chosen.value;
  });
}
document.addEventListener("change", (event) => {
  if (event.target.name === "mode" && event.target.form) {
    showModeFields(event.target.form);
  }
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("form").forEach((form) => {
    if (form.querySelector("input[name=mode]")) {
      showModeFields(form);
    }
  });
});
