// SPDX-License-Identifier: MIT
// classroom_test.mjs: the playground as a classroom tool, in headless Chromium at 1280x720.
// Links replay bit for bit (two fresh pages, the same metrics and weights); the fragment follows
// every change; `hide` hides controls and the teacher's panel builds such a link; each tutorial
// link in web/README.md shows its claim, measured; races; stepBatch is the Trainer's batch; a
// clicked point opens its step as a table and a graph; the PyTorch script runs; the page in
// Chinese has no English label left; the installed single file opens by itself.
//
//   node classroom_test.mjs SITE_DIR [INSTALLED_PAGE] [SCREENSHOT_DIR]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { claim, failures, launch, openPage, serve } from "./serve.mjs";

const [site, installed, screenshots] = process.argv.slice(2).map((p) => p && resolve(p));
if (!site) {
  console.error("usage: node classroom_test.mjs SITE_DIR [INSTALLED_PAGE] [SCREENSHOT_DIR]");
  process.exit(2);
}
const server = await serve(site);
if (screenshots) mkdirSync(screenshots, { recursive: true });

// The tutorial links web/README.md lists, each with the claim it makes, measured on the page.
const TUTORIALS = [
  ["xor_linear", "data=xor&points=4&noise=0&testShare=0&layers=8,8&activation=none&lr=0.1&batch=4&epochs=300",
   "XOR without an activation stays at chance: at most 75%, flagged by the chance rule, one affine map",
   (r) => r.metrics.trainAccuracy <= 0.75 && r.diagnostics.includes("Stuck at chance") && r.folded === 1],
  ["xor_tanh", "data=xor&points=4&noise=0&testShare=0&layers=8,8&activation=tanh&lr=0.1&batch=4&epochs=500",
   "XOR with Tanh: 100%, and the chance rule is silent",
   (r) => r.metrics.trainAccuracy === 1 && !r.diagnostics.includes("Stuck at chance")],
  ["xor_product", "data=xor&points=4&noise=0&testShare=0&features=x1,x2,x1x2&layers=&lr=0.5&batch=4&epochs=300",
   "XOR with no hidden layer and x1*x2 as a feature: 100%",
   (r) => r.metrics.trainAccuracy === 1 && r.layers === 1],
  ["dead_relu", "data=moons&points=200&layers=16,16&activation=relu&lr=3&batch=10&epochs=30",
   "ReLU at learning rate 3: half or more of a layer's units die, and the diagnostics say so",
   (r) => r.dead >= 0.5 && r.diagnostics.includes("dead")],
  ["zeros", "data=moons&points=200&layers=4&activation=tanh&init=zeros&lr=0.1&batch=10&epochs=100",
   "Zeros initialisation: every hidden unit stays the same unit (identical maps)",
   (r) => r.sameUnits],
];
const RACES = [
  ["optimizer_race", "data=moons&points=400&layers=16,16&activation=tanh&lr=0.03&batch=10&race=optimizer:sgd,adam,rmsprop,adagrad&epochs=100"],
  ["activation_race", "data=spirals&points=400&layers=16,16&lr=0.03&optimizer=adam&batch=10&race=activation:none,sigmoid,tanh,relu&epochs=200"],
];

