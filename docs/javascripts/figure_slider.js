// Figures with a slider (sitegen/figures.py): frames drawn at build time, one per value.
// The range control steps through them; the frames load once the figure comes into view.
(function () {
  "use strict";

  function setUp(slider) {
    const frames = JSON.parse(slider.dataset.frames);
    const input = slider.querySelector("input[type=range]");
    const output = slider.querySelector("output");
    const images = {
      light: slider.querySelector('img[src$="#only-light"]'),
      dark: slider.querySelector('img[src$="#only-dark"]'),
    };
    const label = slider.querySelector("label").textContent;

    function show(index) {
      const frame = frames[index];
      for (const theme of ["light", "dark"]) {
        images[theme].src = frame[theme];
        images[theme].alt = frame.alt;
      }
      output.textContent = frame.value;
      input.setAttribute("aria-valuetext", label + " = " + frame.value);
    }

    input.addEventListener("input", () => show(Number(input.value)));

    // load the other frames only when the figure comes near the viewport
    const observer = new IntersectionObserver((entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      const scheme = document.body.getAttribute("data-md-color-scheme") === "slate" ? "dark" : "light";
      for (const frame of frames) new Image().src = frame[scheme];
    }, { rootMargin: "200px" });
    observer.observe(slider);
  }

  function setUpAll() {
    document.querySelectorAll(".figure-slider").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUpAll);
  else setUpAll();
})();
