// SPDX-License-Identifier: MIT
// browser_test.mjs: the playground in a real browser. Serves the web build's folder from a tiny
// static server on 127.0.0.1, drives the system's headless Chromium with playwright-core at
// 1280x720, and checks the page's claims through its contract (window.playground: configure,
// train, metrics, addPoint, clearPoints, state; the elements #boundary, #network, #upload-data):
// the layout; XOR without activations at or below 75% while Tanh reaches 100%, and without any
// hidden layer once x1*x2 is a feature (several seeds); the chance rule and the boundary line;
// two moons; the network picture (one element per weight, an edited weight changes the output;
// Zeros' identical units); points painted, uploaded and refused; regression; the lesson views;
// and a downloaded model file predicting natively what the page predicted.
//
//   node browser_test.mjs SITE_DIR MODEL_PREDICT [SCREENSHOT_DIR]
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { claim, failures, launch, openPage, serve } from "./serve.mjs";

const [site, predictor, screenshots] = process.argv.slice(2).map((p) => p && resolve(p));
if (!site || !predictor) {
  console.error("usage: node browser_test.mjs SITE_DIR MODEL_PREDICT [SCREENSHOT_DIR]");
  process.exit(2);
}
const server = await serve(site);

const browser = await launch();
try {
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 720 } });
  const started = Date.now();
  const { page, errors } = await openPage(context, server.url);
  claim(errors.length === 0, `the page loads without errors (${Date.now() - started} ms)`);
  if (screenshots) mkdirSync(screenshots, { recursive: true });
  const shot = async (name) => { if (screenshots) await page.screenshot({ path: join(screenshots, name + ".png") }); };

  // The contract: configure resolves once the network is rebuilt (and rejects with the module's
  // message); train resolves after the epochs; metrics as fractions.
  const configure = (state) => page.evaluate((s) => window.playground.configure(s).then(() => "", (e) => e.message), state);
  const train = (epochs) => page.evaluate((n) => window.playground.train(n), epochs);
  const metrics = () => page.evaluate(() => window.playground.metrics());
  // Trains in steps of `step` epochs until the training accuracy reaches `target` or `epochs` pass.
  const trainTo = (target, epochs, step = 1) => page.evaluate(async ([target, epochs, step]) => {
    let m = window.playground.metrics();
    while (m.epoch < epochs && !(m.trainAccuracy >= target)) m = await window.playground.train(Math.min(step, epochs - m.epoch));
    return m;
  }, [target, epochs, step]);

  // The first row fits 1280x720: the data, the network picture and the output.
  const boxes = await page.evaluate(() => ["data-panel", "network", "boundary"].map((id) => {
    const r = document.getElementById(id).getBoundingClientRect();
    return { id, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }));
  claim(boxes.every((b) => b.left >= 0 && b.top >= 0 && b.right <= 1280 && b.bottom <= 720),
        `at 1280x720 the data, network and boundary lie inside the viewport: ${boxes.map((b) => `${b.id} to (${Math.round(b.right)}, ${Math.round(b.bottom)})`).join(", ")}`);
  const keys = await page.evaluate(() => Object.keys(window.playground.state()));
  const wanted = ["data", "points", "noise", "testShare", "dataSeed", "features", "layers", "activation", "loss", "optimizer",
                  "lr", "batch", "momentum", "l1", "l2", "dropout", "init", "weightSeed"];
  claim(wanted.every((k) => keys.includes(k)), `state() holds every contract key (${wanted.filter((k) => !keys.includes(k)).join(", ") || "none missing"})`);

  // XOR: the lesson's four points, SGD lr 0.1, full batch.
  const xor = { data: "xor", points: 4, noise: 0, testShare: 0, lr: 0.1, batch: 4, features: ["x1", "x2"], loss: "bce-logits",
                optimizer: "sgd", init: "pytorch", dropout: 0, momentum: 0, l1: 0, l2: 0 };
  for (const seed of [1, 2, 3]) {
    claim(await configure({ ...xor, dataSeed: seed, weightSeed: seed, layers: [8, 8], activation: "none" }) === "", `XOR set up, seed ${seed}`);
    const linear = await train(300);
    claim(linear.trainAccuracy <= 0.75, `XOR, 2-8-8-1 without activations, seed ${seed}: ${100 * linear.trainAccuracy}% after ${linear.epoch} epochs (<= 75%)`);
    const flagged = await page.evaluate(() => document.getElementById("diagnostics").textContent);
    claim(flagged.includes("Stuck at chance") && flagged.includes("Rule: after at least 20 epochs"),
          `the diagnostics flag it by the chance rule: "${flagged.slice(flagged.indexOf("Stuck"), flagged.indexOf("Stuck") + 110)}..."`);
    if (seed === 1) {
      const folded = await page.evaluate(() => { app.showCollapse(); return JSON.parse(app.pg.collapse()); });
      claim(folded.linear && folded.layers === 1 && folded.max_difference < 1e-9,
            `the linear stack folds into one Dense layer (max difference ${folded.max_difference})`);
      // Discretized, the picture is two half-planes split by the one straight line drawn on it.
      await configure({ discretize: true });
      const split = await page.evaluate(() => {
        const c = document.getElementById("boundary"), d = c.getContext("2d").getImageData(40, 10, c.width - 50, c.height - 40).data;
        let orange = 0, blue = 0, line = 0;
        for (let k = 0; k < d.length; k += 4) {
          if (d[k] > d[k + 2] + 40) orange++;
          if (d[k + 2] > d[k] + 40) blue++;
          if (d[k] < 60 && d[k + 1] < 60 && d[k + 2] < 60) line++;
        }
        return { orange: orange / (d.length / 4), blue: blue / (d.length / 4), line };
      });
      claim(split.orange > 0.05 && split.blue > 0.05 && split.line > 50,
            `discretized, the linear stack's picture is two half-planes (${(100 * split.orange).toFixed(0)}% orange, ` +
            `${(100 * split.blue).toFixed(0)}% blue) with its boundary line drawn (${split.line} dark pixels)`);
      await shot("xor_linear_discretized");
      await configure({ discretize: false });
    }
    await configure({ layers: [8, 8], activation: "tanh" });
    const tanh = await trainTo(1.0, 1000);
    claim(tanh.trainAccuracy === 1, `XOR, Tanh, seed ${seed}: 100% in ${tanh.epoch} epochs (at most 1000)`);
    // The other half of the lesson: no hidden layer, x1*x2 as an input.
    await configure({ ...xor, dataSeed: seed, weightSeed: seed, layers: [], features: ["x1", "x2"], lr: 0.5 });
    const plain = await train(300);
    await configure({ features: ["x1", "x2", "x1x2"] });
    const product = await train(300);
    claim(plain.trainAccuracy <= 0.75 && product.trainAccuracy === 1,
          `XOR with no hidden layer, seed ${seed}: ${100 * plain.trainAccuracy}% from x1, x2; ${100 * product.trainAccuracy}% once x1*x2 is a feature`);
  }
  await shot("xor_x1x2");

  // Two moons: 400 points, noise 0.1, a fifth held out; 2-16-16-1 Tanh, SGD lr 0.1, batch 10.
  const moons = { data: "moons", points: 400, noise: 0.1, testShare: 0.2, lr: 0.1, batch: 10, layers: [16, 16], activation: "tanh",
                  features: ["x1", "x2"] };
  for (const seed of [1, 2, 3]) {
    await configure({ ...moons, dataSeed: seed, weightSeed: seed });
    const m = await trainTo(0.97, 100);
    claim(m.trainAccuracy >= 0.97, `two moons, seed ${seed}: ${(100 * m.trainAccuracy).toFixed(1)}% train, ` +
          `${(100 * m.testAccuracy).toFixed(1)}% test, after ${m.epoch} epochs (97% within 100)`);
  }
  const colours = await page.evaluate(() => {
    const c = document.getElementById("boundary"), d = c.getContext("2d").getImageData(40, 10, c.width - 50, c.height - 40).data;
    let orange = 0, blue = 0;
    for (let k = 0; k < d.length; k += 4) {
      if (d[k] > d[k + 2] + 40) orange++;
      if (d[k + 2] > d[k] + 40) blue++;
    }
    return { orange: orange / (d.length / 4), blue: blue / (d.length / 4) };
  });
  claim(colours.orange > 0.2 && colours.blue > 0.2,
        `the boundary shows both classes: ${(100 * colours.orange).toFixed(0)}% orange, ${(100 * colours.blue).toFixed(0)}% blue pixels`);

  // The network picture: one element per weight, each naming its place; a unit map per unit.
  const picture = await page.evaluate(() => {
    const w = JSON.parse(app.pg.weights());
    let weights = 0;
    for (const d of w.dense) weights += d.W.length * d.W[0].length;
    const links = [...document.querySelectorAll("#network [data-weight]")];
    return { weights, links: links.length, names: new Set(links.map((l) => l.dataset.weight)).size,
             units: document.querySelectorAll("#network image").length, last: links[links.length - 1].dataset.weight };
  });
  claim(picture.links === picture.weights && picture.names === picture.weights && picture.last === "2,15,0",
        `the network SVG holds one element per weight (${picture.links} of ${picture.weights}, the last "${picture.last}")`);
  claim(picture.units === 2 + 16 + 16 + 1, `a map for every unit: ${picture.units} (2 inputs, 32 hidden, 1 output)`);
  // Click a weight, type a value, Enter: the model's output moves.
  const before = await page.evaluate(() => app.pg.predict([0.5, 0.25]));
  await page.dispatchEvent('#network [data-weight="0,1,3"]', "click", { clientX: 400, clientY: 300 });
  await page.fill("#weight-input", "7.5");
  await page.press("#weight-input", "Enter");
  const edited = await page.evaluate(() => ({ W: JSON.parse(app.pg.weights()).dense[0].W[1][3], after: app.pg.predict([0.5, 0.25]),
                                              width: document.querySelector('#network [data-weight="0,1,3"]').getAttribute("stroke-width") }));
  claim(edited.W === 7.5 && edited.after !== before && Number(edited.width) === 5,
        `editing weight 0,1,3 to 7.5 through the picture changes the output (${before.trim()} -> ${edited.after.trim()}) and draws it widest`);
  await page.hover('#network [data-unit="1,0"]');
  const card = await page.evaluate(() => ({ hidden: document.getElementById("card").hidden, text: document.getElementById("card").textContent,
                                            big: document.querySelectorAll("#card canvas").length }));
  claim(!card.hidden && card.big === 1 && card.text.includes("hidden 1, unit 0"), `hovering a unit shows its map large (${card.text})`);
  await page.mouse.move(5, 5);

  // Zeros: every hidden unit the same, and they stay so through training.
  await configure({ ...moons, init: "zeros", layers: [4], activation: "tanh" });
  await train(30);
  const maps = await page.evaluate(() => [...document.querySelectorAll('#network [data-unit^="1,"] image')].map((i) => i.getAttribute("href")));
  claim(maps.length === 4 && maps.every((m) => m === maps[0]), `init "zeros": the ${maps.length} hidden units' maps are identical after 30 epochs`);
  await configure({ init: "pytorch" });

  // Points of one's own: 20 painted through the contract train; a click on the picture adds one.
  await page.evaluate(() => window.playground.clearPoints());
  await configure({ data: "custom", testShare: 0, layers: [4], activation: "tanh", lr: 0.3, batch: 4 });
  await page.evaluate(async () => {
    for (let k = 0; k < 20; ++k) await window.playground.addPoint(k % 2 ? 0.6 : -0.6, -0.9 + 0.09 * k, k % 2);
  });
  const painted = await train(100);
  const paintedPoints = await page.evaluate(() => app.pg.points().length / 4);
  claim(paintedPoints === 20 && painted.trainAccuracy >= 0.95, `20 painted points train: ${100 * painted.trainAccuracy}% after ${painted.epoch} epochs`);
  const box = await page.evaluate(() => { const r = document.getElementById("boundary").getBoundingClientRect(); return { x: r.left, y: r.top }; });
  await page.mouse.click(box.x + 120, box.y + 100);
  await page.keyboard.down("Shift");
  await page.mouse.click(box.x + 200, box.y + 200);
  await page.keyboard.up("Shift");
  const clicked = await page.evaluate(() => Array.from(app.pg.points()));
  claim(clicked.length === 22 * 4 && clicked[20 * 4 + 2] === 0 && clicked[21 * 4 + 2] === 1,
        `a click adds a point of the chosen class and a shift-click one of the other (${clicked.length / 4} points)`);
  await shot("custom");

  // CSV through the library's reader: a good file becomes the data; a bad one shows the reader's error.
  const csv = "x1,x2,label\n" + Array.from({ length: 40 }, (_, k) => `${(k % 2 ? 1 : -1) * (0.5 + 0.01 * k)},${0.05 * k - 1},${k % 2}`).join("\n") + "\n";
  await page.setInputFiles("#upload-data", { name: "mine.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("read mine.csv"));
  const uploaded = await train(100);
  const uploadedPoints = await page.evaluate(() => app.pg.points().length / 4);
  claim(uploadedPoints === 40 && uploaded.trainAccuracy >= 0.95, `an uploaded CSV of 40 points trains: ${100 * uploaded.trainAccuracy}%`);
  await page.setInputFiles("#upload-data", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from("x1,x2,label\n0,1,1\n0,abc,0\n") });
  await page.waitForFunction(() => document.getElementById("status").classList.contains("error"));
  const refused = await page.evaluate(() => ({ status: document.getElementById("status").textContent, points: app.pg.points().length / 4 }));
  claim(refused.status.includes("the uploaded CSV line 3, column 2: expected a number, got 'abc'") && refused.points === 40,
        `a malformed CSV shows the reader's error and keeps the data: "${refused.status}"`);
  const [csvDownload] = await Promise.all([page.waitForEvent("download"), page.click("#download-data")]);
  const dir = mkdtempSync(join(tmpdir(), "mlp-web-"));
  await csvDownload.saveAs(join(dir, "data.csv"));
  claim(readFileSync(join(dir, "data.csv"), "utf8").split("\n").length === 42, "the data downloads as CSV (a header and 40 rows)");

  // Regression: the plane's test MSE below 0.01 (seeds 1-3); bumps draws a heatmap.
  for (const seed of [1, 2, 3]) {
    await configure({ data: "plane", points: 200, noise: 0, testShare: 0.2, dataSeed: seed, weightSeed: seed, layers: [8], activation: "tanh", lr: 0.1, batch: 10 });
    const plane = await train(200);
    claim(plane.testLoss < 0.01 && Number.isNaN(plane.testAccuracy), `plane, seed ${seed}: test MSE ${plane.testLoss.toExponential(2)} after 200 epochs (< 0.01)`);
  }
  claim((await page.evaluate(() => window.playground.state().loss)) === "mse", "regression trains with MSE");

  // The library's settings reach the model: dropout layers, a schedule's lr, momentum.
  await configure({ ...moons, dropout: 0.25, schedule: "exponential_lr", momentum: 0.9, nesterov: true, l1: 0.001 });
  await train(10);
  const settings = await page.evaluate(() => ({ layers: JSON.parse(app.pg.layers()), lr: JSON.parse(app.pg.stats()).lr }));
  claim(settings.layers.filter((l) => l.startsWith("dropout:0.25")).length === 2 && Math.abs(settings.lr - 0.1 * 0.99 ** 10) < 1e-12,
        `dropout after each hidden layer (${settings.layers.join(" ")}); exponential_lr after 10 epochs: lr ${settings.lr}`);
  await configure({ dropout: 0, schedule: "none", momentum: 0, nesterov: false, l1: 0 });

  // Three classes: a 3 x 3 confusion matrix over the test points.
  await configure({ data: "blobs", points: 300, noise: 0.1, testShare: 0.2, layers: [8], activation: "tanh", loss: "cross-entropy" });
  await train(50);
  const confusion = await page.evaluate(() => ({ rows: document.querySelectorAll("#confusion tr").length, stats: JSON.parse(app.pg.stats()) }));
  const counted = confusion.stats.confusion.flat().reduce((a, b) => a + b, 0);
  claim(confusion.rows === 4 && counted === confusion.stats.test_points, `blobs: a 3 x 3 confusion matrix over the ${counted} test points`);

  // Screenshots of every data set at 1280x720, each trained a little.
  if (screenshots)
    for (const data of ["xor", "moons", "circles", "spirals", "blobs", "plane", "bumps"]) {
      const regression = data === "plane" || data === "bumps";
      await configure({ data, points: data === "xor" ? 200 : 400, noise: regression ? 0.1 : data === "xor" ? 0.15 : 0.1, testShare: 0.2,
                        layers: [8, 8], activation: "tanh", loss: regression ? "mse" : data === "blobs" ? "cross-entropy" : "bce-logits", lr: 0.1, batch: 10 });
      await train(100);
      await shot(`data_${data}`);
    }

  // The lesson views and play/pause, on two moons.
  await configure({ ...moons, loss: "bce-logits" });
  await train(20);
  const views = await page.evaluate(async () => {
    app.showBackprop();
    app.play();
    await new Promise((ok) => setTimeout(ok, 1500));
    app.pause();
    const t = JSON.parse(app.pg.backprop(0));
    const lab = JSON.parse(app.pg.lab("relu"));
    return { backprop: document.querySelectorAll("#backprop-out td").length, layers: t.layers.length,
             gradients: t.layers[0].params[0].grad.flat().some((v) => v !== 0),
             diagnostics: document.querySelectorAll("#diagnostics tr").length, epoch: JSON.parse(app.pg.stats()).epoch,
             labSparsity: lab.sparsity, labTanh: document.getElementById("lab-out").textContent };
  });
  claim(views.backprop > 100 && views.layers === 5 && views.gradients, `one step of backprop shows ${views.backprop} numbers over ${views.layers} layers`);
  claim(views.diagnostics === 6, `diagnostics table: a row per layer (${views.diagnostics - 1})`);
  claim(views.epoch > 20, `play trains and pause stops (epoch ${views.epoch})`);
  claim(views.labSparsity > 0.4 && views.labSparsity < 0.6 && views.labTanh.includes("tanh"),
        `activation lab: ReLU zeroes ${views.labSparsity} of N(0, 1) inputs; the slider shows tanh`);
  await configure({ stopAfter: 5, rebuild: true });
  await page.evaluate(async () => { app.play(); await new Promise((ok) => setTimeout(ok, 1500)); app.pause(); });
  claim((await metrics()).epoch === 5, `"stop after 5 epochs" stops play at epoch ${(await metrics()).epoch}`);
  await configure({ stopAfter: 0 });

  // The losses come from the registry; a loss gone non-finite reaches the page as the Trainer's
  // message naming where the first NaN or infinity came from; L2 trains (weight decay).
  const losses = await page.evaluate(() => Array.from(document.getElementById("loss").options).map((o) => o.value));
  claim(["bce", "bce-logits", "cross-entropy", "mse", "multi-margin"].every((n) => losses.includes(n)),
        `the loss list is the registry's: ${losses.join(", ")}`);
  await configure({ loss: "mse", lr: 3 });
  const blowup = await page.evaluate(() => window.playground.train(200).then(() => "no error", (e) => e.message));
  claim(blowup.includes("Trainer::fit: the loss became") && blowup.includes("first non-finite"),
        `a learning rate of 3 shows the Trainer's message: ${blowup.slice(0, 120)}...`);
  await configure({ loss: "bce", lr: 0.03, l2: 0.01 });
  const l2 = await train(5);
  claim(l2.epoch === 5 && Number.isFinite(l2.trainLoss), `BCE (a sigmoid after the last layer) with L2 0.01 trains (epoch ${l2.epoch}, loss ${l2.trainLoss})`);
  await configure({ l2: 0, loss: "bce-logits" });
  await train(20);

  // The model file: downloaded, read natively, identical predictions; then uploaded back.
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  const modelPath = join(dir, "model.txt");
  await download.saveAs(modelPath);
  const points = await page.evaluate(() => Array.from(app.pg.points()).flatMap((v, k) => (k % 4 < 2 ? [v] : [])));
  const inPage = await page.evaluate((p) => app.pg.predict(p), points);
  const input = points.map((v, k) => String(v) + (k % 2 ? "\n" : " ")).join("");
  const native = spawnSync(predictor, [modelPath], { input, encoding: "utf8" });
  // Not byte for byte: emscripten's maths library (musl) and glibc differ in the last bit of tanh
  // and exp for some arguments, so the same weights predict to within a few ulps (measured).
  const a = native.stdout.trim().split(/\s+/).map(Number), b = inPage.trim().split(/\s+/).map(Number);
  let worst = a.length === b.length ? 0 : Infinity;
  a.forEach((v, k) => { worst = Math.max(worst, Math.abs(v - b[k]) / Math.max(Math.abs(v), 1e-300)); });
  claim(native.status === 0 && inPage.length > 0 && worst <= 1e-12,
        `the downloaded model (${readFileSync(modelPath, "utf8").split("\n")[0]}) predicts natively what the page did, ` +
        `${points.length / 2} points, largest relative difference ${worst} (<= 1e-12)${native.status ? ": " + native.stderr : ""}`);
  await configure({ rebuild: true });
  const reloaded = await page.evaluate(() => app.pg.predict([0.5, 0.25]));
  await page.setInputFiles("#upload", modelPath);
  await page.waitForFunction(() => document.getElementById("status").textContent.startsWith("model loaded"));
  const afterUpload = await page.evaluate((p) => app.pg.predict(p), points);
  claim(afterUpload === inPage && reloaded !== afterUpload.split("\n")[0] + "\n", "uploading the file restores the same predictions");

  // The norm layers by their registry names, after each hidden Dense.
  const offered = await page.evaluate(() => [...document.querySelector("#layers select").options].map((o) => o.value));
  claim(offered.includes("batch_norm") && offered.includes("layer_norm"),
        `each hidden layer offers the norm layers by registry name (${offered.filter((v) => v).join(", ")})`);
  for (const norm of ["batch_norm", "layer_norm"]) {
    claim(await configure({ ...moons, dataSeed: 1, weightSeed: 1, norm }) === "", `moons with ${norm} set up`);
    const normed = await trainTo(0.97, 100);
    const specs = await page.evaluate(() => JSON.parse(app.pg.layers()));
    claim(specs.includes(`${norm}:16`) && normed.trainAccuracy >= 0.97,
          `two moons with ${norm} after each Dense: ${(100 * normed.trainAccuracy).toFixed(1)}% train after ${normed.epoch} epochs`);
    // One sample's backprop step: LayerNorm normalises each row, so it steps; BatchNorm in training
    // has no variance over one sample, and the page shows the library's message saying so.
    const shown = await page.evaluate(() => {
      app.showBackprop();
      const step = JSON.parse(app.pg.backprop(0));
      return { layers: step.layers ? step.layers.length : 0, specs: JSON.parse(app.pg.layers()).length,
               status: document.getElementById("status").textContent, units: JSON.parse(app.pg.hidden()).length,
               tables: document.querySelectorAll("#backprop-out table").length };
    });
    // A refused step leaves no table behind: the one shown earlier was another network's.
    claim(shown.units === 2 && (norm === "batch_norm" ? shown.status.includes("expected at least 2 samples in training") && shown.tables === 0
                                                       : shown.layers === shown.specs && shown.tables > 0),
          `with ${norm}: unit maps for ${shown.units} hidden layers; one sample's backprop step: ` +
          (shown.layers ? `${shown.layers} of ${shown.specs} layers` : `"${shown.status.slice(0, 90)}..."`));
  }
  await configure({ norm: "" });

  claim(errors.length === 0, `no console errors${errors.length ? ": " + errors.join(" | ") : ""}`);
} finally {
  await browser.close();
  server.close();
}
console.log(failures() ? `${failures()} claim(s) failed` : "all browser claims hold");
process.exit(failures() ? 1 : 0);
