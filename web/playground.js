// SPDX-License-Identifier: MIT
// playground.js: the page's controls and pictures. It asks the WebAssembly module (the mlp
// library, web/playground.cpp) for every number and only draws them: nothing here trains,
// predicts or differentiates.
"use strict";

// The class colours, copied from include/mlp/tools/palette.hpp (kClassColours, Okabe and Ito's
// colour-blind-safe palette) so the page draws classes as the SVGs and the terminal do;
// tests/test_palette.cpp checks that this list matches that one.
const PALETTE = ["#E69F00", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
const COLOURS = PALETTE.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));  // [r, g, b] per class
const $ = (id) => document.getElementById(id);

const app = {
  pg: null,               // the C++ Playground
  layers: [{ units: 4, act: "tanh" }, { units: 2, act: "tanh" }],
  running: false,
  history: [],            // [{epoch, train, test}]
  frame: 0,
  error: "",
};
window.app = app;  // the browser test drives the page through the same functions the controls call

function status(text, isError) {
  const el = $("status");
  el.textContent = text;
  el.classList.toggle("error", !!isError);
  if (isError) app.error = text;
}

// Every call into the module returns "" or JSON on success and says what went wrong otherwise.
function check(result) {
  if (typeof result === "string" && result.startsWith("error: ")) {
    status(result.slice(7), true);
    return false;
  }
  return true;
}
function json(text) {
  const value = JSON.parse(text);
  if (value && value.error) { status(value.error, true); return null; }
  return value;
}
const fmt = (v, digits = 4) => (v === null || v === undefined || Number.isNaN(v)) ? "n/a" :
  (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0)) ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();

// ---------------------------------------------------------------------------------------------
// Settings -> the module
// ---------------------------------------------------------------------------------------------
function hiddenSpec() { return app.layers.map((l) => `${l.units} ${l.act}${l.after ? " " + l.after : ""}`).join("|"); }

function setData() {
  const ok = check(app.pg.setData($("dataset").value, Number($("points").value), Number($("noise").value),
                                  Number($("test-fraction").value), Number($("data-seed").value)));
  if (ok) afterReset();
  return ok;
}
function build() {
  const ok = check(app.pg.build(hiddenSpec(), $("loss").value, Number($("seed").value))) && setTraining();
  if (ok) afterReset();
  return ok;
}
function setTraining() {
  return check(app.pg.setTraining($("optimizer").value, Number($("lr").value), Number($("batch").value),
                                  Number($("l2").value)));
}
function afterReset() {
  app.history = [];
  setTraining();
  const stats = json(app.pg.stats());
  if (stats) $("loss").value = stats.loss;  // three classes turn BCE into cross-entropy
  app.error = "";
  status("ready", false);
  redraw(true);
}
function train(epochs) {
  if (!check(app.pg.train(epochs))) { pause(); return false; }
  const s = json(app.pg.stats());
  if (s) app.history.push({ epoch: s.epoch, train: s.train_loss, test: s.test_loss });
  return true;
}

// ---------------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------------
function redraw(all) {
  const s = json(app.pg.stats());
  if (!s) return;
  $("epoch").textContent = s.epoch;
  $("train-loss").textContent = fmt(s.train_loss);
  $("test-loss").textContent = s.test_points ? fmt(s.test_loss) : "no test points";
  $("train-accuracy").textContent = fmt(100 * s.train_accuracy, 4) + "%";
  $("test-accuracy").textContent = s.test_points ? fmt(100 * s.test_accuracy, 4) + "%" : "n/a";
  $("parameters").textContent = s.parameters;
  drawBoundary(s.classes);
  drawCurves();
  drawUnits();
  if (all || app.frame % 10 === 0) drawDiagnostics();
  $("collapse").disabled = !app.layers.every((l) => l.act === "none" && !l.after);
}

