// SPDX-License-Identifier: MIT
// playground.js: the page's state, controls and pictures. It asks the WebAssembly module (the mlp
// library, web/playground.cpp) for every number and only draws them: nothing here trains,
// predicts, differentiates or computes a feature.
//
// The whole page is one state object (window.playground.state()); every control changes it
// through configure(), which hands it to the module. window.playground is the contract a test
// or another program drives: configure(state), train(epochs), metrics(), addPoint(x1, x2, label),
// clearPoints(), state().
"use strict";

// The class colours, copied from include/mlp/tools/palette.hpp (kClassColours, Okabe and Ito's
// colour-blind-safe palette) so the page draws classes as the SVGs and the terminal do;
// tests/test_palette.cpp checks that this list matches that one.
const PALETTE = ["#E69F00", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442", "#000000"];
const COLOURS = PALETTE.map((hex) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)));  // [r, g, b] per class
const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";

// The state's keys, with the values a fresh page starts from.
const DEFAULTS = {
  data: "moons", points: 200, noise: 0.1, testShare: 0.2, dataSeed: 1, features: ["x1", "x2"],
  layers: [4, 2], activation: "tanh", norm: "", loss: "bce-logits", optimizer: "sgd", lr: 0.03, batch: 10,
  momentum: 0, nesterov: false, l1: 0, l2: 0, dropout: 0, init: "pytorch", weightSeed: 1, schedule: "none",
  stopAfter: 0, discretize: false,
};
const DATA_KEYS = ["data", "points", "noise", "testShare", "dataSeed"];
const NETWORK_KEYS = ["layers", "activation", "norm", "loss", "init", "dropout", "weightSeed"];
const REGRESSION = ["plane", "bumps"];
const TRAINING_KEYS = ["optimizer", "lr", "batch", "momentum", "nesterov", "l1", "l2", "schedule", "stopAfter"];

const app = {
  pg: null,               // the C++ Playground
  state: { ...DEFAULTS },
  running: false,
  history: [],            // [{epoch, train, test}]
  baseline: null,         // what the loss says a network that knows nothing scores (diagnostics)
  stats: null,            // the module's last stats_json
  replayable: true,       // the run is its state trained from epoch 0: a link with epochs replays it
  frame: 0,
  error: "",
};
window.app = app;  // the page's internals, for the browser test's lesson views

// The page's own words come through t(); an error is the library's message, shown as it
// wrote it (marked lang="en", since the page does not translate the library).
function status(text, isError) {
  const el = $("status");
  el.textContent = text;
  el.removeAttribute("data-i18n");
  el.classList.toggle("error", !!isError);
  if (isError) { el.lang = "en"; app.error = text; } else el.removeAttribute("lang");
}

// Every call into the module returns "" or JSON on success and says what went wrong otherwise.
function check(result) {
  if (typeof result === "string" && result.startsWith("error: ")) throw new Error(result.slice(7));
  return result;
}
function json(text) {
  const value = JSON.parse(text);
  if (value && value.error) throw new Error(value.error);
  return value;
}
// Runs f, showing its error on the page instead of throwing; returns f's value or undefined.
function shown(f) {
  try { return f(); } catch (e) { status(e.message, true); pause(); return undefined; }
}
const fmt = (v, digits = 4) => (v === null || v === undefined || Number.isNaN(v)) ? "n/a" :
  (Math.abs(v) >= 1e5 || (Math.abs(v) < 1e-3 && v !== 0)) ? v.toExponential(digits - 1) : Number(v.toPrecision(digits)).toString();
const perLayer = (v, i) => (Array.isArray(v) ? v[i] ?? v[v.length - 1] ?? "" : v);

// ---------------------------------------------------------------------------------------------
// The state -> the module
// ---------------------------------------------------------------------------------------------
function hiddenSpec(s) {
  return s.layers.map((units, i) => {
    const norm = perLayer(s.norm, i);
    return `${units} ${perLayer(s.activation, i)}${norm ? " " + norm : ""}`;
  }).join("|");
}

// Applies a partial state: the data set when a data key changes, the features, the network
// when anything it is built from changes, and the training settings always. On an error the
// state goes back to what it was, and the module keeps (or rebuilds) the old network.
function apply(changes) {
  const old = app.state, s = { ...old, ...changes };
  delete s.rebuild;
  const changed = (k) => k in changes && JSON.stringify(changes[k]) !== JSON.stringify(old[k]);
  if (changed("data") && REGRESSION.includes(old.data) && !REGRESSION.includes(s.data) && !("loss" in changes)) s.loss = DEFAULTS.loss;
  const dataChanged = DATA_KEYS.some(changed), featuresChanged = changed("features");
  const rebuild = dataChanged || featuresChanged || NETWORK_KEYS.some(changed) || changes.rebuild;
  let done = 0;  // module calls that succeeded: what must be undone on a later error
  try {
    if (dataChanged) { check(app.pg.setData(s.data, Number(s.points), Number(s.noise), Number(s.testShare), Number(s.dataSeed))); done++; }
    if (featuresChanged) { check(app.pg.setFeatures(s.features.join(","))); done++; }
    // Regression data turn a loss that reads classes into mse (the module says which).
    if (dataChanged && REGRESSION.includes(s.data) && !("loss" in changes)) s.loss = json(app.pg.stats()).loss;
    if (rebuild) check(app.pg.build(hiddenSpec(s), s.loss, Number(s.weightSeed), s.init, Number(s.dropout)));
    setTrainingOf(app.pg, s);
  } catch (e) {
    app.state = old;
    if (done) {  // the module took part of the change: it is given the whole old state again
      try {
        loadState(app.pg, old);
        app.history = [];
      } catch (ignored) { /* the old state was valid when it was set */ }
    }
    syncControls();
    throw e;
  }
  // A training setting changed after training started: the run is no longer its state replayed.
  if (!rebuild && app.stats && (app.stats.epoch > 0 || app.stats.batch > 0) && TRAINING_KEYS.some(changed)) app.replayable = false;
  app.state = s;
  app.stats = json(app.pg.stats());
  app.state.loss = app.stats.loss;
  if (rebuild) {
    app.history = [{ epoch: app.stats.epoch, train: app.stats.train_loss, test: app.stats.test_loss }];
    app.baseline = null;
    app.replayable = true;
  }
  syncControls();
  app.error = "";
  status(t("status.readyShort"), false);
  redraw(rebuild);
  writeFragment();
}

