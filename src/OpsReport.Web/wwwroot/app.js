// Small, dependency-free enhancements; every page reads fully without them.
// Sort a table by clicking (or pressing Enter on) a column header.
document.querySelectorAll("table thead th").forEach((th, index) => {
  th.tabIndex = 0;
  th.title = "Sort by this column";
  const sort = () => {
    const table = th.closest("table");
    const body = table.tBodies[0];
    const ascending = th.dataset.sort !== "asc";
    table.querySelectorAll("thead th").forEach(h => delete h.dataset.sort);
    th.dataset.sort = ascending ? "asc" : "desc";
    const key = row => {
      const text = row.children[index]?.textContent.trim() ?? "";
      const number = parseFloat(text.replace(/[^0-9.\-−]/g, "").replace("−", "-"));
      return Number.isNaN(number) ? text : number;
    };
    [...body.rows]
      .sort((a, b) => {
        const x = key(a), y = key(b);
        const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      })
      .forEach(row => body.appendChild(row));
  };
  th.addEventListener("click", sort);
  th.addEventListener("keydown", e => { if (e.key === "Enter") sort(); });
});
