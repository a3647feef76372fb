// Progressive enhancement only: every page works without this file.
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target.matches("select[data-autosubmit]")) {
    target.form.submit();
  }
});

// A form with data-confirm asks in a <dialog> before it sends something that cannot be undone
// (issue 7, item 4). Confirming adds confirmed=1 (or ticks the form's confirm box), which the
// server's ActionView.confirm asks for; without JS the server shows a review page instead.
function confirmDialog(message) {
  let dialog = document.getElementById("confirm-dialog");
  if (!dialog) {
    dialog = document.createElement("dialog");
    dialog.id = "confirm-dialog";
    dialog.className = "confirm-dialog";
    dialog.setAttribute("aria-labelledby", "confirm-dialog-text");
    const strings = document.body.dataset;
    dialog.innerHTML = '<form method="dialog"><p id="confirm-dialog-text"></p><div class="confirm-actions">'
      + '<button value="ok" class="button primary"></button><button value="cancel" class="button"></button></div></form>';
    dialog.querySelector("button[value=ok]").textContent = strings.confirmOk || "OK";
    dialog.querySelector("button[value=cancel]").textContent = strings.confirmCancel || "Cancel";
    document.body.appendChild(dialog);
  }
  dialog.querySelector("#confirm-dialog-text").textContent = message;
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
    dialog.returnValue = "";
    dialog.showModal();
  });
}
document.addEventListener("submit", (event) => {
  const form = event.target;
  const message = form.dataset && form.dataset.confirm;
  if (!message || form.dataset.confirmed === "1") {
    return;
  }
  event.preventDefault();
  const submitter = event.submitter;
  const ask = typeof HTMLDialogElement === "function" ? confirmDialog(message) : Promise.resolve(window.confirm(message));
  ask.then((ok) => {
    if (!ok) {
      return;
    }
    form.dataset.confirmed = "1";
    const box = form.querySelector("[data-confirm-box]");
    if (box) {
      box.checked = true;
    } else if (!form.querySelector("input[name=confirmed]")) {
      const hidden = document.createElement("input");
      hidden.type = "hidden";
      hidden.name = "confirmed";
      hidden.value = "1";
      form.appendChild(hidden);
    }
    if (form.requestSubmit) {
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
    } else {
      form.submit();
    }
  });
});

// Select-all for bulk forms: the box in the header ticks every row's box of that name.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-select-all]").forEach((label) => {
    const form = label.closest("form");
    const name = label.dataset.selectAll;
    const boxes = () => Array.from(form.querySelectorAll(`input[type=checkbox][name="${name}"]`));
    if (!form || boxes().length === 0) {
      return;
    }
    label.hidden = false;
    const all = label.querySelector("input");
    const count = form.querySelector("[data-selected-count]");
    const update = () => {
      const ticked = boxes().filter((b) => b.checked).length;
      all.checked = ticked > 0 && ticked === boxes().length;
      all.indeterminate = ticked > 0 && ticked < boxes().length;
      if (count) {
        count.textContent = ticked ? `${ticked} ✓` : "";
      }
    };
    all.addEventListener("change", () => {
      boxes().forEach((b) => { b.checked = all.checked; });
      update();
    });
    form.addEventListener("change", (event) => {
      if (event.target.name === name) {
        update();
      }
    });
  });
});

// Type-ahead (congress.widgets.TypeaheadInput): a plain text input that the server resolves by
// name without JS; with JS, matches from the scoped lookup view, chosen by id.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-typeahead]").forEach((wrap) => {
    const input = wrap.querySelector("input[type=text], input[type=search]");
    const url = wrap.dataset.typeahead;
    const multiple = wrap.hasAttribute("data-multiple");
    const name = input.name;
    const list = document.createElement("ul");
    list.className = "typeahead-list";
    list.id = `${input.id}-list`;
    list.setAttribute("role", "listbox");
    list.hidden = true;
    wrap.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("autocomplete", "off");
    const chosen = wrap.querySelector(".typeahead-chosen");
    const choose = (id, label) => {
      if (multiple && chosen) {
        const chip = document.createElement("button");
        chip.type = "button";
        chip.className = "chip";
        chip.textContent = `${label} ×`;
        const hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = name;
        hidden.value = id;
        chip.addEventListener("click", () => { chip.remove(); hidden.remove(); });
        chosen.appendChild(chip);
        wrap.appendChild(hidden);
        input.value = "";
      } else {
        input.value = label;
        let hidden = wrap.querySelector("input[type=hidden][data-typeahead-id]");
        if (!hidden) {
          hidden = document.createElement("input");
          hidden.type = "hidden";
          hidden.dataset.typeaheadId = "";
          wrap.appendChild(hidden);
        }
        hidden.name = name;
        hidden.value = id;
        input.removeAttribute("name");
      }
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
    };
    if (multiple && chosen) {
      // the server rendered the chosen ones as names in the box (for no-JS); turn them into chips
      const initial = Array.from(chosen.querySelectorAll("button[data-id]"));
      initial.forEach((chip) => {
        chip.remove();
        choose(chip.dataset.id, chip.dataset.label);
      });
      if (initial.length) {
        input.value = "";
      }
    }
    let timer = null;
    input.addEventListener("input", () => {
      if (!multiple) {
        input.name = name;
        const hidden = wrap.querySelector("input[data-typeahead-id]");
        if (hidden) {
          hidden.remove();
        }
      }
      clearTimeout(timer);
      const text = input.value.trim();
      if (!text) {
        list.hidden = true;
        return;
      }
      timer = setTimeout(() => {
        fetch(`${url}?q=${encodeURIComponent(text)}`, { headers: { Accept: "application/json" } })
          .then((response) => (response.ok ? response.json() : { results: [] }))
          .then((data) => {
            list.innerHTML = "";
            data.results.forEach((row) => {
              const item = document.createElement("li");
              item.setAttribute("role", "option");
              item.textContent = row.label;
              item.addEventListener("mousedown", (event) => { event.preventDefault(); choose(row.id, row.label); });
              list.appendChild(item);
            });
            list.hidden = data.results.length === 0;
            input.setAttribute("aria-expanded", String(!list.hidden));
          })
          .catch(() => { list.hidden = true; });
      }, 200);
    });
    input.addEventListener("keydown", (event) => {
      const items = Array.from(list.querySelectorAll("li"));
      if (list.hidden || items.length === 0) {
        return;
      }
      let index = items.findIndex((li) => li.getAttribute("aria-selected") === "true");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        index = event.key === "ArrowDown" ? Math.min(index + 1, items.length - 1) : Math.max(index - 1, 0);
        items.forEach((li, i) => li.setAttribute("aria-selected", String(i === index)));
      } else if (event.key === "Enter" && index >= 0) {
        event.preventDefault();
        items[index].dispatchEvent(new MouseEvent("mousedown"));
      } else if (event.key === "Escape") {
        list.hidden = true;
      }
    });
    input.addEventListener("blur", () => { list.hidden = true; input.setAttribute("aria-expanded", "false"); });
  });
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

// The staff menu on a phone: folded under its summary so the page starts near the top
// (templates/layouts/staff.html renders it open, which is what a page without JS keeps).
document.addEventListener("DOMContentLoaded", () => {
  const menu = document.querySelector("details.staff-menu");
  if (menu && window.matchMedia("(max-width: 800px)").matches) menu.open = false;
});

// Printable pages (templates/layouts/print.html): the print button, without an inline handler.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