// The state's training settings, given to a Playground (the page's, or a race's).
function setTrainingOf(pg, s) {
  check(pg.setTraining(s.optimizer, Number(s.lr), Number(s.batch), Number(s.l2), Number(s.l1), Number(s.momentum),
                       !!s.nesterov, s.schedule, Number(s.stopAfter) > 0 ? Number(s.stopAfter) : 500));
}
// A whole state given to a Playground, in apply()'s order: data, features, network, training.
function loadState(pg, s) {
  check(pg.setData(s.data, Number(s.points), Number(s.noise), Number(s.testShare), Number(s.dataSeed)));
  check(pg.setFeatures(s.features.join(",")));
  check(pg.build(hiddenSpec(s), s.loss, Number(s.weightSeed), s.init, Number(s.dropout)));
  setTrainingOf(pg, s);
}

function train(epochs) {
  try {
    check(app.pg.train(epochs));
  } catch (e) {
    status(e.message, true);
    pause();
    return false;
  }
  app.stats = json(app.pg.stats());
  app.history.push({ epoch: app.stats.epoch, train: app.stats.train_loss, test: app.stats.test_loss });
  return true;
}

// One mini-batch of the epoch under way (the Trainer's order and arithmetic, web/playground.cpp).
function stepBatch() {
  try {
    check(app.pg.stepBatch());
  } catch (e) {
    status(e.message, true);
    return false;
  }
  app.stats = json(app.pg.stats());
  const s = app.stats;
  app.history.push({ epoch: s.epoch + (s.batch ? s.batch / s.batches : 0), train: s.train_loss, test: s.test_loss });
  return true;
}

// ---------------------------------------------------------------------------------------------
// window.playground: the contract
// ---------------------------------------------------------------------------------------------
const nan = (v) => (v === null || v === undefined ? NaN : v);
const playground = {
  configure(changes) {
    return new Promise((resolve, reject) => {
      try { pause(); apply(changes || {}); resolve(playground.state()); } catch (e) { status(e.message, true); reject(e); }
    });
  },
  // Trains `epochs` more epochs, drawing as it goes; resolves to metrics() at the end.
  train(epochs) {
    pause();
    return new Promise((resolve, reject) => {
      let left = Number(epochs);
      const chunk = () => {
        // Epoch by epoch, so the loss curve has every epoch; a redraw every 25.
        for (const end = Math.max(left - 25, 0); left > end; --left)
          if (!train(1)) { reject(new Error(app.error)); return; }
        redraw(left <= 0);
        if (left > 0) setTimeout(chunk, 0); else { writeFragment(); resolve(playground.metrics()); }
      };
      chunk();
    });
  },
  metrics(pg = app.pg) {
    const s = json(pg.stats());
    return { epoch: s.epoch, batch: s.batch, batches: s.batches, trainLoss: nan(s.train_loss), testLoss: nan(s.test_loss),
             trainAccuracy: nan(s.train_accuracy), testAccuracy: nan(s.test_accuracy) };
  },
  // One mini-batch step; resolves to metrics() after it (batch counts the epoch's batches taken).
  stepBatch() {
    pause();
    return new Promise((resolve, reject) => {
      if (!stepBatch()) { reject(new Error(app.error)); return; }
      redraw(true);
      writeFragment();
      resolve(playground.metrics());
    });
  },
  addPoint(x1, x2, label) {
    return new Promise((resolve, reject) => {
      try { pause(); check(app.pg.addPoint(Number(x1), Number(x2), Number(label))); reloadCustom(); resolve(playground.state()); } catch (e) { status(e.message, true); reject(e); }
    });
  },
  clearPoints() {
    return new Promise((resolve, reject) => {
      try { pause(); check(app.pg.clearPoints()); reloadCustom(); resolve(playground.state()); } catch (e) { status(e.message, true); reject(e); }
    });
  },
  state() {
    const s = JSON.parse(JSON.stringify(app.state));
    // One activation (or norm) for every hidden layer is a name; different ones are an array.
    for (const k of ["activation", "norm"])
      if (Array.isArray(s[k])) s[k] = s.layers.length && s.layers.every((_, i) => perLayer(s[k], i) === perLayer(s[k], 0)) ? perLayer(s[k], 0) : s[k];
    return s;
  },
};
window.playground = playground;

// The custom points changed in the module: the data set is read again and the network rebuilt.
function reloadCustom() {
  if (app.state.data === "custom") check(app.pg.setData("custom", 0, 0, Number(app.state.testShare), Number(app.state.dataSeed)));
  apply({ data: "custom", rebuild: true });
}

// ---------------------------------------------------------------------------------------------
// Drawing
// ---------------------------------------------------------------------------------------------
function redraw(all) {
  const s = app.stats = json(app.pg.stats());
  const regression = s.task === "regression";
  $("epoch").textContent = s.epoch;
  $("train-loss").textContent = fmt(s.train_loss);
  $("test-loss").textContent = s.test_points ? fmt(s.test_loss) : t("output.noTest");
  $("train-accuracy").textContent = regression ? "–" : fmt(100 * s.train_accuracy, 4) + "%";
  $("test-accuracy").textContent = regression ? "–" : s.test_points ? fmt(100 * s.test_accuracy, 4) + "%" : "n/a";
  $("parameters").textContent = s.parameters;
  drawBoundary(s);
  if (all || app.frame % 3 === 0) drawNetwork(all || app.frame % 6 === 0);
  if (all || app.frame % 10 === 0) drawDiagnostics();
  drawCurves();
  drawConfusion(s);
  $("collapse").disabled = !app.state.layers.every((_, i) => perLayer(app.state.activation, i) === "none" && !perLayer(app.state.norm, i));
  $("download-data").disabled = regression;
}

