/* Slider view for perfblog's before/after pairs (templates/flame/compare.html).
 *
 * Only pairs whose images share an aspect ratio carry the (hidden) controls;
 * this script reveals them. The toggle is a real <button>, the divider a real
 * <input type=range>, so both work from the keyboard. Each figure is wired on
 * its own; nothing listens on window or changes the URL.
 */
(function () {
  "use strict";

  function setup(figure) {
    var controls = figure.querySelector(".pb-compare-controls");
    if (!controls) return;
    var toggle = controls.querySelector("button");
    var range = controls.querySelector("input");
    var labels = figure.querySelectorAll(".pb-compare-item figcaption");

    function split() {
      var value = Number(range.value);
      figure.style.setProperty("--pb-split", value + "%");
      range.setAttribute("aria-valuetext",
        labels[0].textContent + " " + value + "%, " + labels[1].textContent + " " + (100 - value) + "%");
    }

    toggle.addEventListener("click", function () {
      var on = toggle.getAttribute("aria-pressed") !== "true";
      toggle.setAttribute("aria-pressed", String(on));
      figure.classList.toggle("is-slider", on);
      range.parentElement.hidden = !on;
    });
    range.addEventListener("input", split);
    range.parentElement.hidden = true;
    split();
    controls.hidden = false;
  }

  function init() {
    document.querySelectorAll("figure[data-pb-compare]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
