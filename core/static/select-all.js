// "Select everyone on this page" for a list of checkboxes: the box named by data-select-all
// ticks or clears every box of that name in its form, and shows when only some are ticked.
// Without JavaScript the box stays hidden and each person is ticked on their own.
"use strict";
document.querySelectorAll("input[data-select-all]").forEach((all) => {
  const boxes = () =>
    Array.from(all.form.elements).filter(
      (box) => box.type === "checkbox" && box.name === all.dataset.selectAll
    );
  const sync = () => {
    const ticked = boxes().filter((box) => box.checked).length;
    all.checked = ticked > 0 && ticked === boxes().length;
    all.indeterminate = ticked > 0 && ticked < boxes().length;
  };
  all.addEventListener("change", () => {
    boxes().forEach((box) => {
      box.checked = all.checked;
    });
    sync();
  });
  all.form.addEventListener("change", (event) => {
    if (event.target !== all) sync();
  });
  all.closest("[hidden]")?.removeAttribute("hidden");
  sync();
});