// The plot area inside a canvas with axes: ticks and numbers along the left and the bottom.
function plotArea(canvas) { return { x: 40, y: 6, w: canvas.width - 48, h: canvas.height - 34 }; }
function niceTicks(lo, hi, count) {
  const span = hi - lo, step0 = span / count, mag = Math.pow(10, Math.floor(Math.log10(step0)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => span / st <= count) || 10 * mag;
  const ticks = [];
  for (let tick = Math.ceil(lo / step) * step; tick <= hi + 1e-12 * span; tick += step) ticks.push(Math.abs(tick) < 1e-12 * span ? 0 : tick);
  return ticks;
}
// Axes around a plot area: ticks and numbers along the bottom and, unless the caller labels a
// log scale itself (logY), up the left side.
function drawAxes(ctx, area, xRange, yRange, xLabel, yLabel, logY = false) {
  ctx.save();
  ctx.strokeStyle = "#888"; ctx.fillStyle = "#444"; ctx.font = "10px sans-serif"; ctx.lineWidth = 1;
  ctx.strokeRect(area.x + 0.5, area.y + 0.5, area.w, area.h);
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  for (const tick of niceTicks(xRange[0], xRange[1], 6)) {
    const px = area.x + (tick - xRange[0]) / (xRange[1] - xRange[0]) * area.w;
    ctx.beginPath(); ctx.moveTo(px, area.y + area.h); ctx.lineTo(px, area.y + area.h + 4); ctx.stroke();
    ctx.fillText(fmt(tick, 3), px, area.y + area.h + 5);
  }
  ctx.textAlign = "right";
  ctx.fillText(xLabel, area.x + area.w, area.y + area.h + 17);
  ctx.textBaseline = "middle";
  if (!logY)
    for (const tick of niceTicks(yRange[0], yRange[1], 5)) {
      const py = area.y + area.h - (tick - yRange[0]) / (yRange[1] - yRange[0]) * area.h;
      ctx.beginPath(); ctx.moveTo(area.x - 4, py); ctx.lineTo(area.x, py); ctx.stroke();
      ctx.fillText(fmt(tick, 3), area.x - 5, py);
    }
  ctx.save(); ctx.translate(9, area.y + 10); ctx.rotate(-Math.PI / 2); ctx.textAlign = "right"; ctx.fillText(yLabel, 0, 0); ctx.restore();
  ctx.restore();
}

// Regression's colour scale: orange below 0, white at 0, blue above, up to +-top.
function valueColour(v, top) {
  const a = Math.min(1, Math.abs(v) / top), col = v >= 0 ? COLOURS[1] : COLOURS[0];
  return [255 + (col[0] - 255) * a, 255 + (col[1] - 255) * a, 255 + (col[2] - 255) * a];
}
function targetRange(pg) {
  const pts = pg.points();
  let top = 1e-9;
  for (let k = 2; k < pts.length; k += 4) top = Math.max(top, Math.abs(pts[k]));
  return top;
}

// The output picture of `pg` (the page's model, or a race's) on `canvas`, with axes and the
// colour key when `full`.
function drawBoundary(s, pg = app.pg, canvas = $("boundary"), full = true) {
  const ctx = canvas.getContext("2d"), area = full ? plotArea(canvas) : { x: 0, y: 0, w: canvas.width, h: canvas.height };
  const regression = s.task === "regression", classes = regression ? 1 : s.classes;
  const res = full ? 80 : 50, p = pg.boundary(res), discrete = app.state.discretize, top = regression ? targetRange(pg) : 1;
  const image = ctx.createImageData(res, res);
  for (let k = 0; k < res * res; ++k) {
    let rgb = [0, 0, 0];
    if (regression) {
      rgb = valueColour(discrete ? Math.sign(p[k]) * top : p[k], top);
    } else {
      let best = 0;
      for (let c = 1; c < classes; ++c) if (p[k * classes + c] > p[k * classes + best]) best = c;
      for (let c = 0; c < classes; ++c) {
        const w = discrete ? (c === best ? 1 : 0) : p[k * classes + c];
        for (let i = 0; i < 3; ++i) rgb[i] += w * COLOURS[c][i];
      }
      rgb = rgb.map((v) => 0.55 * v + 0.45 * 255);
    }
    image.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * k);
  }
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const off = document.createElement("canvas");
  off.width = off.height = res;
  off.getContext("2d").putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = !discrete;
  ctx.drawImage(off, area.x, area.y, area.w, area.h);
  const [x0, x1, y0, y1] = pg.bounds();
  if (!regression) drawContours(ctx, area, p, res, classes);
  ctx.save();
  ctx.beginPath(); ctx.rect(area.x, area.y, area.w, area.h); ctx.clip();
  const pts = pg.points(), r = full ? 3.5 : 2.2;
  for (let k = 0; k < pts.length; k += 4) {
    const px = area.x + (pts[k] - x0) / (x1 - x0) * area.w, py = area.y + (y1 - pts[k + 1]) / (y1 - y0) * area.h;
    const [cr, cg, cb] = regression ? valueColour(pts[k + 2], top) : COLOURS[pts[k + 2] % COLOURS.length];
    markPath(ctx, regression ? 0 : pts[k + 2], px, py, r);
    if (pts[k + 3]) {
      ctx.strokeStyle = `rgb(${cr},${cg},${cb})`; ctx.lineWidth = 1.5; ctx.stroke();
    } else {
      ctx.fillStyle = `rgb(${cr},${cg},${cb})`; ctx.fill();
      ctx.strokeStyle = regression ? "#333" : "#fff"; ctx.lineWidth = 0.8; ctx.stroke();
    }
  }
  ctx.restore();
  if (!full) return;
  drawAxes(ctx, area, [x0, x1], [y0, y1], "x1", "x2");
  $("boundary-key").innerHTML = regression
    ? `${t("output.keyValue")} <span style="color:${PALETTE[0]}">■</span> −${fmt(top, 2)} · □ 0 · <span style="color:${PALETTE[1]}">■</span> +${fmt(top, 2)}`
    : t("output.keyLine");
}