function drawBoundary(classes) {
  const canvas = $("boundary"), ctx = canvas.getContext("2d");
  const res = 80, p = app.pg.boundary(res), W = canvas.width, H = canvas.height;
  const image = ctx.createImageData(res, res);
  for (let k = 0; k < res * res; ++k) {
    let r = 0, g = 0, b = 0;
    for (let c = 0; c < classes; ++c) {
      r += p[k * classes + c] * COLOURS[c][0];
      g += p[k * classes + c] * COLOURS[c][1];
      b += p[k * classes + c] * COLOURS[c][2];
    }
    image.data.set([0.55 * r + 0.45 * 255, 0.55 * g + 0.45 * 255, 0.55 * b + 0.45 * 255, 255], 4 * k);
  }
  const off = document.createElement("canvas");
  off.width = off.height = res;
  off.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, W, H);
  const [x0, x1, y0, y1] = app.pg.bounds(), pts = app.pg.points();
  for (let k = 0; k < pts.length; k += 4) {
    const px = (pts[k] - x0) / (x1 - x0) * W, py = (y1 - pts[k + 1]) / (y1 - y0) * H;
    const [r, g, b] = COLOURS[pts[k + 2] % COLOURS.length];
    markPath(ctx, pts[k + 2], px, py, 3.5);
    if (pts[k + 3]) {
      ctx.strokeStyle = `rgb(${r},${g},${b})`; ctx.lineWidth = 1.5; ctx.stroke();
    } else {
      ctx.fillStyle = `rgb(${r},${g},${b})`; ctx.fill();
      ctx.strokeStyle = "#fff"; ctx.lineWidth = 0.8; ctx.stroke();
    }
  }
}

// Class c's shape, as the SVGs draw it (svg_parts.cpp, marker): circle, triangle, square,
// diamond, downward triangle. Shapes as well as colours, so classes read without colour.
function markPath(ctx, c, x, y, r) {
  const shapes = [null, [0, -1.25, 1.1, 0.8, -1.1, 0.8], [-0.9, -0.9, 0.9, -0.9, 0.9, 0.9, -0.9, 0.9],
                  [0, -1.2, 1.2, 0, 0, 1.2, -1.2, 0], [0, 1.25, 1.1, -0.8, -1.1, -0.8]];
  const xy = shapes[c % shapes.length];
  ctx.beginPath();
  if (!xy) { ctx.arc(x, y, r, 0, 2 * Math.PI); return; }
  for (let k = 0; k < xy.length; k += 2) ctx.lineTo(x + r * xy[k], y + r * xy[k + 1]);
  ctx.closePath();
}

function drawCurves() {
  const canvas = $("curves"), ctx = canvas.getContext("2d"), W = canvas.width, H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  const h = app.history;
  if (h.length < 2) return;
  let top = 0;
  for (const e of h) top = Math.max(top, e.train || 0, e.test || 0);
  if (!(top > 0)) return;
  const line = (key, colour, dash) => {
    ctx.setLineDash(dash);
    ctx.beginPath();
    h.forEach((e, i) => {
      const v = e[key];
      if (v === null) return;
      const x = i / (h.length - 1) * (W - 4) + 2, y = H - 2 - v / top * (H - 4);
      i ? ctx.lineTo(x, y) : ctx.moveTo(x, y);
    });
    ctx.strokeStyle = colour; ctx.lineWidth = 1.5; ctx.stroke();
  };
  // Training and test as the SVG history draws them: palette colours 0 and 1, the second dashed.
  line("train", PALETTE[0], []);
  line("test", PALETTE[1], [5, 3]);
  ctx.setLineDash([]);
  ctx.fillStyle = "#555"; ctx.font = "11px sans-serif";
  ctx.fillText(`max ${fmt(top, 3)}`, 4, 12);
}

