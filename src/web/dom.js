/** A tiny element builder: text always goes in as text nodes, never as HTML. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key.startsWith("on") && typeof value === "function") el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

export function section(title, ...children) {
  return h("section", { class: "card" }, h("h2", null, title), ...children);
}

/** A table from column definitions: { label, cell(row) → Node|string, class?, sort?(row) → value }. */
export function table(columns, rows, opts = {}) {
  const thead = h(
    "thead",
    null,
    h(
      "tr",
      null,
      columns.map((c) =>
        h(
          "th",
          { class: [c.class, c.sort ? "sortable" : null].filter(Boolean).join(" ") || null, title: c.title },
          c.label,
        ),
      ),
    ),
  );
  const tbody = h("tbody");
  const render = (list) => {
    tbody.replaceChildren(
      ...list.map((row) =>
        h(
          "tr",
          {
            class: opts.rowClass?.(row) ?? null,
            dataset: opts.rowData?.(row) ?? {},
            onclick: opts.onRow ? () => opts.onRow(row) : null,
          },
          columns.map((c) => h("td", { class: c.class ?? null }, c.cell(row))),
        ),
      ),
    );
    if (list.length === 0)
      tbody.append(h("tr", null, h("td", { class: "empty", colspan: columns.length }, opts.empty ?? "无数据")));
  };
  let sorted = { index: -1, descending: true };
  thead.querySelectorAll("th").forEach((th, i) => {
    const c = columns[i];
    if (!c.sort) return;
    th.addEventListener("click", () => {
      sorted = { index: i, descending: sorted.index === i ? !sorted.descending : true };
      for (const t of thead.querySelectorAll("th")) t.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", sorted.descending ? "descending" : "ascending");
      const key = c.sort;
      const list = [...rows].sort((a, b) => {
        const x = key(a);
        const y = key(b);
        if (x === y) return 0;
        if (x === null || x === undefined) return 1;
        if (y === null || y === undefined) return -1;
        const cmp = typeof x === "string" ? x.localeCompare(y, "zh-CN") : x - y;
        return sorted.descending ? -cmp : cmp;
      });
      render(list);
    });
  });
  render(rows);
  return h("div", { class: "table-wrap" }, h("table", { class: opts.class ?? "data" }, thead, tbody));
}
