/* The citation map: briefs, sources and publishers at positions computed in Python, drawn on a canvas.
 *
 * Nothing is laid out here: the page draws what it is given, so a thousand briefs and their
 * sources draw in milliseconds.  Drag to pan, scroll to zoom, click a node for its neighbours.
 * window.BriefsMap(container, data, report) returns the map's state and actions.
 */
(function () {
  "use strict";
  var TYPES = ["brief", "source", "publisher"];
  var COLORS = ["#1f3a5f", "#2a9d8f", "#8e6bbf"];
  var EDGE_COLORS = ["rgba(42,157,143,0.28)", "rgba(142,107,191,0.30)"];

  window.BriefsMap = function (container, data, report) {
    var canvas = container.querySelector("canvas");
    var ctx = canvas.getContext("2d");
    var nodes = data.map.nodes, edges = data.map.edges;
    var visible = [true, true, true];
    var view = { s: 1, tx: 0, ty: 0 };
    var width = 0, height = 0, side = 0, ox = 0, oy = 0;
    var selected = null, hover = null, near = null;
    var neighbours = nodes.map(function () { return []; });
    edges.forEach(function (e) { neighbours[e[0]].push(e[1]); neighbours[e[1]].push(e[0]); });
    var bigPublishers = {};
    nodes.map(function (n, i) { return i; }).filter(function (i) { return nodes[i][0] === 2; })
      .sort(function (a, b) { return nodes[b][3] - nodes[a][3]; }).slice(0, 12)
      .forEach(function (i) { bigPublishers[i] = true; });

    function radius(i) {
      var n = nodes[i], grow = Math.min(2, Math.sqrt(view.s));
      if (n[0] === 0) { return (4 + Math.min(9, Math.sqrt(n[3]) * 0.3)) * grow; }
      if (n[0] === 1) { return (2.2 + Math.min(8, Math.sqrt(n[3]) * 0.9)) * grow; }
      return (2.5 + Math.min(9, Math.sqrt(n[3]) * 0.9)) * grow;
    }
    function sx(i) { return ox + nodes[i][1] * side * view.s + view.tx; }
    function sy(i) { return oy + nodes[i][2] * side * view.s + view.ty; }
    function resize() {
      var ratio = window.devicePixelRatio || 1;
      width = container.clientWidth; height = container.clientHeight;
      canvas.width = Math.max(1, Math.round(width * ratio)); canvas.height = Math.max(1, Math.round(height * ratio));
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      side = Math.min(width, height) * 0.94; ox = (width - side) / 2; oy = (height - side) / 2;
    }
    function shown(i) { return visible[nodes[i][0]]; }
    function label(i) { var t = String(nodes[i][4]); return t.length > 34 ? t.slice(0, 33) + "…" : t; }

    function draw() {
      ctx.clearRect(0, 0, width, height);
      ctx.lineWidth = 1;
      [0, 1].forEach(function (kind) {
        ctx.beginPath();
        edges.forEach(function (e) {
          var isPub = nodes[e[1]][0] === 2;
          if ((kind === 1) !== isPub || !shown(e[0]) || !shown(e[1])) { return; }
          if (near && !(near[e[0]] && near[e[1]] && (e[0] === selected || e[1] === selected))) { return; }
          ctx.moveTo(sx(e[0]), sy(e[0])); ctx.lineTo(sx(e[1]), sy(e[1]));
        });
        ctx.strokeStyle = near ? (kind ? "rgba(142,107,191,0.8)" : "rgba(42,157,143,0.8)") : EDGE_COLORS[kind];
        ctx.stroke();
      });
      var labels = [];
      for (var t = 2; t >= 0; t--) {
        for (var i = 0; i < nodes.length; i++) {
          if (nodes[i][0] !== t || !shown(i)) { continue; }
          var x = sx(i), y = sy(i), r = radius(i);
          if (x < -r || y < -r || x > width + r || y > height + r) { continue; }
          ctx.globalAlpha = near && !near[i] ? 0.12 : 1;
          ctx.fillStyle = COLORS[t];
          ctx.beginPath();
          if (t === 0) { ctx.rect(x - r, y - r, 2 * r, 2 * r); }
          else if (t === 2) { ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath(); }
          else { ctx.arc(x, y, r, 0, 2 * Math.PI); }
          ctx.fill();
          if (i === selected || i === hover) { ctx.lineWidth = 2.5; ctx.strokeStyle = "#111"; ctx.stroke(); ctx.lineWidth = 1; }
          var named = i === selected || i === hover || view.s > 3 ||
            (near ? near[i] && (nodes[i][0] === 0 || nearCount <= 30) : t === 0 || bigPublishers[i]);
          if (named && !(near && !near[i])) { labels.push(i); }
        }
      }
      ctx.globalAlpha = 1;
      ctx.font = "11px system-ui, sans-serif";
      ctx.textBaseline = "top";
      labels.forEach(function (i) {
        var x = sx(i), y = sy(i) + radius(i) + 2, text = label(i), w = ctx.measureText(text).width;
        ctx.fillStyle = "rgba(255,255,255,0.8)"; ctx.fillRect(x - w / 2 - 2, y - 1, w + 4, 14);
        ctx.fillStyle = nodes[i][0] === 2 ? "#5a4385" : "#1d2430"; ctx.fillText(text, x - w / 2, y);
      });
    }

    function pick(px, py) {
      var best = null, bestD = Infinity;
      for (var i = 0; i < nodes.length; i++) {
        if (!shown(i)) { continue; }
        var dx = sx(i) - px, dy = sy(i) - py, d = Math.sqrt(dx * dx + dy * dy);
        if (d <= radius(i) + 3 && d < bestD) { best = i; bestD = d; }
      }
      return best;
    }

    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) { e.className = cls; }
      if (text !== undefined && text !== null) { e.textContent = String(text); }
      return e;
    }
    var panel = document.getElementById("map-selection");
    function renderSelection(i) {
      var n = nodes[i], box = el("div");
      box.dataset.node = i;
      box.appendChild(el("div", "muted small", TYPES[n[0]]));
      box.appendChild(el("div", "sel-title", n[4]));
      var actions = el("div", "pop-actions");
      function action(text, go) {
        var b = el("button", null, text); b.type = "button"; b.addEventListener("click", go); actions.appendChild(b);
      }
      if (n[0] === 0) {
        var b = data.briefs[n[5]];
        box.appendChild(el("div", "muted small", b.claims + " claims · " + b.sources + " sources · " + (b.date || "undated")));
        action("Claims × sources", function () { location.hash = "#matrix-" + n[5]; });
        action("Read it", function () { location.hash = "#brief-" + n[5]; });
      } else if (n[0] === 1) {
        var s = data.sources[n[5]];
        box.appendChild(el("div", "muted small", [s.work, s.publisher, s.date].filter(Boolean).join(" · ")));
        box.appendChild(el("div", "small", s.claims + (s.claims === 1 ? " claim rests" : " claims rest") + " on it"));
        action("Its claims", function () { report.showSourceClaims(n[5], true); });
      } else {
        box.appendChild(el("div", "muted small", n[3] + (n[3] === 1 ? " source" : " sources")));
      }
      box.appendChild(actions);
      var groups = [[], [], []];
      neighbours[i].forEach(function (j) { if (groups[nodes[j][0]].indexOf(j) < 0) { groups[nodes[j][0]].push(j); } });
      groups.forEach(function (list, t) {
        if (!list.length) { return; }
        list.sort(function (a, c) { return nodes[c][3] - nodes[a][3] || String(nodes[a][4]).localeCompare(String(nodes[c][4])); });
        box.appendChild(el("h4", null, TYPES[t] + "s (" + list.length + ")"));
        var ul = el("ul"); ul.dataset.type = TYPES[t];
        list.slice(0, 60).forEach(function (j) {
          var li = el("li"); li.dataset.node = j;
          var btn = el("button", null, nodes[j][4] + (t === 1 ? " (" + nodes[j][3] + ")" : ""));
          btn.type = "button";
          btn.addEventListener("click", function () { select(j, true); });
          li.appendChild(btn); ul.appendChild(li);
        });
        if (list.length > 60) { ul.appendChild(el("li", "muted small", "and " + (list.length - 60) + " more")); }
        box.appendChild(ul);
      });
      panel.replaceChildren(box);
    }
    var nearCount = 0;
    function select(i, center) {
      selected = i; near = {}; near[i] = true;
      neighbours[i].forEach(function (j) { near[j] = true; });
      nearCount = Object.keys(near).length;
      if (center) { view.tx += width / 2 - sx(i); view.ty += height / 2 - sy(i); }
      renderSelection(i);
      state.selected = i;
      draw();
    }
    function clear() {
      selected = null; near = null; state.selected = null;
      panel.replaceChildren(el("span", "muted", "Click a node on the map."));
      draw();
    }
    function fit() { view = { s: 1, tx: 0, ty: 0 }; draw(); }

    var drag = null;
    canvas.addEventListener("mousedown", function (ev) {
      drag = { x: ev.clientX, y: ev.clientY, tx: view.tx, ty: view.ty, moved: false };
    });
    window.addEventListener("mousemove", function (ev) {
      var box = canvas.getBoundingClientRect();
      if (drag) {
        var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
        if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; canvas.classList.add("dragging"); }
        if (drag.moved) { view.tx = drag.tx + dx; view.ty = drag.ty + dy; draw(); }
        return;
      }
      if (ev.target !== canvas) { if (hover !== null) { hover = null; draw(); } return; }
      var h = pick(ev.clientX - box.left, ev.clientY - box.top);
      if (h !== hover) { hover = h; canvas.style.cursor = h === null ? "" : "pointer"; draw(); }
    });
    window.addEventListener("mouseup", function (ev) {
      if (!drag) { return; }
      var moved = drag.moved;
      drag = null; canvas.classList.remove("dragging");
      if (moved || ev.target !== canvas) { return; }
      var box = canvas.getBoundingClientRect();
      var i = pick(ev.clientX - box.left, ev.clientY - box.top);
      if (i === null) { clear(); } else { select(i, false); }
    });
    canvas.addEventListener("wheel", function (ev) {
      ev.preventDefault();
      var box = canvas.getBoundingClientRect(), px = ev.clientX - box.left, py = ev.clientY - box.top;
      var factor = Math.exp(-ev.deltaY * 0.0015), s = Math.min(40, Math.max(0.3, view.s * factor));
      factor = s / view.s;
      view.tx = px - ox - (px - ox - view.tx) * factor; view.ty = py - oy - (py - oy - view.ty) * factor; view.s = s;
      draw();
    }, { passive: false });
    document.querySelectorAll("#map-filters input[type=checkbox]").forEach(function (box) {
      box.addEventListener("change", function () { visible[+box.dataset.type] = box.checked; draw(); });
    });
    document.getElementById("map-fit").addEventListener("click", fit);
    document.getElementById("map-clear").addEventListener("click", clear);
    window.addEventListener("resize", function () { resize(); draw(); });

    var state = {
      nodes: nodes, edges: edges, selected: null, visible: visible,
      select: select, clear: clear, fit: fit, draw: draw,
      zoom: function (s) { view.s = s; draw(); },
      center: function (i) { view.tx += width / 2 - sx(i); view.ty += height / 2 - sy(i); draw(); },
      screen: function (i) {
        var box = canvas.getBoundingClientRect();
        return { x: box.left + sx(i), y: box.top + sy(i) };
      },
      find: function (type, ref) {
        for (var i = 0; i < nodes.length; i++) { if (nodes[i][0] === type && nodes[i][5] === ref) { return i; } }
        return -1;
      }
    };
    resize();
    draw();
    return state;
  };
})();