function drawUnits() {
  const res = 24, values = app.pg.hiddenUnits(res), layers = JSON.parse(app.pg.hidden());
  const box = $("units");
  const wanted = layers.map((l) => `${l.layer}:${l.units}`).join(",");
  if (box.dataset.layout !== wanted) {
    box.textContent = "";
    layers.forEach((l, i) => {
      const col = document.createElement("div");
      col.className = "unit-layer";
      const title = document.createElement("h3");
      title.textContent = `hidden ${i + 1}: ${l.name}`;
      col.appendChild(title);
      for (let j = 0; j < l.units; ++j) {
        const c = document.createElement("canvas");
        c.width = c.height = res;
        c.title = `layer ${l.layer} (${l.name}), unit ${j}`;
        col.appendChild(c);
      }
      box.appendChild(col);
    });
    box.dataset.layout = wanted;
    if (!layers.length) box.textContent = "no hidden layer: the output is one affine map of the inputs";
  }
  const canvases = box.querySelectorAll("canvas");
  canvases.forEach((c, u) => {
    const ctx = c.getContext("2d"), image = ctx.createImageData(res, res);
    let top = 0;
    for (let k = 0; k < res * res; ++k) top = Math.max(top, Math.abs(values[u * res * res + k]));
    for (let k = 0; k < res * res; ++k) {
      const v = top > 0 ? values[u * res * res + k] / top : 0, col = v >= 0 ? COLOURS[1] : COLOURS[0], a = Math.abs(v);
      image.data.set([255 + (col[0] - 255) * a, 255 + (col[1] - 255) * a, 255 + (col[2] - 255) * a, 255], 4 * k);
    }
    ctx.putImageData(image, 0, 0);
  });
}

function drawDiagnostics() {
  const d = json(app.pg.diagnostics());
  if (!d) return;
  let html = `<table class="numbers"><tr><th>layer</th><th>‖dL/dθ‖</th><th>dead units</th><th>saturated</th></tr>`;
  for (const l of d.layers) {
    html += `<tr><th>${l.index} ${l.name}</th><td>${l.has_params ? fmt(l.grad_norm, 3) : ""}</td>` +
      `<td>${l.dead_fraction === null ? "" : `${l.dead_units} of ${l.units}`}</td>` +
      `<td>${l.saturated_fraction === null ? "" : fmt(100 * l.saturated_fraction, 3) + "%"}</td></tr>`;
  }
  html += "</table>";
  html += d.warnings.length ? d.warnings.map((w) => `<p class="small warn">${escapeHtml(w)}</p>`).join("")
                            : `<p class="small">nothing to flag</p>`;
  $("diagnostics").innerHTML = html;
}

function escapeHtml(s) { return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c])); }

// A tensor (rows of numbers) as a small table; the exact value is in each cell's tooltip.
function matrix(rows) {
  return `<table class="numbers">` + rows.map((r) => "<tr>" + r.map((v) =>
    `<td title="${v}">${fmt(v)}</td>`).join("") + "</tr>").join("") + "</table>";
}

// ---------------------------------------------------------------------------------------------
// The lesson's views
// ---------------------------------------------------------------------------------------------
function showCollapse() {
  const c = json(app.pg.collapse());
  if (!c) return;
  const out = $("collapse-out");
  if (!c.linear) {
    out.textContent = `collapse_linear leaves ${c.layers} layers: there is an activation between them, so this network is not one affine map.`;
    return;
  }
  const lines = c.W[0].map((_, j) => `y${c.W[0].length > 1 ? j + 1 : ""} = ${fmt(c.W[0][j])} x1 ${c.W[1][j] < 0 ? "−" : "+"} ` +
    `${fmt(Math.abs(c.W[1][j]))} x2 ${c.b[0][j] < 0 ? "−" : "+"} ${fmt(Math.abs(c.b[0][j]))}`);
  out.innerHTML = `<p>All ${app.layers.length + 1} Dense layers fold into one:</p><p class="matrix">${lines.join("\n")}</p>` +
    `<p>Largest difference between the network and this one map over the picture: ${fmt(c.max_difference, 2)}. ` +
    `Its decision boundary is a straight line, whatever the training does.</p>`;
}

