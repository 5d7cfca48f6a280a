"use strict";
// The session report: every number comes from the job's tables (see ReportData); the page only
// draws them, and compares any two laps on their distance grids as the job does.
(function () {
  const D = JSON.parse(document.getElementById("data").textContent);
  const $ = (id) => document.getElementById(id);
  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    return e;
  };
  const time = (ms) => {
    if (ms == null) return "-";
    const m = Math.floor(ms / 60000), s = Math.floor(ms / 1000) % 60, r = ms % 1000;
    return m + ":" + String(s).padStart(2, "0") + "." + String(r).padStart(3, "0");
  };
  const signed = (ms) => (ms > 0 ? "+" : "") + (ms / 1000).toFixed(3);
  const key = (lap) => lap.car + ":" + lap.index;
  const label = (lap) => (D.cars > 1 ? (lap.car || "player") + " · " : "") + "lap " + lap.index + " " + time(lap.timeMs);
  const WIDTH = Math.min(1140, document.body.clientWidth - 20);

  $("title").textContent = D.session.track + (D.session.layout ? " (" + D.session.layout + ")" : "") + " · " + D.session.car;
  $("subtitle").textContent = D.session.driver + " · " + D.session.type + " · session " + D.session.id;

  // ---- the lap table
  const lapTable = $("laps");
  const sectors = D.laps.reduce((n, l) => Math.max(n, l.sectors.length), 0);
  const head = el("tr");
  ["#", "lap", "time", "class", "validity"].forEach((h, i) => head.appendChild(el("th", i > 2 ? { class: "text" } : {}, h)));
  for (let s = 0; s < sectors; s++) head.appendChild(el("th", {}, "S" + (s + 1)));
  head.appendChild(el("th", {}, "delta"));
  lapTable.appendChild(head);
  for (const lap of D.laps) {
    const tr = el("tr", { class: (lap.best ? "best " : "") + (lap.valid ? "" : "invalid") });
    tr.appendChild(el("td", {}, (D.cars > 1 ? (lap.car || "player") + " " : "") + lap.index));
    tr.appendChild(el("td", {}, lap.number));
    tr.appendChild(el("td", {}, time(lap.timeMs) + (lap.computed ? "*" : "")));
    tr.appendChild(el("td", { class: "text" }, lap.lapClass));
    tr.appendChild(el("td", { class: "text" }, lap.valid ? "valid" : "invalid: " + lap.reason));
    for (let s = 0; s < sectors; s++) {
      const v = lap.sectors[s];
      tr.appendChild(el("td", v && v === D.bestSectors[s] ? { class: "sector-best" } : {}, v ? time(v) : ""));
    }
    tr.appendChild(el("td", {}, lap.deltaMs == null ? "" : signed(lap.deltaMs)));
    lapTable.appendChild(tr);
  }
  $("bests").textContent =
    (D.bestLap ? "Best lap " + time(D.bestLap.timeMs) + " (lap " + D.bestLap.index + ")" : "No valid flying lap") +
    (D.theoreticalBestMs ? " · theoretical best " + time(D.theoreticalBestMs) + " (best sectors)" : "") +
    (D.laps.some((l) => l.computed) ? " · * computed from the samples" : "");

  // ---- lap times over the session
  const timed = D.laps.filter((l) => l.lapClass !== "incomplete");
  new uPlot({
    width: WIDTH, height: 200, scales: { x: { time: false } },
    series: [{ label: "lap" }, { label: "lap time (s)", stroke: "#2c6fbb", width: 2, points: { size: 7 },
      value: (u, v) => (v == null ? "-" : time(Math.round(v * 1000))) }],
    axes: [{ label: "lap", incrs: [1, 2, 5, 10, 20, 50, 100] }, { label: "s" }],
  }, [timed.map((l) => l.index), timed.map((l) => l.timeMs / 1000)], $("lap-times"));

  // ---- one lap against another, on the distance grid
  const withTrace = D.laps.filter((l) => D.traces[key(l)]);
  const lapSel = $("lap"), refSel = $("ref");
  for (const lap of withTrace) {
    lapSel.appendChild(el("option", { value: key(lap) }, label(lap)));
    refSel.appendChild(el("option", { value: key(lap) }, label(lap) + (lap.best ? " (best)" : "")));
  }
  const slowestDefault = withTrace.filter((l) => l.lapClass === "flying").sort((a, b) => b.timeMs - a.timeMs)[0] || withTrace[0];

  /** Time of trace r at fraction f of its lap, interpolated. */
  function timeAt(r, f) {
    const d = f * r.d[r.d.length - 1];
    let lo = 0, hi = r.d.length - 1;
    while (hi - lo > 1) { const m = (lo + hi) >> 1; if (r.d[m] <= d) lo = m; else hi = m; }
    const span = r.d[hi] - r.d[lo];
    return span <= 0 ? r.t[lo] : r.t[lo] + (r.t[hi] - r.t[lo]) * (d - r.d[lo]) / span;
  }
  /** The lap's delta to the reference at each of its points, ms. */
  function delta(l, r) {
    const len = l.d[l.d.length - 1];
    return l.d.map((d, i) => Math.round(l.t[i]) - Math.round(timeAt(r, i === l.d.length - 1 ? 1 : d / len)));
  }
  /** The reference's channel at the lap's points (same fraction of the lap). */
  function onLap(l, r, channel) {
    const len = l.d[l.d.length - 1], rlen = r.d[r.d.length - 1];
    return l.d.map((d) => {
      const at = (d / len) * rlen;
      let i = 0;
      while (i < r.d.length - 1 && r.d[i + 1] <= at) i++;
      return r[channel][i];
    });
  }

  const charts = [];
  const sync = uPlot.sync("distance");
  function stacked(id, height, series, data, yLabel) {
    const box = el("div", { class: "chart", id: id });
    $("traces").appendChild(box);
    const u = new uPlot({
      width: WIDTH, height: height, scales: { x: { time: false } },
      cursor: { sync: { key: sync.key } },
      series: [{ label: "m", value: (u, v) => (v == null ? "-" : v.toFixed(0) + " m") }].concat(series),
      axes: [{ label: "distance (m)" }, { label: yLabel }],
    }, data, box);
    charts.push(u);
    return u;
  }

  function drawTraces() {
    charts.splice(0).forEach((u) => u.destroy());
    $("traces").innerHTML = "";
    const L = D.traces[lapSel.value], R = D.traces[refSel.value];
    const dl = delta(L, R);
    const gap = dl[dl.length - 1];
    $("gap").textContent = "gap at the line " + signed(gap);
    $("gap").className = gap > 0 ? "lost" : gap < 0 ? "gained" : "";
    const lapName = "lap", refName = "reference";
    stacked("delta", 170, [{ label: "delta (ms)", stroke: "#c0392b", width: 2, fill: "rgba(192,57,43,0.08)" }], [L.d, dl], "ms");
    stacked("speed", 200, [{ label: lapName + " km/h", stroke: "#2c6fbb", width: 1.5 }, { label: refName + " km/h", stroke: "#9aa3b2", width: 1 }],
      [L.d, L.v, onLap(L, R, "v")], "km/h");
    stacked("pedals", 150, [
      { label: "throttle", stroke: "#1e8449", width: 1.5 }, { label: "brake", stroke: "#c0392b", width: 1.5 },
      { label: "ref throttle", stroke: "#a9dfbf", width: 1 }, { label: "ref brake", stroke: "#f5b7b1", width: 1 }],
      [L.d, L.thr, L.brk, onLap(L, R, "thr"), onLap(L, R, "brk")], "0..1");
    stacked("gear", 120, [{ label: "gear", stroke: "#7b2fbf", width: 1.5, paths: uPlot.paths.stepped({ align: 1 }) },
      { label: "ref gear", stroke: "#d2b4de", width: 1, paths: uPlot.paths.stepped({ align: 1 }) }],
      [L.d, L.gear, onLap(L, R, "gear")], "gear");
    drawMap(L, dl);
    drawCorners(lapSel.value, refSel.value, L, dl);
  }

  // ---- the track map, coloured by speed or by delta
  let mapChart = null;
  const BANDS = 6;
  function drawMap(L, dl) {
    if (mapChart) { mapChart.destroy(); mapChart = null; }
    const box = $("map");
    box.innerHTML = "";
    if (!L.x) { box.appendChild(el("p", {}, "This lap has no coordinates: no map.")); return; }
    const byDelta = document.querySelector("input[name=colour]:checked").value === "delta";
    // delta coloured by its change over the stretch: red where time went
    const value = byDelta ? dl.map((v, i) => (i === 0 ? 0 : v - dl[i - 1])) : L.v;
    let lo = Math.min.apply(null, value), hi = Math.max.apply(null, value);
    if (byDelta) { const m = Math.max(Math.abs(lo), Math.abs(hi), 1); lo = -m; hi = m; }
    const colours = byDelta
      ? ["#1e8449", "#82e0aa", "#d5dbdb", "#d5dbdb", "#f1948a", "#c0392b"]
      : ["#2c3e9f", "#3498db", "#48c9b0", "#f4d03f", "#eb984e", "#c0392b"];
    const data = [null], series = [{}];
    for (let b = 0; b < BANDS; b++) { data.push([[], []]); }
    value.forEach((v, i) => {
      const b = Math.min(BANDS - 1, Math.max(0, Math.floor(((v - lo) / (hi - lo || 1)) * BANDS)));
      data[b + 1][0].push(L.x[i]); data[b + 1][1].push(L.y[i]);
    });
    const names = byDelta ? ["gaining most", "gaining", "even", "even", "losing", "losing most"]
      : ["slowest", "", "", "", "", "fastest"].map((n, b) => n || "speed band " + (b + 1));
    for (let b = 0; b < BANDS; b++)
      series.push({ label: names[b], stroke: colours[b], fill: colours[b], paths: uPlot.paths.points(), points: { show: false, size: 4, width: 0 } });
    const xs = L.x, ys = L.y;
    const x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs), y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
    const span = Math.max(x1 - x0, y1 - y0) * 1.05, cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    const side = Math.min(WIDTH, 620);
    mapChart = new uPlot({
      mode: 2, width: side, height: side, legend: { live: false },
      scales: { x: { time: false, range: [cx - span / 2, cx + span / 2] }, y: { range: [cy - span / 2, cy + span / 2] } },
      series: series, axes: [{ label: "x (m)" }, { label: "y (m)" }], cursor: { show: false },
    }, data, box);
  }

  // ---- the corners of the chosen lap, most time lost first
  function drawCorners(lapKey, refKey, L, dl) {
    const table = $("corners");
    table.innerHTML = "";
    const rows = (D.corners[lapKey] || []).filter((c) => c.kind === "corner");
    const exact = D.defaultRef[lapKey] === refKey;
    const at = (m) => { let i = 0; while (i < L.d.length - 1 && L.d[i + 1] <= m) i++; return dl[i]; };
    const lost = (c) => (exact ? c.timeLostMs : at(c.endM) - at(c.startM));
    const head = el("tr");
    ["corner", "from (m)", "to (m)", "time lost", "time", "entry", "min", "exit", "brake at (m)", "throttle at (m)"]
      .forEach((h) => head.appendChild(el("th", {}, h)));
    table.appendChild(head);
    if (!rows.length) { table.appendChild(el("tr")).appendChild(el("td", { colspan: 10 }, "No corners for this lap.")); return; }
    rows.slice().sort((a, b) => lost(b) - lost(a)).forEach((c) => {
      const tr = el("tr");
      const l = lost(c);
      [ "T" + c.corner, c.startM.toFixed(0), c.endM.toFixed(0), l == null ? "-" : signed(l), time(c.timeMs),
        c.entry.toFixed(0), c.min.toFixed(0), c.exit.toFixed(0),
        c.brake == null ? "-" : c.brake.toFixed(0), c.throttle == null ? "-" : c.throttle.toFixed(0) ]
        .forEach((v, i) => tr.appendChild(el("td", i === 3 && l ? { class: l > 0 ? "lost" : "gained" } : {}, v)));
      table.appendChild(tr);
    });
  }

  if (withTrace.length) {
    lapSel.value = key(slowestDefault);
    refSel.value = D.defaultRef[key(slowestDefault)] || key(withTrace[0]);
    lapSel.addEventListener("change", () => { refSel.value = D.defaultRef[lapSel.value] || refSel.value; drawTraces(); });
    refSel.addEventListener("change", drawTraces);
    document.querySelectorAll("input[name=colour]").forEach((r) => r.addEventListener("change", drawTraces));
    drawTraces();
  } else {
    $("traces").appendChild(el("p", {}, "No lap was driven from line to line: nothing to compare."));
  }
  document.documentElement.dataset.ready = "1";
})();
