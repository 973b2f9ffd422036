// The results index: sort by a column (its header becomes a button) and filter rows as you type.
(() => {
  const table = document.querySelector("table[data-results]");
  if (!table) return;
  const body = table.tBodies[0];
  const key = (row, i, kind) => {
    const cell = row.cells[i];
    const value = cell.dataset.value ?? cell.textContent.trim().toLowerCase();
    return kind === "number" ? parseFloat(value) || 0 : value;
  };
  table.querySelectorAll("th[data-sort]").forEach((th, i) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = th.textContent;
    th.textContent = "";
    th.append(button);
    button.addEventListener("click", () => {
      const down = th.getAttribute("aria-sort") !== "descending";
      table.querySelectorAll("th").forEach((other) => other.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", down ? "descending" : "ascending");
      const rows = [...body.rows].sort((a, b) => {
        const x = key(a, i, th.dataset.sort), y = key(b, i, th.dataset.sort);
        return (x < y ? -1 : x > y ? 1 : 0) * (down ? -1 : 1);
      });
      body.append(...rows);
    });
  });
  const filter = document.querySelector(".results-filter");
  filter.hidden = false;
  filter.querySelector("input").addEventListener("input", (event) => {
    const words = event.target.value.toLowerCase().split(/\s+/).filter(Boolean);
    for (const row of body.rows) {
      const text = row.textContent.toLowerCase();
      row.hidden = !words.every((w) => text.includes(w));
    }
  });
})();
