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