function showBackprop() {
  const t = json(app.pg.backprop(Number($("sample").value)));
  if (!t) return;
  let html = `<p class="small">Sample ${t.sample}: x = ${matrix(t.x)} target = ${matrix(t.target)}` +
    `Taken on a copy of the network with plain SGD at lr ${fmt(t.lr)} (p ← p − lr·dp), so every update can be checked by hand.</p>`;
  html += `<table class="numbers"><tr><th>layer</th><th>forward: y</th><th>backward: dx = dL/dx</th><th>parameters: value, dL/dp, after the step</th></tr>`;
  html += `<tr><th>input</th><td>${matrix(t.x)}</td><td></td><td></td></tr>`;
  for (const l of t.layers) {
    const params = l.params.map((p) => `<b>${p.name}</b> ${matrix(p.value)} d${p.name} ${matrix(p.grad)} ${p.name} after ${matrix(p.after)}`).join("");
    html += `<tr><th>${l.index} ${escapeHtml(l.spec)}</th><td>${matrix(l.y)}</td><td>${matrix(l.dx)}</td><td>${params}</td></tr>`;
  }
  html += `<tr><th>${escapeHtml(t.loss_name)}</th><td>L = ${fmt(t.loss, 6)}</td><td>dL/dy = ${matrix(t.dloss)}</td>` +
    `<td>L after the step: ${fmt(t.loss_after, 6)}</td></tr></table>`;
  html += `<p class="small">Read the table bottom-up for backprop: the loss's dL/dy is the last layer's dy; each layer's dx is the dy of the layer above it.</p>`;
  $("backprop-out").innerHTML = html;
}

const LAB_FIELDS = [
  ["out_min", "min y for x ~ N(0, 1)"], ["out_max", "max y"], ["out_mean", "mean y"], ["out_var", "var y"],
  ["sparsity", "share of outputs exactly 0"], ["grad_at_plus5", "|f'(5)|"], ["grad_at_minus5", "|f'(−5)|"],
  ["grad_ratio_init", "|dW first| / |dW last|, 16 layers, at init"], ["grad_ratio_trained", "… after a few SGD steps"],
  ["dead_at_init", "dead units at init"], ["dead_fraction", "dead units after lr 0.5"],
  ["deep_mean", "mean at depth (LeCun init)"], ["deep_var", "var at depth (LeCun init)"],
  ["deep_var_default", "var at depth (PyTorch init)"], ["xor_epochs", "median epochs to 100% on XOR"],
  ["moons_epochs", "median epochs to 98% on two moons"], ["ns_per_element", "ns per element (in this browser)"],
];
let labNames = [];
function showLab() {
  const name = labNames[Number($("lab-slider").value)];
  $("lab-out").innerHTML = `<p><b>${name}</b>: measuring…</p>`;
  setTimeout(() => {
    const r = json(app.pg.lab(name));
    if (!r) return;
    $("lab-out").innerHTML = `<p><b>${name}</b> (examples/activation_lab.hpp at the test's scale: ${r.scale.seeds} seeds, ` +
      `${r.scale.moons_points} moons points)</p><table class="numbers">` +
      LAB_FIELDS.map(([k, label]) => `<tr><th>${label}</th><td>${r[k] === null ? "never" : fmt(r[k])}</td></tr>`).join("") + "</table>";
  }, 10);
}

function downloadModel() {
  const text = app.pg.modelText();
  if (text.startsWith("{")) return json(text);
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  a.download = "playground-model.txt";
  document.body.appendChild(a);
  a.click();
  a.remove();
  $("model-out").textContent = text.split("\n").slice(0, 12).join("\n") + "\n…";
  return text;
}

