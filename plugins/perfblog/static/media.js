// The interactive view of another tool's flame graph loads only when its <details> opens:
// at zero width, inside a closed <details>, such a script fails (py-spy: "negative value").
// Without this script the view stays hidden; the static picture above it is the figure.
document.querySelectorAll("details.pb-external-live").forEach((details) => {
  const frame = details.querySelector("iframe[data-src]");
  details.hidden = false;
  details.addEventListener("toggle", () => {
    if (details.open && !frame.src) frame.src = frame.dataset.src;
  });
});
