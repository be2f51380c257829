// presslens: the one script. Pages work without it; it only links each quote in the
// article's side list to its highlight in the text (and back), for mouse and keyboard.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const item of document.querySelectorAll("[data-quote-target]")) {
    item.addEventListener("click", (event) => {
      const mark = document.getElementById(item.dataset.quoteTarget);
      if (!mark) return;
      event.preventDefault();
      mark.scrollIntoView({ block: "center" });
      mark.focus({ preventScroll: true });
    });
  }
  for (const mark of document.querySelectorAll("mark.q[data-item]")) {
    mark.addEventListener("focus", () => {
      for (const old of document.querySelectorAll(".quote-list li.current")) old.classList.remove("current");
      const item = document.getElementById(mark.dataset.item);
      if (item) item.classList.add("current");
    });
  }
});
