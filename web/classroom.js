// SPDX-License-Identifier: MIT
// classroom.js: what makes the playground a classroom tool, on top of playground.js's state:
// the state in the URL fragment (a link replays a run bit for bit: every seed, the batch order
// and the arithmetic are the library's, nothing here draws a random number), teacher mode
// (controls hidden by name), races of up to four configurations on the same data, and one
// training step opened for a clicked point, as a table and as a computation graph.
"use strict";

// ---------------------------------------------------------------------------------------------
// Links: "#key=value&key=value", arrays comma-separated, the whole state in DEFAULTS' order,
// then epochs (trained on load), hide, lang and race.
// ---------------------------------------------------------------------------------------------
const LINK_KEYS = [...Object.keys(DEFAULTS), "epochs", "hide", "lang", "race"];
const BOOLEAN = ["nesterov", "discretize"];
const classroom = { hide: [], race: "", written: "" };

function encodeValue(v) {
  return encodeURIComponent(Array.isArray(v) ? v.join(",") : String(v)).replace(/%2C/gi, ",");
}
function fragmentOf(state, extra) {
  const parts = Object.keys(DEFAULTS).map((k) => `${k}=${encodeValue(state[k])}`);
  for (const [k, v] of Object.entries(extra)) if (v !== undefined && v !== "" && !(Array.isArray(v) && !v.length)) parts.push(`${k}=${encodeValue(v)}`);
  return parts.join("&");
}
// The link of the current state; with the epochs trained when the run is that state trained
// from epoch 0 (app.replayable: no setting changed, no weight edited mid-run).
function link() {
  const s = app.stats || {};
  const epochs = app.replayable && s.epoch > 0 ? s.epoch : undefined;
  const fragment = fragmentOf(playground.state(), { epochs, hide: classroom.hide, lang: LANG === "en" ? undefined : LANG, race: classroom.race || undefined });
  return location.href.split("#")[0] + "#" + fragment;
}
function writeFragment() {
  if (!app.pg || !classroom.started) return;
  const url = link();
  classroom.written = url.split("#")[1];
  if (location.hash.slice(1) !== classroom.written) history.replaceState(null, "", "#" + classroom.written);
}

// Parses a fragment into state changes and the link's own keys; names what it cannot read.
function readFragment(hash) {
  const changes = {}, extra = {};
  for (const part of hash.replace(/^#/, "").split("&")) {
    if (!part) continue;
    const at = part.indexOf("="), key = decodeURIComponent(at < 0 ? part : part.slice(0, at));
    const text = at < 0 ? "" : decodeURIComponent(part.slice(at + 1));
    if (!LINK_KEYS.includes(key)) throw new Error(t("link.unknownKey", { key, keys: LINK_KEYS.join(", ") }));
    const list = text === "" ? [] : text.split(",");
    let value;
    if (key === "layers") value = list.map(Number);
    else if (key === "features" || key === "hide") value = list;
    else if (key === "activation" || key === "norm") value = list.length > 1 ? list : text;
    else if (BOOLEAN.includes(key)) value = text === "true" || text === "1";
    else if (NUMERIC.includes(key) || key === "epochs") value = Number(text);
    else value = text;
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error(t("link.notNumber", { key, text }));
    if (key === "layers" && value.some((n) => !Number.isInteger(n))) throw new Error(t("link.notNumber", { key, text }));
    (key in DEFAULTS ? changes : extra)[key] = value;
  }
  return { changes, extra };
}

// Opens a link: its state (missing keys from DEFAULTS, so a link means the same anywhere), its
// language and hidden controls, then its race or its epochs.
async function openLink(hash) {
  const { changes, extra } = readFragment(hash);
  setLanguage(extra.lang || "en");
  setHidden(extra.hide || []);
  classroom.race = extra.race || "";
  await playground.configure({ ...DEFAULTS, ...changes, rebuild: true });
  if (classroom.race) {
    const { key, values } = parseRace(classroom.race);
    await playground.race(values.map((v) => ({ [key]: v })), extra.epochs || 100);
  } else if (extra.epochs > 0) {
    await playground.train(extra.epochs);
  }
}

function copyLink() {
  const url = link();
  $("link-out").value = url;
  const done = () => status(t("status.linkCopied"), false);
  if (navigator.clipboard) navigator.clipboard.writeText(url).then(done, () => status(t("status.linkShown"), false));
  else status(t("status.linkShown"), false);
  return url;
}

// ---------------------------------------------------------------------------------------------
// Teacher mode: `hide` names controls (data-control on the page); the teacher's panel builds a
// link with checkboxes.
// ---------------------------------------------------------------------------------------------
function controlNames() {
  const names = new Set();
  for (const e of document.querySelectorAll("[data-control]")) for (const n of e.dataset.control.split(" ")) names.add(n);
  return [...names];
}
function setHidden(names) {
  const known = controlNames(), unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) throw new Error(t("link.unknownControl", { names: unknown.join(", "), known: known.join(", ") }));
  classroom.hide = names.slice();
  $("hide-style").textContent = names.map((n) => `[data-control~="${n}"] { display: none !important; }`).join("\n");
  for (const box of $("teacher-controls").querySelectorAll("input")) box.checked = names.includes(box.value);
}
function drawTeacher() {
  const box = $("teacher-controls");
  box.textContent = "";
  for (const name of controlNames()) {
    const label = document.createElement("label"), input = document.createElement("input");
    input.type = "checkbox";
    input.value = name;
    input.checked = classroom.hide.includes(name);
    label.append(input, " ", name);
    label.translate = false;
    box.appendChild(label);
  }
}
// The teacher's link: the current state, the epochs to train on load, the boxes ticked.
function teacherLink() {
  const hide = [...$("teacher-controls").querySelectorAll("input")].filter((b) => b.checked).map((b) => b.value);
  const epochs = Number($("teacher-epochs").value) || undefined;
  const url = location.href.split("#")[0] + "#" + fragmentOf(playground.state(), { epochs, hide, lang: $("teacher-lang").value === "en" ? undefined : $("teacher-lang").value });
  $("teacher-link").value = url;
  return url;
}

