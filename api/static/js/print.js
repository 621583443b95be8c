// The brief's "Print or save as PDF" button: the browser's own print dialog, which also saves
// a PDF. The button stays hidden without JavaScript (Ctrl+P prints the same clean page).
"use strict";

(function () {
  for (const button of document.querySelectorAll("[data-print]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
})();
