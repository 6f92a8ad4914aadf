/* Compagnon: progressive enhancement only; every page works without this file.
   On narrow screens the main navigation folds behind a "Menu" button (without JS it simply wraps). */
(function () {
  "use strict";
  var toggle = document.querySelector(".nav-toggle");
  var nav = document.getElementById("menu-principal");
  if (!toggle || !nav) {
    return;
  }
  toggle.hidden = false;
  document.documentElement.classList.add("has-nav-toggle");
  toggle.addEventListener("click", function () {
    var open = toggle.getAttribute("aria-expanded") === "true";
    toggle.setAttribute("aria-expanded", open ? "false" : "true");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
      toggle.setAttribute("aria-expanded", "false");
      toggle.focus();
    }
  });
})();
