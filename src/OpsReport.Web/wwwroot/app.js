// Small, dependency-free enhancements; every page reads fully without them.
"use strict";

// Words come from the page's language catalog (attributes on <body>), never from this file.
const words = document.body.dataset;

// On a phone each table row is a card; every cell shows its column's name beside its value (app.css reads data-label).
// The names are the table's own headers, copied here so the page does not repeat them on every cell.
document.querySelectorAll(".table-wrap table").forEach(table => {
  const names = [...table.querySelectorAll("thead th")].map(th => th.textContent.trim());
  table.querySelectorAll("tbody tr").forEach(row => {
    [...row.children].forEach(cell => {
      if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && names[cell.cellIndex]) cell.dataset.label = names[cell.cellIndex];
    });
  });
});

// Sort a table by clicking (or pressing Enter/Space on) a column header. Cells carry their raw number in data-value.
document.querySelectorAll("table thead th").forEach(th => {
  th.tabIndex = 0;
  th.title = words.sortTitle || "";
  th.setAttribute("aria-sort", "none");
  const sort = () => {
    const table = th.closest("table");
    const body = table.tBodies[0];
    const column = th.cellIndex;
    const ascending = th.dataset.sort !== "asc";
    table.querySelectorAll("thead th").forEach(h => { delete h.dataset.sort; h.setAttribute("aria-sort", "none"); });
    th.dataset.sort = ascending ? "asc" : "desc";
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    const key = row => {
      const cell = row.children[column];
      if (!cell) return "";
      if (cell.dataset.value !== undefined) return cell.dataset.value === "" ? Number.NEGATIVE_INFINITY : parseFloat(cell.dataset.value);
      const text = cell.textContent.trim();
      const number = parseFloat(text.replace("−", "-").replace(/[^0-9.\-]/g, ""));
      return /^[−\-+$]?[0-9]/.test(text) && !Number.isNaN(number) ? number : text;
    };
    [...body.rows]
      .sort((a, b) => {
        const x = key(a), y = key(b);
        const order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return ascending ? order : -order;
      })
      .forEach(row => body.appendChild(row));
  };
  th.addEventListener("click", e => { if (e.target.closest("a")) return; sort(); });
  th.addEventListener("keydown", e => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
});

// Filter a table's rows as you type: <input data-filter="table-id">.
document.querySelectorAll("input[data-filter]").forEach(input => {
  const table = document.getElementById(input.dataset.filter);
  if (!table) return;
  input.addEventListener("input", () => {
    const words = input.value.trim().toLowerCase();
    [...table.tBodies[0].rows].forEach(row => {
      row.hidden = words.length > 0 && !row.textContent.toLowerCase().includes(words);
    });
  });
});

// Crosshair: hover (or focus and use the arrow keys) on a chart to read every line's value at that time.
document.querySelectorAll("svg.chart[data-px]").forEach(svg => {
  const xs = svg.dataset.px.split(" ").filter(s => s.length > 0).map(Number);
  if (xs.length === 0) return;
  const times = svg.dataset.t.split("|");
  const series = [...svg.querySelectorAll("g.series[data-v]")].map(g => ({
    name: g.dataset.name, color: g.dataset.color, values: g.dataset.v.split("|"),
  }));
  const figure = svg.closest("figure") || svg.parentElement;
  figure.classList.add("has-crosshair");
  if (!figure.hasAttribute("tabindex")) figure.tabIndex = 0;
  const ns = "http://www.w3.org/2000/svg";
  const line = document.createElementNS(ns, "line");
  line.setAttribute("class", "crosshair");
  line.setAttribute("y1", svg.dataset.top);
  line.setAttribute("y2", svg.dataset.bottom);
  line.style.display = "none";
  svg.appendChild(line);
  const tip = document.createElement("div");
  tip.className = "crosshair-tip";
  tip.setAttribute("role", "status");
  tip.setAttribute("aria-live", "polite");
  tip.hidden = true;
  figure.appendChild(tip);
  let index = -1;

  const show = i => {
    index = Math.max(0, Math.min(xs.length - 1, i));
    line.setAttribute("x1", xs[index]);
    line.setAttribute("x2", xs[index]);
    line.style.display = "";
    tip.replaceChildren();
    const head = document.createElement("div");
    head.className = "tip-time";
    head.textContent = times[index] || "";
    tip.appendChild(head);
    series.forEach(s => {
      const value = s.values[index];
      const row = document.createElement("div");
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = s.color;
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(`${s.name}: ${value === "" || value === undefined ? (words.noData || "") : value}`));
      tip.appendChild(row);
    });
    tip.hidden = false;
    const box = svg.getBoundingClientRect();
    const scale = box.width / svg.viewBox.baseVal.width;
    const left = xs[index] * scale;
    tip.style.left = (left > box.width / 2 ? left - tip.offsetWidth - 12 : left + 12) + "px";
  };
  const hide = () => { line.style.display = "none"; tip.hidden = true; };
  const nearest = clientX => {
    const box = svg.getBoundingClientRect();
    const x = (clientX - box.left) / box.width * svg.viewBox.baseVal.width;
    let best = 0;
    for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - x) < Math.abs(xs[best] - x)) best = i;
    return best;
  };
  svg.addEventListener("pointermove", e => show(nearest(e.clientX)));
  svg.addEventListener("pointerleave", hide);
  figure.addEventListener("keydown", e => {
    const step = e.shiftKey ? 24 : 1;
    if (e.key === "ArrowRight") { e.preventDefault(); show(index < 0 ? 0 : index + step); }
    else if (e.key === "ArrowLeft") { e.preventDefault(); show(index < 0 ? xs.length - 1 : index - step); }
    else if (e.key === "Home") { e.preventDefault(); show(0); }
    else if (e.key === "End") { e.preventDefault(); show(xs.length - 1); }
    else if (e.key === "Escape") hide();
  });
  figure.addEventListener("blur", hide);
});

// Copy button: <button data-copy="element-id" data-done="…" data-failed="…"> puts that element's text on the clipboard.
document.querySelectorAll("button[data-copy]").forEach(button => {
  button.hidden = false;
  const status = document.getElementById(button.dataset.status || "");
  button.addEventListener("click", async () => {
    const source = document.getElementById(button.dataset.copy);
    if (!source) return;
    try {
      await navigator.clipboard.writeText(source.textContent.trim() + "\n");
      if (status) status.textContent = button.dataset.done || "";
      button.dataset.copied = "true";
    } catch {
      if (status) status.textContent = button.dataset.failed || "";
      const range = document.createRange();
      range.selectNodeContents(source);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
    }
  });
});