const browser = await launch();
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 720 } });
  const open = (fragment) => openPage(context, `${server.url}#${fragment}`);
  const shot = async (page, name) => { if (screenshots) await page.screenshot({ path: join(screenshots, name + ".png") }); };
  const consoleErrors = [];
  const closeAll = async (...opened) => { for (const o of opened) { consoleErrors.push(...o.errors); await o.page.close(); } };

  // Links replay bit for bit: the same link in two fresh pages, the same metrics and weights.
  const replay = "data=moons&points=200&noise=0.2&layers=8,8&activation=relu&dropout=0.1&momentum=0.9&nesterov=true&batch=10&lr=0.03&l1=0.001&weightSeed=7&dataSeed=5&epochs=200";
  const a = await open(replay), b = await open(replay);
  const seen = await Promise.all([a, b].map((o) => o.page.evaluate(() => ({ m: window.playground.metrics(), model: app.pg.modelText(), hash: location.hash }))));
  claim(seen[0].m.epoch === 200 && JSON.stringify(seen[0].m) === JSON.stringify(seen[1].m) && seen[0].model === seen[1].model,
        `a link with epochs=200 opened in two fresh pages: identical metrics (train loss ${seen[0].m.trainLoss}) and weights`);
  // The fragment follows the state; link() opened elsewhere continues to the same numbers.
  const moved = await a.page.evaluate(async () => {
    await window.playground.configure({ lr: 0.1, layers: [8, 8, 4] });
    await window.playground.train(30);
    return { link: window.playground.link(), hash: location.hash, m: window.playground.metrics() };
  });
  claim(moved.link.endsWith(moved.hash) && moved.hash.includes("lr=0.1") && moved.hash.includes("layers=8,8,4") && moved.hash.includes("epochs=30"),
        `the fragment is rewritten on every change and link() returns it: ${moved.hash.slice(0, 90)}...`);
  const c = await openPage(context, moved.link);
  const again = await c.page.evaluate(() => window.playground.metrics());
  claim(JSON.stringify(again) === JSON.stringify(moved.m), `link() opened in a fresh page reaches the same metrics (epoch ${again.epoch}, loss ${again.trainLoss})`);
  // A setting changed mid-run: the link keeps the settings but no longer claims to replay the run.
  const midway = await c.page.evaluate(async () => { await window.playground.configure({ lr: 0.3 }); return window.playground.link(); });
  claim(!midway.includes("epochs="), "after a setting changes mid-run, the link leaves out epochs (the run is no longer its state replayed)");
  await closeAll(a, b, c);

  // Teacher mode: hide removes the named controls; the panel builds the link.
  const hidden = await open("data=xor&hide=loss,optimizer,layers,teacher");
  const visibility = await hidden.page.evaluate(() => {
    const shown = (sel) => document.querySelector(sel).getClientRects().length > 0;
    return { loss: shown("#loss"), optimizer: shown("#optimizer"), layers: shown("#add-layer"), teacher: shown("#teacher-panel"),
             lr: shown("#lr"), boundary: shown("#boundary") };
  });
  claim(!visibility.loss && !visibility.optimizer && !visibility.layers && !visibility.teacher && visibility.lr && visibility.boundary,
        `hide=loss,optimizer,layers,teacher hides those and nothing else (${JSON.stringify(visibility)})`);
  await closeAll(hidden);
  const teacher = await open("data=circles");
  const built = await teacher.page.evaluate(() => {
    for (const box of document.querySelectorAll("#teacher-controls input")) box.checked = ["data", "features"].includes(box.value);
    document.getElementById("teacher-epochs").value = 50;
    document.getElementById("teacher-make").click();
    return document.getElementById("teacher-link").value;
  });
  claim(built.includes("data=circles") && built.includes("hide=data,features") && built.includes("epochs=50"),
        `the teacher's panel builds the link: ...${built.slice(built.indexOf("&epochs"))}`);
  await closeAll(teacher);
  const bad = await open("data=xor&colour=red");
  const refused = await bad.page.evaluate(() => document.getElementById("status").textContent);
  claim(bad.ready === "error" && refused.includes('"colour"'), `a link with an unknown key says so: ${refused.slice(0, 80)}...`);
  await closeAll(bad);

  // The tutorial links, each opened fresh, each claim measured.
  for (const [name, fragment, text, holds] of TUTORIALS) {
    const o = await open(fragment);
    const r = await o.page.evaluate(() => {
      const d = JSON.parse(app.pg.diagnostics()), maps = [...document.querySelectorAll('#network [data-unit^="1,"] image')].map((i) => i.getAttribute("href"));
      return { metrics: window.playground.metrics(), diagnostics: document.getElementById("diagnostics").textContent,
               folded: JSON.parse(app.pg.collapse()).layers, layers: JSON.parse(app.pg.layers()).length,
               dead: Math.max(0, ...d.layers.map((l) => l.dead_fraction || 0)), sameUnits: maps.length > 1 && maps.every((m) => m === maps[0]) };
    });
    claim(holds(r), `tutorial ${name}: ${text} (measured: ${(100 * r.metrics.trainAccuracy).toFixed(1)}% after ${r.metrics.epoch} epochs` +
          `${name === "dead_relu" ? `, ${(100 * r.dead).toFixed(0)}% of a layer dead` : ""})`);
    await shot(o.page, `tutorial_${name}`);
    await closeAll(o);
  }

  // Races: SGD against Adam on moons, through the contract; then the ready race links.
  const racing = await open("data=moons&points=400&layers=16,16&activation=tanh&lr=0.03&batch=10");
  const result = await racing.page.evaluate(() => window.playground.race([{ optimizer: "sgd" }, { optimizer: "adam" }], 60));
  const drawn = await racing.page.evaluate(() => {
    const c = document.getElementById("race-curves"), d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let blue = 0, orange = 0;
    for (let k = 0; k < d.length; k += 4) {
      if (d[k] < 40 && d[k + 1] > 90 && d[k + 1] < 140 && d[k + 2] > 150) blue++;      // #0072B2
      if (d[k] > 200 && d[k + 1] > 130 && d[k + 1] < 180 && d[k + 2] < 60) orange++;  // #E69F00
    }
    return { blue, orange, boundaries: document.querySelectorAll("#race-runs canvas").length };
  });
  claim(result.length === 2 && result.every((r) => r.epoch === 60 && Number.isFinite(r.trainLoss)) && result[1].trainLoss < result[0].trainLoss,
        `a race of SGD and Adam on moons: train loss ${result[0].trainLoss.toFixed(4)} and ${result[1].trainLoss.toFixed(4)} after 60 epochs`);
  claim(drawn.blue > 30 && drawn.orange > 30 && drawn.boundaries === 2, `both curves drawn (${drawn.blue} and ${drawn.orange} pixels) and both boundaries`);
  await closeAll(racing);
  for (const [name, fragment] of RACES) {
    const o = await open(fragment);
    const runs = await o.page.evaluate(() => [...document.querySelectorAll("#race-runs figcaption")].map((f) => f.textContent));
    claim(runs.length === 4, `the ${name.replace("_", " ")} link races four: ${runs.map((r) => r.split(":")[0]).join("; ")}`);
    await o.page.evaluate(() => document.getElementById("race-panel").scrollIntoView());
    await shot(o.page, name);
    await closeAll(o);
  }

  // stepBatch: one batch of the Trainer's epoch; a whole epoch of them is one epoch of train.
  const stepping = "data=moons&points=200&layers=8&activation=tanh&lr=0.1&batch=16&dropout=0.1";
  const s1 = await open(stepping), s2 = await open(stepping);
  const steps = await s1.page.evaluate(async () => {
    const before = app.pg.modelText(), first = await window.playground.stepBatch();
    const afterOne = app.pg.modelText();
    let m = first;
    while (m.epoch === 0) m = await window.playground.stepBatch();
    return { first, moved: afterOne !== before, last: m, model: app.pg.modelText() };
  });
  const epoch = await s2.page.evaluate(async () => { await window.playground.train(1); return app.pg.modelText(); });
  claim(steps.first.epoch === 0 && steps.first.batch === 1 && steps.moved && steps.last.epoch === 1 && steps.model === epoch,
        `stepBatch advances one batch (1 of ${steps.first.batches}, the weights move); ${steps.first.batches} of them are one epoch of train, bit for bit`);
  await closeAll(s2);

  // A click on a training point opens its step: the table and the graph.
  const opened = await s1.page.evaluate(() => {
    const canvas = document.getElementById("boundary"), r = canvas.getBoundingClientRect(), area = plotArea(canvas);
    const [x0, x1, y0, y1] = app.pg.bounds(), p = app.pg.points(), k = 5;  // training point 5
    const px = area.x + (p[4 * k] - x0) / (x1 - x0) * area.w, py = area.y + (y1 - p[4 * k + 1]) / (y1 - y0) * area.h;
    return { x: r.left + px * r.width / canvas.width, y: r.top + py * r.height / canvas.height };
  });
  await s1.page.mouse.click(opened.x, opened.y);
  const view = await s1.page.evaluate(() => {
    const step = JSON.parse(app.pg.backprop(5)), params = step.layers.reduce((n, l) => n + l.params.length, 0);
    return { sample: Number(document.getElementById("sample").value), table: document.querySelectorAll("#backprop-out td").length,
             nodes: document.querySelectorAll("#graph rect").length, ops: document.querySelectorAll("#graph ellipse").length,
             // x, each layer's output, each parameter, the target and L; an operation per layer and the loss
             wantNodes: 1 + step.layers.length + params + 2, wantOps: step.layers.length + 1 };
  });
  claim(view.sample === 5 && view.table > 20 && view.ops === view.wantOps && view.nodes === view.wantNodes,
        `a click on training point 5 opens its step: ${view.table} numbers, a graph of ${view.nodes} tensors and ${view.ops} operations`);
  await s1.page.evaluate(() => document.getElementById("backprop-panel").scrollIntoView());
  await shot(s1.page, "step_graph");

  // Take it home: the PyTorch script runs and checks itself against the page's outputs.
  const [script] = await Promise.all([s1.page.waitForEvent("download"), s1.page.click("#download-pytorch")]);
  const dir = mkdtempSync(join(tmpdir(), "mlp-classroom-"));
  await script.saveAs(join(dir, "model.py"));
  const python = spawnSync("/usr/bin/python3", [join(dir, "model.py")], { encoding: "utf8" });
  const noTorch = python.status !== 0 && /No module named 'torch'/.test(python.stderr);
  if (noTorch) console.log("NOTICE: no torch for /usr/bin/python3 (python3-torch): the script's run is not checked");
  else claim(python.status === 0, `the downloaded PyTorch script runs and matches the page's outputs: ${(python.stdout || python.stderr).trim().split("\n").pop()}`);
  await closeAll(s1);

  // Chinese: the same keys in both tables, and no English label left on the page.
  const zh = await open("data=blobs&points=300&layers=8&loss=cross-entropy&lang=zh&epochs=30");
  const words = await zh.page.evaluate(() => {
    showCollapse(); showBackprop(); showGraph();
    // Names of code, people and products are not translated; the page marks the library's own
    // words translate="no" or lang="en".
    const neutral = /\b(mlp::load_model|mlp::diagnose|examples\/activation_lab\.hpp|collapse_linear|save_model|weight_decay|draw_dot|micrograd|WebAssembly|PyTorch|Nesterov|LeCun|Shift|Esc|mlp|C\+\+|gdb|CSV|SGD|sin)\b/g;
    const left = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement;
      if (!e || e.closest('[translate="no"], [lang="en"], script, style, input')) continue;
      if (e.closest("select") && !e.closest("option:checked")) continue;  // only a select's chosen option shows
      if (!e.getClientRects().length) continue;
      const text = n.textContent.trim();
      if (/[A-Za-z]{3,}/.test(text.replace(neutral, ""))) left.push(text);
    }
    const en = Object.keys(STRINGS.en), zhKeys = Object.keys(STRINGS.zh);
    return { lang: document.documentElement.lang, left, missing: en.filter((k) => !zhKeys.includes(k)).concat(zhKeys.filter((k) => !en.includes(k))) };
  });
  claim(words.missing.length === 0, `strings.js: English and Chinese have the same keys (${words.missing.join(", ") || "none missing"})`);
  claim(words.lang === "zh-CN" && words.left.length === 0,
        `lang=zh renders as zh-CN with no English label left${words.left.length ? ": " + words.left.slice(0, 12).join(" | ") : ""}`);
  await shot(zh.page, "zh_main");
  await zh.page.evaluate(() => document.getElementById("backprop-panel").scrollIntoView());
  await shot(zh.page, "zh_step");
  await zh.page.evaluate(async () => { await window.playground.race([{ optimizer: "sgd" }, { optimizer: "adam" }], 30); document.getElementById("race-panel").scrollIntoView(); });
  await shot(zh.page, "zh_race");
  await closeAll(zh);

  // The installed page: one file, opened from disk, with nothing beside it.
  if (installed) {
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    await page.goto(pathToFileURL(installed).href + "#data=xor&points=4&noise=0&testShare=0&layers=4&epochs=10");
    await page.waitForFunction(() => document.getElementById("status").dataset.ready, null, { timeout: 60000 });
    const m = await page.evaluate(() => window.playground.metrics());
    claim(m.epoch === 10 && errors.length === 0, `the installed single file (${(readFileSync(installed).length / 1e6).toFixed(1)} MB) opens from disk and trains (epoch ${m.epoch})`);
    await page.close();
  }
  claim(consoleErrors.length === 0, `no console errors${consoleErrors.length ? ": " + consoleErrors.join(" | ") : ""}`);
} finally {
  await browser.close();
  server.close();
}
console.log(failures() ? `${failures()} claim(s) failed` : "all classroom claims hold");
process.exit(failures() ? 1 : 0);