// ---------------------------------------------------------------------------------------------
// Races: up to four states (each the page's state with some keys changed) trained side by
// side on the same data and seeds, each in a Playground of its own; their training losses on
// one log-scale chart and their outputs as small multiples.
// ---------------------------------------------------------------------------------------------
function parseRace(text) {
  const at = text.indexOf(":");
  const key = text.slice(0, at), values = text.slice(at + 1).split(",").filter((v) => v !== "");
  if (at < 0 || !(key in DEFAULTS) || values.length < 1 || values.length > 4) throw new Error(t("race.bad", { text }));
  return { key, values: values.map((v) => (NUMERIC.includes(key) ? Number(v) : v)) };
}

function race(states, epochs) {
  pause();
  return new Promise((resolve, reject) => {
    if (!Array.isArray(states) || states.length < 1 || states.length > 4) {
      reject(new Error(t("race.count", { count: Array.isArray(states) ? states.length : 0 })));
      return;
    }
    const runs = [];
    try {
      for (const changes of states) {
        const state = { ...app.state, ...changes }, pg = new classroom.Module.Playground();
        if (state.data === "custom") {  // one's own points, as the page holds them
          const points = app.pg.csvText();
          if (!points.startsWith("{")) check(pg.loadCsvText(points));
        }
        loadState(pg, state);
        const s = json(pg.stats());
        runs.push({ pg, state, changes, label: Object.entries(changes).map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(",") : v}`).join(", "),
                    losses: [{ epoch: 0, loss: s.train_loss }], error: "" });
      }
    } catch (e) {
      for (const r of runs) r.pg.delete();
      status(e.message, true);
      reject(e);
      return;
    }
    for (const r of classroom.runs || []) r.pg.delete();
    classroom.runs = runs;
    let done = 0;
    const total = Number(epochs);
    const chunk = () => {
      const end = Math.min(done + 10, total);
      for (; done < end; ++done)
        for (const r of runs) {
          if (r.error) continue;
          const out = r.pg.train(1);
          if (out.startsWith("error: ")) { r.error = out.slice(7); continue; }
          r.losses.push({ epoch: done + 1, loss: json(r.pg.stats()).train_loss });
        }
      drawRace(runs);
      if (done < total) setTimeout(chunk, 0);
      else resolve(runs.map((r) => ({ ...playground.metrics(r.pg), state: r.changes, error: r.error })));
    };
    chunk();
  });
}

function drawRace(runs) {
  const canvas = $("race-curves"), ctx = canvas.getContext("2d"), area = plotArea(canvas);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  let lo = Infinity, hi = 0, last = 1;
  for (const r of runs) for (const e of r.losses) if (e.loss > 0 && Number.isFinite(e.loss)) { lo = Math.min(lo, e.loss); hi = Math.max(hi, e.loss); last = Math.max(last, e.epoch); }
  if (!(hi > 0)) return;
  const top = Math.ceil(Math.log10(hi) + 1e-9), bottom = Math.min(Math.floor(Math.log10(lo)), top - 1);
  const yOf = (v) => area.y + area.h - (Math.log10(v) - bottom) / (top - bottom) * area.h;
  runs.forEach((r, i) => {
    ctx.beginPath();
    r.losses.forEach((e, k) => { if (e.loss > 0) (k ? ctx.lineTo : ctx.moveTo).call(ctx, area.x + e.epoch / last * area.w, yOf(e.loss)); });
    ctx.strokeStyle = PALETTE[[1, 0, 3, 2][i]]; ctx.lineWidth = 1.8; ctx.setLineDash([[], [6, 3], [2, 2], [8, 2, 2, 2]][i]);
    ctx.stroke();
  });
  ctx.setLineDash([]);
  // Axes: epochs along the bottom, powers of ten up the side (a log scale).
  drawAxes(ctx, area, [0, last], [0, 1], t("axis.epoch"), t("axis.lossLog"), true);
  ctx.save();
  ctx.fillStyle = "#444"; ctx.font = "10px sans-serif"; ctx.textAlign = "right"; ctx.textBaseline = "middle";
  for (let p = bottom; p <= top; ++p) ctx.fillText(`1e${p}`, area.x - 5, yOf(Math.pow(10, p)));
  ctx.restore();
  const box = $("race-runs");
  if (box.children.length !== runs.length) {
    box.textContent = "";
    runs.forEach((r, i) => {
      const cell = document.createElement("figure"), c = document.createElement("canvas"), cap = document.createElement("figcaption");
      c.width = c.height = 150;
      cap.style.borderTop = `3px ${["solid", "dashed", "dotted", "dashed"][i]} ${PALETTE[[1, 0, 3, 2][i]]}`;
      cap.translate = false;
      cell.append(c, cap);
      box.appendChild(cell);
    });
  }
  runs.forEach((r, i) => {
    const cell = box.children[i], s = json(r.pg.stats()), m = playground.metrics(r.pg);
    drawBoundary(s, r.pg, cell.querySelector("canvas"), false);
    cell.querySelector("figcaption").textContent = `${r.label}: ` + (r.error ? r.error.slice(0, 80) :
      `${t("race.loss")} ${fmt(m.trainLoss, 3)}` + (Number.isNaN(m.trainAccuracy) ? "" : `, ${fmt(100 * m.trainAccuracy, 3)}%`));
  });
}

// ---------------------------------------------------------------------------------------------
// Steps you can open: a click on a training point opens its backprop step (the table) and the
// same step as a computation graph in the manner of micrograd's draw_dot: each tensor a record
// of its value and its gradient, each layer an operation between them.
// ---------------------------------------------------------------------------------------------
function openStepAt(x1, x2, pixelsPerUnit) {
  const pts = app.pg.points();
  let best = -1, bestD = Infinity;
  for (let k = 0; k < pts.length; k += 4) {
    const d = Math.hypot(pts[k] - x1, pts[k + 1] - x2) * pixelsPerUnit;
    if (d < bestD) { bestD = d; best = k / 4; }
  }
  if (best < 0 || bestD > 8) { status(t("step.noPoint"), false); return; }
  if (pts[best * 4 + 3]) { status(t("step.testPoint"), false); return; }
  $("sample").value = best;  // points() lists the training points first, in their order
  showBackprop();
  showGraph();
  $("backprop-panel").scrollIntoView({ behavior: "smooth", block: "start" });
}

// A tensor in a graph node: its numbers, or the first two and how many there are.
const short = (rows) => {
  const flat = rows.flat();
  return flat.length <= 3 ? `[${flat.map((v) => fmt(v, 3)).join(", ")}]` : `[${flat.slice(0, 2).map((v) => fmt(v, 3)).join(", ")}, … ${flat.length}]`;
};
function showGraph() {
  const step = shown(() => json(app.pg.backprop(Number($("sample").value))));
  if (!step) { $("graph-out").textContent = ""; return; }
  // Nodes left to right: x, then per layer its parameters (above) and its output; the loss last.
  const nodes = [], edges = [];
  const add = (n) => { nodes.push(n); return nodes.length - 1; };
  let previous = add({ label: "x", data: short(step.x), grad: step.layers.length ? short(step.layers[0].dx) : "", column: 0, row: 1 });
  step.layers.forEach((l, i) => {
    const op = add({ op: l.spec, column: 2 * i + 1, row: 1 });
    edges.push([previous, op]);
    l.params.forEach((p, k) => edges.push([add({ label: p.name, data: short(p.value), grad: short(p.grad), column: 2 * i + 1, row: k ? 2 : 0, param: true }), op]));
    const dy = i + 1 < step.layers.length ? step.layers[i + 1].dx : step.dloss;
    previous = add({ label: `y${i}`, data: short(l.y), grad: short(dy), column: 2 * i + 2, row: 1 });
    edges.push([op, previous]);
  });
  const lossOp = add({ op: step.loss_name, column: 2 * step.layers.length + 1, row: 1 });
  edges.push([previous, lossOp]);
  edges.push([add({ label: "t", data: short(step.target), grad: "", column: 2 * step.layers.length + 1, row: 2 }), lossOp]);
  edges.push([lossOp, add({ label: "L", data: fmt(step.loss, 6), grad: "1", column: 2 * step.layers.length + 2, row: 1 })]);
  const colW = 215, rowH = 74, W = (2 * step.layers.length + 3) * colW, H = 3 * rowH + 10;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("width", W); svg.setAttribute("height", H); svg.setAttribute("id", "graph");
  const at = (n) => ({ x: 10 + n.column * colW, y: 8 + n.row * rowH });
  for (const [a, b] of edges) {
    const A = at(nodes[a]), B = at(nodes[b]);
    // A parameter sits above or below its operation: its arrow runs straight down or up into it.
    const line = nodes[a].param ? { x1: A.x + 95, y1: A.y + (nodes[a].row ? 0 : 48), x2: B.x + 95, y2: B.y + (nodes[a].row ? 41 : 7) }
                                : { x1: A.x + 190, y1: A.y + 24, x2: B.x, y2: B.y + 24 };
    el("line", { ...line, stroke: "#999", "marker-end": "url(#arrow)" }, svg);
  }
  const defs = el("defs", {}, svg), marker = el("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto" }, defs);
  el("path", { d: "M0,0 L10,5 L0,10 z", fill: "#999" }, marker);
  for (const n of nodes) {
    const { x, y } = at(n);
    if (n.op) {
      el("ellipse", { cx: x + 95, cy: y + 24, rx: 80, ry: 17, fill: "#fff6e0", stroke: "#b08000" }, svg);
      const text = el("text", { x: x + 95, y: y + 28, "text-anchor": "middle", "font-size": 11 }, svg);
      text.textContent = n.op;
      text.setAttribute("translate", "no");
      continue;
    }
    el("rect", { x, y, width: 190, height: 48, rx: 3, fill: n.param ? "#eef5ff" : "#fff", stroke: "#555" }, svg);
    el("line", { x1: x + 22, y1: y, x2: x + 22, y2: y + 48, stroke: "#555" }, svg);
    const name = el("text", { x: x + 11, y: y + 28, "text-anchor": "middle", "font-size": 12, "font-weight": "bold" }, svg);
    name.textContent = n.label;
    name.setAttribute("translate", "no");
    el("text", { x: x + 26, y: y + 19, "font-size": 10 }, svg).textContent = `${t("graph.data")} ${n.data}`;
    el("text", { x: x + 26, y: y + 37, "font-size": 10, fill: "#a33" }, svg).textContent = n.grad === "" ? "" : `${t("graph.grad")} ${n.grad}`;
  }
  $("graph-out").textContent = "";
  const note = document.createElement("p");
  note.className = "small";
  note.textContent = t("graph.note", { sample: step.sample });
  $("graph-out").append(note, svg);
}

// ---------------------------------------------------------------------------------------------
// Take it home: the model as a PyTorch script (export_pytorch's text).
// ---------------------------------------------------------------------------------------------
const downloadPytorch = () => saveText(app.pg.pytorchText(), "playground_model.py", "text/x-python", true);

// ---------------------------------------------------------------------------------------------
// Start: the contract's additions, the panels' controls, then the link the page was opened with.
// ---------------------------------------------------------------------------------------------
function startClassroom(Module) {
  classroom.Module = Module;
  Object.assign(playground, { link, race });
  drawTeacher();
  $("copy-link").onclick = copyLink;
  $("teacher-make").onclick = teacherLink;
  $("race-start").onclick = () => {
    try {
      const { key, values } = parseRace(`${$("race-key").value}:${$("race-values").value}`);
      classroom.race = `${key}:${values.join(",")}`;
      race(values.map((v) => ({ [key]: v })), Number($("race-epochs").value)).then(() => writeFragment(), () => {});
    } catch (e) { status(e.message, true); }
  };
  $("graph").onclick = showGraph;
  $("download-pytorch").onclick = downloadPytorch;
  $("lang").onchange = () => { setLanguage($("lang").value); writeFragment(); };
  window.addEventListener("hashchange", () => {
    if (location.hash.slice(1) !== classroom.written) openLink(location.hash).catch((e) => status(e.message, true));
  });
  classroom.started = true;
  // data-ready tells a test (in any language) that the link has been opened, or refused.
  openLink(location.hash)
    .then(() => { writeFragment(); if (!app.error) status(t("status.ready"), false); $("status").dataset.ready = "ready"; })
    .catch((e) => { status(e.message, true); writeFragment(); $("status").dataset.ready = "error"; });
}
