/* The checker's « Imprimer » button: shown and wired only when JS runs (without it, the browser's own Print
   command gives the same page, laid out by the print stylesheet of rules.css). */
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  Array.prototype.forEach.call(buttons, function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