// Where the most probable class changes: for each class c, the zero contour of
// p_c - max(other p) by marching squares over the grid's cell centres, linearly interpolated
// along each cell edge (for two classes, the p = 0.5 line).
function drawContours(ctx, area, p, res, classes) {
  const cell = (r, c) => ({ x: area.x + (c + 0.5) / res * area.w, y: area.y + (r + 0.5) / res * area.h });
  ctx.save();
  ctx.strokeStyle = "#222"; ctx.lineWidth = 1.5;
  ctx.beginPath();
  for (let c = classes === 2 ? 1 : 0; c < classes; ++c) {
    const f = (k) => {
      let other = -Infinity;
      for (let d = 0; d < classes; ++d) if (d !== c) other = Math.max(other, p[k * classes + d]);
      return p[k * classes + c] - other;
    };
    const v = new Float64Array(res * res);
    for (let k = 0; k < res * res; ++k) v[k] = f(k);
    for (let r = 0; r + 1 < res; ++r)
      for (let col = 0; col + 1 < res; ++col) {
        const corners = [[r, col], [r, col + 1], [r + 1, col + 1], [r + 1, col]];
        const vals = corners.map(([rr, cc]) => v[rr * res + cc]);
        const crossings = [];
        for (let e = 0; e < 4; ++e) {
          const a = vals[e], b = vals[(e + 1) % 4];
          if ((a < 0) === (b < 0)) continue;
          const f = a / (a - b), A = cell(...corners[e]), B = cell(...corners[(e + 1) % 4]);
          crossings.push([A.x + f * (B.x - A.x), A.y + f * (B.y - A.y)]);
        }
        for (let i = 0; i + 1 < crossings.length; i += 2) {
          ctx.moveTo(...crossings[i]);
          ctx.lineTo(...crossings[i + 1]);
        }
      }
  }
  ctx.stroke();
  ctx.restore();
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

// Loss by epoch with axes; the dotted line is the loss's baseline (diagnostics: what a network
// that knows nothing scores), so a run stuck at chance lies on it instead of against the top.
function drawCurves() {
  const canvas = $("curves"), ctx = canvas.getContext("2d"), area = plotArea(canvas);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const h = app.history;
  let top = app.baseline || 0;
  for (const e of h) top = Math.max(top, e.train || 0, e.test || 0);
  top = top > 0 ? top * 1.1 : 1;
  const first = h.length ? h[0].epoch : 0, last = h.length ? h[h.length - 1].epoch : 1;
  const xOf = (epoch) => area.x + (epoch - first) / Math.max(last - first, 1) * area.w;
  const yOf = (v) => area.y + area.h - v / top * area.h;
  const line = (key, colour, dash) => {
    ctx.setLineDash(dash);
    ctx.beginPath();
    h.forEach((e, i) => { if (e[key] !== null) (i ? ctx.lineTo(xOf(e.epoch), yOf(e[key])) : ctx.moveTo(xOf(e.epoch), yOf(e[key]))); });
    ctx.strokeStyle = colour; ctx.lineWidth = 1.5; ctx.stroke();
  };
  if (app.baseline) {
    ctx.setLineDash([2, 2]); ctx.strokeStyle = "#777"; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(area.x, yOf(app.baseline)); ctx.lineTo(area.x + area.w, yOf(app.baseline)); ctx.stroke();
  }
  // Training and test as the SVG history draws them: palette colours 0 and 1, the second dashed.
  if (h.length > 1) { line("train", PALETTE[0], []); line("test", PALETTE[1], [5, 3]); }
  ctx.setLineDash([]);
  drawAxes(ctx, area, [first, last], [0, top], t("axis.epoch"), t("axis.loss"));
}

function drawConfusion(s) {
  const box = $("confusion");
  if (s.task === "regression" || !s.confusion.length) { box.textContent = t("confusion.regression"); return; }
  const m = s.confusion;
  let html = `<p>${t(s.confusion_on === "test" ? "confusion.onTest" : "confusion.onTraining")}</p><table class="numbers"><tr><th></th>` +
    m.map((_, c) => `<th style="color:${PALETTE[c]}">${t("confusion.predicted", { c })}</th>`).join("") + "</tr>";
  m.forEach((row, truth) => { html += `<tr><th style="color:${PALETTE[truth]}">${t("confusion.true", { c: truth })}</th>` + row.map((v, c) =>
    `<td${c === truth ? ' style="font-weight:bold"' : ""}>${v}</td>`).join("") + "</tr>"; });
  box.innerHTML = html + "</table>";
}

// A res x res map as an image: blue above 0, orange below, scaled by its largest |value|.
function mapImage(values, offset, res, canvas) {
  canvas.width = canvas.height = res;
  const ctx = canvas.getContext("2d"), image = ctx.createImageData(res, res);
  let top = 0;
  for (let k = 0; k < res * res; ++k) top = Math.max(top, Math.abs(values[offset + k]));
  for (let k = 0; k < res * res; ++k) {
    const rgb = valueColour(top > 0 ? values[offset + k] : 0, top || 1);
    image.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * k);
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

// ---------------------------------------------------------------------------------------------
// The network picture: input features, hidden units and outputs as small maps; one path per
// weight (data-weight="LAYER,I,J", LAYER counting the layers with a weight matrix from 0),
// blue for positive, orange for negative, its width the weight's size. Drawn from the model's
// own parameters; rebuilt only when the architecture changes.
// ---------------------------------------------------------------------------------------------
const MAP_RES = 20;
const FEATURE_LABELS = { x1: "x1", x2: "x2", x1sq: "x1²", x2sq: "x2²", x1x2: "x1·x2", sin1: "sin x1", sin2: "sin x2" };
const net = { layout: "", columns: [], links: [] };

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function drawNetwork(maps) {
  const w = json(app.pg.weights()), hidden = json(app.pg.hidden());
  const widths = [w.features.length, ...w.dense.map((d) => d.W[0].length)];
  const layout = JSON.stringify([w.features, widths, hidden.map((h) => h.units)]);
  const svg = $("network");
  if (layout !== net.layout) buildNetwork(svg, w, widths, hidden, layout);
  let top = 1e-12;
  for (const d of w.dense) for (const row of d.W) for (const v of row) top = Math.max(top, Math.abs(v));
  for (const link of net.links) {
    const v = w.dense[link.layer].W[link.i][link.j];
    link.el.setAttribute("stroke", v >= 0 ? PALETTE[1] : PALETTE[0]);
    link.el.setAttribute("stroke-width", (0.4 + 4.6 * Math.abs(v) / top).toFixed(2));
    link.el.dataset.value = v;
  }
  if (maps) drawUnitMaps();
}

function buildNetwork(svg, w, widths, hidden, layout) {
  svg.textContent = "";
  net.layout = layout;
  net.links = [];
  const W = Number(svg.getAttribute("width")), H = Number(svg.getAttribute("height")), cols = widths.length;
  const most = Math.max(...widths);
  const size = Math.max(6, Math.min(40, (H - 30) / most - 5));
  const x = (c) => 70 + c * (W - 110) / Math.max(cols - 1, 1);
  const y = (c, i) => 18 + (H - 30) / 2 + (i - (widths[c] - 1) / 2) * (size + 5);
  net.columns = widths.map((n, c) => Array.from({ length: n }, (_, i) => ({ x: x(c), y: y(c, i) })));
  const links = el("g", {}, svg), units = el("g", {}, svg);
  // Column titles: the features, each hidden layer, the output.
  widths.forEach((n, c) => {
    const title = c === 0 ? t("network.features") : c === cols - 1 ? t("network.output") : t("network.hidden", { n: c });
    el("text", { x: x(c), y: 10, "text-anchor": "middle", "font-size": 11, fill: "#444" }, svg).textContent = title;
  });
  w.dense.forEach((d, layer) => {
    d.W.forEach((row, i) => row.forEach((_, j) => {
      const a = net.columns[layer][i], b = net.columns[layer + 1][j];
      const mid = (a.x + b.x) / 2;
      const path = el("path", { class: "link", d: `M${a.x + size / 2},${a.y} C${mid},${a.y} ${mid},${b.y} ${b.x - size / 2},${b.y}`,
                                "data-weight": `${layer},${i},${j}`, "stroke-opacity": 0.75 }, links);
      net.links.push({ el: path, layer, i, j });
      path.addEventListener("mouseenter", (e) => weightCard(e, layer, i, j, false));
      path.addEventListener("mouseleave", hideCard);
      path.addEventListener("click", (e) => weightCard(e, layer, i, j, true));
    }));
  });
  net.units = [];
  widths.forEach((n, c) => {
    for (let i = 0; i < n; ++i) {
      const p = net.columns[c][i];
      const g = el("g", { class: "unit", "data-unit": `${c},${i}` }, units);
      el("rect", { x: p.x - size / 2 - 1, y: p.y - size / 2 - 1, width: size + 2, height: size + 2, fill: "#fff", stroke: "#666" }, g);
      const image = el("image", { x: p.x - size / 2, y: p.y - size / 2, width: size, height: size, preserveAspectRatio: "none" }, g);
      if (c === 0) el("text", { x: p.x - size / 2 - 3, y: p.y + 4, "text-anchor": "end", "font-size": 10, fill: "#333" }, g)
        .textContent = FEATURE_LABELS[w.features[i]] || w.features[i];
      net.units.push({ column: c, index: i, image });
      g.addEventListener("mouseenter", (e) => unitCard(e, c, i));
      g.addEventListener("mouseleave", hideCard);
    }
  });
  net.hidden = hidden;
}

// Each unit's map: the features for the inputs, the hidden layers' outputs, and the output's
// class-1 probability (or the regression value), over the output picture's square.
function unitMaps(res) {
  const features = app.pg.featureMaps(res), hidden = app.pg.hiddenUnits(res), out = app.pg.boundary(res);
  const s = app.stats, classes = s.task === "regression" ? 1 : s.classes, cells = res * res;
  return (column, index) => {
    if (column === 0) return { values: features, offset: index * cells };
    if (column < net.columns.length - 1) {
      let offset = 0;
      for (let h = 0; h < column - 1; ++h) offset += net.hidden[h].units * cells;
      return { values: hidden, offset: offset + index * cells };
    }
    // The output: a probability (shown around 1/2) or the value itself.
    const values = new Float64Array(cells);
    const outputs = net.columns[column].length;
    for (let k = 0; k < cells; ++k)
      values[k] = classes === 1 ? out[k] : out[k * classes + (outputs === 1 ? 1 : index)] - (outputs === 1 ? 0.5 : 1 / classes);
    return { values, offset: 0 };
  };
}
function drawUnitMaps() {
  if (net.hidden.length !== net.columns.length - 2) return;  // a loaded model without one group per Dense
  const map = unitMaps(MAP_RES), scratch = document.createElement("canvas");
  for (const u of net.units) {
    const { values, offset } = map(u.column, u.index);
    u.image.setAttribute("href", mapImage(values, offset, MAP_RES, scratch).toDataURL());
  }
}

function placeCard(e) {
  const card = $("card");
  card.hidden = false;
  card.style.left = Math.min(e.clientX + 12, window.innerWidth - 200) + "px";
  card.style.top = Math.min(e.clientY + 12, window.innerHeight - 220) + "px";
  return card;
}
function hideCard() { if (!$("card").dataset.editing) $("card").hidden = true; }
function unitCard(e, column, index) {
  const card = placeCard(e), name = column === 0 ? FEATURE_LABELS[app.state.features[index]]
    : column === net.columns.length - 1 ? t("network.outputUnit", { n: index }) : t("network.unit", { layer: column, unit: index });
  card.textContent = name;
  if (net.hidden.length === net.columns.length - 2) {
    const { values, offset } = unitMaps(48)(column, index);
    card.appendChild(mapImage(values, offset, 48, document.createElement("canvas")));
  }
}
// The hover card shows a weight; a click opens it for editing (Enter sets it, Escape leaves it).
function weightCard(e, layer, i, j, edit) {
  const card = placeCard(e), value = json(app.pg.weights()).dense[layer].W[i][j];
  card.textContent = t("network.weight", { layer, from: layer === 0 ? FEATURE_LABELS[app.state.features[i]] : t("network.fromUnit", { n: i }), to: j, value });
  delete card.dataset.editing;
  if (!edit) return;
  card.dataset.editing = "1";
  const input = document.createElement("input");
  input.type = "text";
  input.value = String(value);
  input.id = "weight-input";
  input.onkeydown = (k) => {
    if (k.key === "Enter") {
      shown(() => { check(app.pg.setWeight(layer, i, j, Number(input.value))); app.replayable = false; redraw(true); writeFragment(); });
      delete card.dataset.editing; card.hidden = true;
    } else if (k.key === "Escape") { delete card.dataset.editing; card.hidden = true; }
  };
  card.appendChild(document.createElement("br"));
  card.append(t("network.newValue") + " ", input);
  input.focus();
}

function drawDiagnostics() {
  const d = shown(() => json(app.pg.diagnostics()));
  if (!d) return;
  app.baseline = d.expected_loss;
  let html = `<table class="numbers"><tr><th>${t("diagnostics.layer")}</th><th>‖dL/dθ‖</th><th>${t("diagnostics.dead")}</th>` +
    `<th>${t("diagnostics.saturated")}</th></tr>`;
  for (const l of d.layers) {
    html += `<tr><th translate="no">${l.index} ${escapeHtml(l.name)}</th><td>${l.has_params ? fmt(l.grad_norm, 3) : ""}</td>` +
      `<td>${l.dead_fraction === null ? "" : t("diagnostics.of", { count: l.dead_units, units: l.units })}</td>` +
      `<td>${l.saturated_fraction === null ? "" : fmt(100 * l.saturated_fraction, 3) + "%"}</td></tr>`;
  }
  html += "</table>";
  // The chance rule, measured here (web/inspect.cpp); the baseline's why is the library's words.
  const c = d.chance, numbers = { epochs: c.epochs, loss: fmt(d.loss), percent: fmt(100 * c.ratio, 3), baseline: fmt(d.expected_loss),
                                  why: `<span lang="en">${escapeHtml(d.expected_why)}</span>`, min: c.min_epochs, share: 100 * c.share };
  if (c.stuck) html += `<p class="small warn">${t("diagnostics.stuck", numbers)}</p>`;
  if (d.warnings.length)
    html += `<p class="small">${t("diagnostics.library")}</p>` + d.warnings.map((w) => `<p class="small warn" lang="en">${escapeHtml(w)}</p>`).join("");
  if (!c.stuck && !d.warnings.length) html += `<p class="small">${t("diagnostics.fine", numbers)}</p>`;
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
  const c = shown(() => json(app.pg.collapse()));
  if (!c) { $("collapse-out").textContent = ""; return; }
  const out = $("collapse-out");
  if (!c.linear) {
    out.textContent = t("collapse.notLinear", { layers: c.layers });
    return;
  }
  const names = c.features.map((f) => FEATURE_LABELS[f] || f), outputs = c.W[0].length;
  const lines = Array.from({ length: outputs }, (_, j) => `y${outputs > 1 ? j + 1 : ""} = ` +
    names.map((n, i) => `${i ? (c.W[i][j] < 0 ? " − " : " + ") : (c.W[i][j] < 0 ? "−" : "")}${fmt(Math.abs(c.W[i][j]))} ${n}`).join("") +
    ` ${c.b[0][j] < 0 ? "−" : "+"} ${fmt(Math.abs(c.b[0][j]))}`);
  out.innerHTML = `<p>${t("collapse.folds", { layers: app.state.layers.length + 1 })}</p><p class="matrix" translate="no">${lines.join("\n")}</p>` +
    `<p>${t("collapse.difference", { difference: fmt(c.max_difference, 2), features: names.join(", ") })}</p>`;
}

function showBackprop() {
  const step = shown(() => json(app.pg.backprop(Number($("sample").value))));
  if (!step) { $("backprop-out").textContent = ""; return; }  // no step: nothing of another network's left
  let html = `<p class="small">${t("backprop.intro", { sample: step.sample, x: matrix(step.x), target: matrix(step.target), lr: fmt(step.lr) })}</p>`;
  html += `<table class="numbers"><tr><th>${t("backprop.layer")}</th><th>${t("backprop.forward")}</th><th>${t("backprop.backward")}</th>` +
    `<th>${t("backprop.params")}</th></tr>`;
  html += `<tr><th>${t("backprop.input")}</th><td>${matrix(step.x)}</td><td></td><td></td></tr>`;
  for (const l of step.layers) {
    const params = l.params.map((p) => `<b translate="no">${p.name}</b> ${matrix(p.value)} <span translate="no">d${p.name}</span> ${matrix(p.grad)} ` +
      `<span translate="no">${p.name}</span> ${t("backprop.after")} ${matrix(p.after)}`).join("");
    html += `<tr><th translate="no">${l.index} ${escapeHtml(l.spec)}</th><td>${matrix(l.y)}</td><td>${matrix(l.dx)}</td><td>${params}</td></tr>`;
  }
  html += `<tr><th translate="no">${escapeHtml(step.loss_name)}</th><td>L = ${fmt(step.loss, 6)}</td><td>dL/dy = ${matrix(step.dloss)}</td>` +
    `<td>${t("backprop.lossAfter", { loss: fmt(step.loss_after, 6) })}</td></tr></table>`;
  html += `<p class="small">${t("backprop.read")}</p>`;
  $("backprop-out").innerHTML = html;
}

// The lab's measurements, in its order; each label is "lab.<field>" in strings.js.
const LAB_FIELDS = ["out_min", "out_max", "out_mean", "out_var", "sparsity", "grad_at_plus5", "grad_at_minus5", "grad_ratio_init",
  "grad_ratio_trained", "dead_at_init", "dead_fraction", "deep_mean", "deep_var", "deep_var_default", "xor_epochs",
  "moons_epochs", "ns_per_element"];
let labNames = [];
function showLab() {
  const name = labNames[Number($("lab-slider").value)];
  $("lab-out").innerHTML = `<p><b translate="no">${name}</b>: ${t("lab.measuring")}</p>`;
  setTimeout(() => {
    const r = shown(() => json(app.pg.lab(name)));
    if (!r) { $("lab-out").textContent = ""; return; }
    $("lab-out").innerHTML = `<p><b translate="no">${name}</b> ${t("lab.scale", { seeds: r.scale.seeds, points: r.scale.moons_points })}</p>` +
      `<table class="numbers">` + LAB_FIELDS.map((k) => `<tr><th>${t("lab." + k)}</th><td>${r[k] === null ? t("lab.never") : fmt(r[k])}</td></tr>`).join("") +
      "</table>";
  }, 10);
}

function download(text, name, type) {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
// Text the module wrote saved as a file (its {"error": ...} shown instead); with `preview`, the
// first lines shown under the buttons.
function saveText(text, name, type, preview) {
  if (text.startsWith("{")) return shown(() => json(text));
  download(text, name, type);
  if (preview) $("model-out").textContent = text.split("\n").slice(0, 12).join("\n") + "\n…";
  return text;
}
const downloadModel = () => saveText(app.pg.modelText(), "playground-model.txt", "text/plain", true);
const downloadData = () => saveText(app.pg.csvText(), `playground-${app.state.data}.csv`, "text/csv", false);
// A CSV file through the library's reader: on success it is the data set of one's own points;
// on failure the page shows the reader's message (file, line, column) and keeps the points.
async function uploadData(file) {
  const text = await file.text();
  return shown(() => { check(app.pg.loadCsvText(text)); reloadCustom(); status(t("status.read", { name: file.name }), false); return true; });
}

// After a model file is loaded, the controls show its layers (from each layer's spec).
function loadModel(text) {
  return shown(() => {
    check(app.pg.loadModelText(text));
    const specs = JSON.parse(app.pg.layers()), layers = [], acts = [], norms = [];
    specs.forEach((spec, i) => {
      if (spec.startsWith("dense:")) {
        if (i + 1 < specs.length) { layers.push(Number(spec.split(",")[1])); acts.push("none"); norms.push(""); }
      } else if (layers.length && afterDenseNames.includes(spec.split(":")[0]) && specs[i - 1].startsWith("dense:")) {
        norms[norms.length - 1] = spec.split(":")[0];
      } else if (layers.length) {
        acts[acts.length - 1] = spec;
      }
    });
    Object.assign(app.state, { layers, activation: acts, norm: norms });
    app.history = [];
    app.replayable = false;
    syncControls();
    status(t("status.modelLoaded", { layers: specs.join(" → ") }), false);
    redraw(true);
    return true;
  });
}

// ---------------------------------------------------------------------------------------------
// Controls: each one shows a state key and changes it through configure()
// ---------------------------------------------------------------------------------------------
let activationNames = [];
let afterDenseNames = [];  // layers the registry builds from a width alone: batch_norm, layer_norm, ...
const CONTROLS = {  // element id -> state key; numbers are read as numbers
  dataset: "data", points: "points", noise: "noise", "test-fraction": "testShare", "data-seed": "dataSeed",
  loss: "loss", optimizer: "optimizer", lr: "lr", batch: "batch", momentum: "momentum", nesterov: "nesterov",
  l1: "l1", l2: "l2", dropout: "dropout", init: "init", seed: "weightSeed", schedule: "schedule",
  "stop-after": "stopAfter", discretize: "discretize",
};
const NUMERIC = ["points", "noise", "testShare", "dataSeed", "lr", "batch", "momentum", "l1", "l2", "dropout", "weightSeed", "stopAfter"];

function syncControls() {
  const s = app.state;
  for (const [id, key] of Object.entries(CONTROLS)) {
    const e = $(id);
    if (e.type === "checkbox") { e.checked = !!s[key]; continue; }
    if (e.tagName === "SELECT" && ![...e.options].some((o) => o.value === String(s[key]))) e.add(new Option(String(s[key])));
    e.value = String(s[key]);
  }
  $("noise-value").textContent = s.noise;
  $("points").disabled = s.data === "custom";  // one's own points are as many as were given
  $("test-fraction-value").textContent = s.testShare;
  for (const box of $("features").querySelectorAll("input")) box.checked = s.features.includes(box.value);
  drawLayers();
}

function change(changes) { playground.configure(changes).catch(() => {}); }
function setLayer(i, key, value) {
  const s = app.state, list = s.layers.map((_, k) => perLayer(s[key], k));
  list[i] = value;
  change({ [key]: list });
}
function drawLayers() {
  const box = $("layers"), s = app.state;
  box.textContent = "";
  s.layers.forEach((units, i) => {
    const row = document.createElement("span");
    row.className = "layer-row";
    const resize = (d) => { const layers = s.layers.slice(); layers[i] = Math.max(1, Math.min(64, units + d)); change({ layers }); };
    const count = document.createElement("span");
    count.className = "units";
    count.textContent = units;
    const act = document.createElement("select");
    const current = perLayer(s.activation, i);
    for (const n of activationNames.includes(current) ? activationNames : activationNames.concat([current]))
      act.add(new Option(n, n, false, n === current));
    act.onchange = () => setLayer(i, "activation", act.value);
    act.dataset.control = "activation";
    act.translate = false;
    const after = document.createElement("select");
    after.title = t("network.normTitle");
    after.dataset.control = "norm";
    after.add(new Option(t("network.noNorm"), "", false, !perLayer(s.norm, i)));
    for (const n of afterDenseNames) after.add(new Option(n, n, false, n === perLayer(s.norm, i)));
    after.onchange = () => setLayer(i, "norm", after.value);
    const remove = button("✕", () => {
      const keep = (v) => (Array.isArray(v) ? v.filter((_, k) => k !== i) : v);
      change({ layers: s.layers.filter((_, k) => k !== i), activation: keep(s.activation), norm: keep(s.norm) });
    });
    remove.title = t("network.remove");
    row.append(`${i + 1}:`, button("−", () => resize(-1)), count, button("+", () => resize(1)), after, act, remove);
    box.appendChild(row);
  });
}
function button(text, onclick) {
  const b = document.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.onclick = onclick;
  return b;
}

function play() {
  app.running = true;
  $("play").textContent = t("bar.pause");
  requestAnimationFrame(loop);
}
function pause() {
  const was = app.running;
  app.running = false;
  $("play").textContent = t("bar.play");
  if (was) writeFragment();
}
// One epoch per frame; "stop after N epochs" ends the run at epoch N.
function loop() {
  if (!app.running) return;
  app.frame++;
  if (train(1)) redraw(false);
  const stop = Number(app.state.stopAfter);
  if (stop > 0 && app.stats && app.stats.epoch >= stop) { pause(); status(t("status.stopped", { epochs: app.stats.epoch }), false); }
  if (app.running) requestAnimationFrame(loop);
}

// A click on the output picture adds a point of one's own there: the chosen class, or with
// shift the other one (0 for any other class).
function clickBoundary(e) {
  const canvas = $("boundary"), area = plotArea(canvas), r = canvas.getBoundingClientRect();
  const px = (e.clientX - r.left) * canvas.width / r.width, py = (e.clientY - r.top) * canvas.height / r.height;
  if (px < area.x || px > area.x + area.w || py < area.y || py > area.y + area.h) return;
  const [x0, x1, y0, y1] = app.pg.bounds();
  const chosen = Number($("paint-class").value), label = e.shiftKey ? (chosen === 0 ? 1 : 0) : chosen;
  if (app.state.data !== "custom") { openStepAt(x0 + (px - area.x) / area.w * (x1 - x0), y1 - (py - area.y) / area.h * (y1 - y0), area.w / (x1 - x0)); return; }
  playground.addPoint(x0 + (px - area.x) / area.w * (x1 - x0), y1 - (py - area.y) / area.h * (y1 - y0), label).catch(() => {});
}

// A new language (strings.js calls this): what the page drew or built in code says its words again.
function onLanguage() {
  if (!app.pg) return;
  $("play").textContent = t(app.running ? "bar.pause" : "bar.play");
  if (!app.error) status(t("status.readyShort"), false);
  syncControls();
  net.layout = "";  // the network's column titles
  redraw(true);
  showLab();
  if ($("collapse-out").textContent) showCollapse();
  if ($("backprop-out").textContent) showBackprop();
  if ($("graph-out").textContent) showGraph();
  if (classroom.runs) drawRace(classroom.runs);
}

function init(Module) {
  app.pg = new Module.Playground();
  activationNames = JSON.parse(Module.Playground.activations());
  afterDenseNames = JSON.parse(Module.Playground.layersAfterDense());
  for (const n of JSON.parse(Module.Playground.losses())) $("loss").add(new Option(n, n));
  for (const n of JSON.parse(Module.Playground.optimizers())) $("optimizer").add(new Option(n, n));
  for (const n of JSON.parse(Module.Playground.inits())) $("init").add(new Option(n, n));
  for (const f of JSON.parse(Module.Playground.features())) {
    const label = document.createElement("label"), box = document.createElement("input");
    box.type = "checkbox";
    box.value = f;
    box.onchange = () => {
      const features = [...$("features").querySelectorAll("input")].filter((b) => b.checked).map((b) => b.value);
      change({ features });
    };
    label.append(box, " " + FEATURE_LABELS[f]);
    $("features").appendChild(label);
  }
  labNames = activationNames.filter((n) => n !== "none");
  $("lab-slider").max = labNames.length - 1;
  $("lab-slider").value = labNames.indexOf("tanh");
  for (const [id, key] of Object.entries(CONTROLS)) {
    const e = $(id);
    const read = () => (e.type === "checkbox" ? e.checked : NUMERIC.includes(key) ? Number(e.value) : e.value);
    if (e.type === "range") e.oninput = () => { $(id + "-value").textContent = e.value; };
    e.onchange = () => change({ [key]: read() });
  }
  $("add-layer").onclick = () => {
    const s = app.state, grow = (v, x) => (Array.isArray(v) ? v.concat([x]) : v);
    if (s.layers.length < 6) change({ layers: s.layers.concat([4]), activation: grow(s.activation, perLayer(s.activation, s.layers.length - 1) || "tanh"), norm: grow(s.norm, "") });
  };
  $("play").onclick = () => (app.running ? pause() : play());
  $("step").onclick = () => { pause(); if (train(1)) redraw(true); writeFragment(); };
  $("step-batch").onclick = () => playground.stepBatch().catch(() => {});
  $("reset").onclick = () => change({ rebuild: true });
  $("collapse").onclick = showCollapse;
  $("backprop").onclick = showBackprop;
  $("lab-slider").oninput = showLab;
  $("download").onclick = downloadModel;
  $("download-data").onclick = downloadData;
  $("upload").onchange = async () => { const f = $("upload").files[0]; if (f) loadModel(await f.text()); };
  $("upload-data").onchange = async () => { const f = $("upload-data").files[0]; if (f) await uploadData(f); $("upload-data").value = ""; };
  $("clear-points").onclick = () => playground.clearPoints().catch(() => {});
  $("boundary").addEventListener("click", clickBoundary);
  document.addEventListener("keydown", (k) => { if (k.key === "Escape") { delete $("card").dataset.editing; $("card").hidden = true; } });
  Object.assign(app, { train, redraw, play, pause, showCollapse, showBackprop, showLab, downloadModel, downloadData, loadModel });
  showLab();
  startClassroom(Module);  // classroom.js: the state from the link, teacher mode, races, steps
}

createPlayground().then(init, (e) => status(t("status.noLibrary", { error: e }), true));
