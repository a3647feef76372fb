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
// The field carries its form's prefix ("reply-category"), so match the name's last part.
function isCategoryField(element) {
  return Boolean(element.name) && (element.name === "category" || element.name.endsWith("-category"));
}
function openCommitments(form, value) {
  const details = form.querySelector("details[data-open-for]");
  if (details && value) {
    details.open = details.dataset.openFor.split(" ").includes(value);
  }
}
document.addEventListener("change", (event) => {
  const target = event.target;
  if (isCategoryField(target) && target.form) {
    openCommitments(target.form, target.value);
  }
});
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("details[data-open-for]").forEach((details) => {
    const form = details.closest("form");
    const chosen = form && Array.from(form.elements).find(
      (element) => isCategoryField(element) && (element.type !== "radio" || element.checked));
    if (chosen) {
      openCommitments(form, chosen.value);
    }
  });
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

// A table that scrolls sideways must take keyboard focus, or its hidden columns cannot be reached
// (WCAG 2.1.1; axe "scrollable-region-focusable"). Every loop's tables get it, whatever the template.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".table-wrap, .detail-main table.data").forEach((region) => {
    if (!region.hasAttribute("tabindex")) {
      region.setAttribute("tabindex", "0");
    }
  });
});