// After a model file is loaded, the controls show its layers (from each layer's spec).
function loadModel(text) {
  if (!check(app.pg.loadModelText(text))) return false;
  const specs = JSON.parse(app.pg.layers()), layers = [];
  specs.forEach((spec, i) => {
    if (spec.startsWith("dense:")) {
      if (i + 1 < specs.length) layers.push({ units: Number(spec.split(",")[1]), act: "none" });
    } else if (layers.length && afterDenseNames.includes(spec.split(":")[0]) && specs[i - 1].startsWith("dense:")) {
      layers[layers.length - 1].after = spec.split(":")[0];
    } else if (layers.length) {
      layers[layers.length - 1].act = spec;
    }
  });
  app.layers = layers;
  drawLayers();
  app.history = [];
  status("model loaded: " + specs.join(" → "), false);
  redraw(true);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Controls
// ---------------------------------------------------------------------------------------------
let activationNames = [];
let afterDenseNames = [];  // layers the registry builds from a width alone: batch_norm, layer_norm, ...
function drawLayers() {
  const box = $("layers");
  box.textContent = "";
  app.layers.forEach((l, i) => {
    const row = document.createElement("div");
    row.className = "layer-row";
    const minus = button("−", () => { if (l.units > 1) { l.units--; build(); } });
    const units = document.createElement("span");
    units.className = "units";
    units.textContent = l.units;
    const plus = button("+", () => { if (l.units < 64) { l.units++; build(); } });
    const act = document.createElement("select");
    const names = activationNames.includes(l.act) ? activationNames : activationNames.concat([l.act]);
    for (const n of names) act.add(new Option(n, n, false, n === l.act));
    act.onchange = () => { l.act = act.value; build(); };
    const after = document.createElement("select");
    after.title = "a layer between this Dense and its activation";
    after.add(new Option("no norm", "", false, !l.after));
    for (const n of afterDenseNames) after.add(new Option(n, n, false, n === l.after));
    after.onchange = () => { l.after = after.value; build(); };
    const remove = button("✕", () => { app.layers.splice(i, 1); drawLayers(); build(); });
    remove.title = "remove this layer";
    const label = document.createElement("span");
    label.textContent = `hidden ${i + 1}:`;
    row.append(label, minus, units, plus, after, act, remove);
    box.appendChild(row);
  });
}
function button(text, onclick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.onclick = () => { onclick(); drawLayers(); };
  return b;
}

function play() {
  app.running = true;
  $("play").textContent = "⏸ pause";
  requestAnimationFrame(loop);
}
function pause() {
  app.running = false;
  $("play").textContent = "▶ play";
}
function loop() {
  if (!app.running) return;
  app.frame++;
  if (train(1)) redraw(false);
  if (app.running) requestAnimationFrame(loop);
}

function init(Module) {
  app.pg = new Module.Playground();
  activationNames = JSON.parse(Module.Playground.activations());
  afterDenseNames = JSON.parse(Module.Playground.layersAfterDense());
  for (const n of JSON.parse(Module.Playground.losses())) $("loss").add(new Option(n, n, false, n === "bce-logits"));
  for (const n of JSON.parse(Module.Playground.optimizers())) $("optimizer").add(new Option(n, n, false, n === "sgd"));
  labNames = activationNames.filter((n) => n !== "none");
  $("lab-slider").max = labNames.length - 1;
  $("lab-slider").value = labNames.indexOf("tanh");
  drawLayers();
  for (const id of ["dataset", "points", "data-seed"]) $(id).onchange = setData;
  for (const id of ["noise", "test-fraction"]) {
    $(id).oninput = () => { $(id + "-value").textContent = $(id).value; };
    $(id).onchange = setData;
  }
  for (const id of ["loss", "seed"]) $(id).onchange = build;
  for (const id of ["optimizer", "lr", "batch", "l2"]) $(id).onchange = setTraining;
  $("add-layer").onclick = () => { app.layers.push({ units: 4, act: "tanh" }); drawLayers(); build(); };
  $("play").onclick = () => (app.running ? pause() : play());
  $("step").onclick = () => { pause(); if (train(1)) redraw(true); };
  $("reset").onclick = () => { pause(); build(); };
  $("collapse").onclick = showCollapse;
  $("backprop").onclick = showBackprop;
  $("lab-slider").oninput = showLab;
  $("download").onclick = downloadModel;
  $("upload").onchange = async () => { const f = $("upload").files[0]; if (f) loadModel(await f.text()); };
  Object.assign(app, { setData, build, setTraining, train, redraw, play, pause, showCollapse, showBackprop,
                       showLab, downloadModel, loadModel, drawLayers });
  if (setData()) build();
  showLab();
  status("ready: the mlp library in WebAssembly", false);
}

createPlayground().then(init, (e) => status("could not load the library: " + e, true));
