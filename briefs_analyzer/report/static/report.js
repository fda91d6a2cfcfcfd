/* The briefs report: draws the views from the page's JSON, only ever with textContent.
 *
 * report-data holds the overview (briefs, sources with the claims resting on each, the map with
 * positions computed in Python); brief-data-N holds brief N's text, claims and notes, parsed only
 * when that brief is opened.  window.briefsReport exposes the state the tests read.
 */
(function () {
  "use strict";
  var started = performance.now();
  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }
  var data = readJson("report-data");
  var report = { data: data, ready: false, timing: {}, selected: null, opened: null, map: null };
  window.briefsReport = report;
  var briefCache = {};
  function brief(i) {
    if (!(i in briefCache)) { briefCache[i] = readJson("brief-data-" + i); }
    return briefCache[i];
  }
  report.brief = brief;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function safeUrl(u) { return typeof u === "string" && /^https?:\/\//i.test(u) ? u : null; }
  function link(url, text) {
    var a = el("a", null, text || url);
    a.href = url; a.rel = "noopener noreferrer"; a.target = "_blank";
    return a;
  }
  function clip(text, n) { text = String(text).replace(/\s+/g, " ").trim(); return text.length > n ? text.slice(0, n - 1) + "…" : text; }
  var STATUS = { cited: "cited", covered: "covered", needs_source: "needs a source", analysis: "analysis",
                 not_prose: "not prose", unassessed: "no checkable fact" };

  /* ---------------- claims: text joined from the brief's segments ---------------- */
  function claimTexts(b) {
    if (b._texts) { return b._texts; }
    var texts = {};
    b.paragraphs.forEach(function (p) {
      (p.s || []).forEach(function (seg) {
        if (seg.c === undefined) { return; }
        var t = seg.p.filter(function (x) { return typeof x === "string"; }).join("");
        texts[seg.c] = (texts[seg.c] ? texts[seg.c] + " " : "") + t;
      });
    });
    b._texts = texts;
    return texts;
  }
  function claimText(bi, cid) { var t = claimTexts(brief(bi))[cid]; return t ? t.replace(/\s+/g, " ").trim() : ""; }
  report.claimText = claimText;

  /* ---------------- the matrix: one brief's claims against its sources ---------------- */
  var matrixBrief = document.getElementById("matrix-brief");
  var matrixRows = document.getElementById("matrix-rows");
  function renderMatrix(bi) {
    var view = document.getElementById("matrix-view");
    var summary = document.getElementById("matrix-summary");
    var b = brief(bi);
    if (!b) { return; }
    var columns = [], seen = {}, rows = [], counts = {};
    Object.keys(b.claims).map(Number).sort(function (x, y) { return x - y; }).forEach(function (cid) {
      var c = b.claims[cid];
      counts[c[0]] = (counts[c[0]] || 0) + 1;
      var rests = c[1].length || c[2].length;
      var keep = matrixRows.value === "all" || rests ||
        (matrixRows.value === "support" && (c[0] === "cited" || c[0] === "covered" || c[0] === "needs_source"));
      if (!keep) { return; }
      rows.push(cid);
      c[1].concat(c[2]).forEach(function (si) { if (!seen[si]) { seen[si] = true; columns.push(si); } });
    });
    var table = el("table", "matrix");
    table.dataset.brief = bi;
    var head = el("tr");
    head.appendChild(el("th", null, "#"));
    head.appendChild(el("th", "st"));
    head.appendChild(el("th", null, "Claim"));
    columns.forEach(function (si) {
      var s = data.sources[si];
      var th = el("th", "src", clip(s.label, 40));
      th.title = s.label + (s.publisher ? " — " + s.publisher : "");
      th.dataset.source = si;
      th.addEventListener("click", function () { showSourceClaims(si, true); });
      head.appendChild(th);
    });
    var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
    var body = el("tbody");
    rows.forEach(function (cid) {
      var c = b.claims[cid];
      var tr = el("tr");
      tr.dataset.claim = cid; tr.dataset.status = c[0];
      tr.appendChild(el("td", "num small muted", cid));
      var st = el("td", "st"); var sw = el("i", "st-" + c[0]); sw.title = STATUS[c[0]] || c[0];
      st.appendChild(sw); tr.appendChild(st);
      var text = el("td", "claimtext", claimText(bi, cid));
      text.title = (STATUS[c[0]] || c[0]) + ": " + claimText(bi, cid);
      text.addEventListener("click", function () { location.hash = "#b" + bi + "-c" + cid; });
      tr.appendChild(text);
      var cited = {}, covered = {};
      c[1].forEach(function (si) { cited[si] = true; });
      c[2].forEach(function (si) { covered[si] = true; });
      columns.forEach(function (si) {
        var td = el("td", "cell" + (covered[si] ? " covered" : ""), cited[si] ? "●" : covered[si] ? "○" : "");
        if (cited[si] || covered[si]) { td.dataset.source = si; td.title = data.sources[si].label; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    table.appendChild(body);
    view.replaceChildren(rows.length ? table : el("p", "muted", "No claim of this brief cites or needs a source."));
    var parts = [];
    Object.keys(STATUS).forEach(function (k) { if (counts[k]) { parts.push(counts[k] + " " + STATUS[k]); } });
    summary.textContent = data.briefs[bi].title + ": " + parts.join(", ") + "; " + columns.length + " sources.";
    matrixBrief.value = String(bi);
    report.matrix = bi;
  }
  report.renderMatrix = renderMatrix;
  if (matrixBrief) {
    matrixBrief.addEventListener("change", function () { renderMatrix(+matrixBrief.value); });
    matrixRows.addEventListener("change", function () { renderMatrix(+matrixBrief.value); });
  }

  /* ---------------- sources: a table drawn from the data, and the claims resting on one ---------------- */
  var sourceRows = data.sources.map(function (s, i) { return i; });
  var sourceLimit = 100, sortKey = "claims", sortDir = -1, filterText = "";
  function sourceValue(si, key) {
    var s = data.sources[si];
    if (key === "briefs") { return s.briefs.length; }
    var v = s[key];
    return typeof v === "number" ? v : String(v || "").toLowerCase();
  }
  function renderSources() {
    var table = document.getElementById("sources-table");
    var needle = filterText.toLowerCase();
    var rows = sourceRows.filter(function (si) {
      if (!needle) { return true; }
      var s = data.sources[si];
      return (s.label + " " + s.publisher + " " + s.type + " " + s.work + " " + s.authors.join(" ")).toLowerCase()
        .indexOf(needle) >= 0;
    });
    rows.sort(function (a, b) {
      var x = sourceValue(a, sortKey), y = sourceValue(b, sortKey);
      var c = typeof x === "number" ? x - y : String(x).localeCompare(String(y));
      return c * sortDir || a - b;
    });
    var body = el("tbody");
    rows.slice(0, sourceLimit).forEach(function (si) {
      var s = data.sources[si];
      var tr = el("tr");
      tr.dataset.source = s.id; tr.dataset.index = si;
      var td = el("td");
      var name = el("button", "linklike", s.label);
      name.type = "button";
      name.addEventListener("click", function () { showSourceClaims(si, true); });
      td.appendChild(name);
      if (s.authors.length) { td.appendChild(el("span", "sub", s.authors.join(", "))); }
      if (safeUrl(s.url)) { var u = el("span", "sub small"); u.appendChild(link(s.url)); td.appendChild(u); }
      tr.appendChild(td);
      var kind = el("td"); kind.appendChild(el("span", "badge", s.work)); kind.appendChild(el("span", "sub", s.type));
      tr.appendChild(kind);
      tr.appendChild(el("td", null, s.publisher));
      tr.appendChild(el("td", "nowrap", s.date));
      tr.appendChild(el("td", "num", s.notes));
      tr.appendChild(el("td", "num", s.claims));
      tr.appendChild(el("td", "num", s.briefs.length));
      body.appendChild(tr);
    });
    table.replaceChild(body, table.tBodies[0]);
    document.getElementById("source-count").textContent =
      Math.min(rows.length, sourceLimit) + " of " + rows.length + " sources shown";
    var more = document.getElementById("source-more");
    more.hidden = rows.length <= sourceLimit;
    more.textContent = "Show all " + rows.length;
  }
  report.renderSources = renderSources;
  document.querySelectorAll("#sources-table thead th").forEach(function (th) {
    th.querySelector("button").addEventListener("click", function () {
      var key = th.dataset.key;
      sortDir = key === sortKey ? -sortDir : (key === "label" || key === "publisher" || key === "work" ? 1 : -1);
      sortKey = key;
      document.querySelectorAll("#sources-table thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      renderSources();
    });
  });
  document.getElementById("source-filter").addEventListener("input", function (ev) {
    filterText = ev.target.value; renderSources();
  });
  document.getElementById("source-more").addEventListener("click", function () { sourceLimit = Infinity; renderSources(); });

  function showSourceClaims(si, scroll) {
    var s = data.sources[si];
    var box = document.getElementById("source-claims");
    box.hidden = false;
    box.dataset.source = s.id;
    var out = el("div");
    out.appendChild(el("div", "sel-title", s.label));
    var meta = [s.work, s.publisher, s.date].filter(Boolean).join(" · ");
    if (meta) { out.appendChild(el("div", "muted small", meta)); }
    out.appendChild(el("h4", null, s.claims + (s.claims === 1 ? " claim rests" : " claims rest") + " on it, in " +
      s.briefs.length + (s.briefs.length === 1 ? " brief" : " briefs")));
    var groups = {};
    s.rest.forEach(function (r) { (groups[r[0]] = groups[r[0]] || []).push(r); });
    s.briefs.forEach(function (pair) {
      var bi = pair[0];
      out.appendChild(el("div", "brief-group", data.briefs[bi].title));
      var ul = el("ul");
      (groups[bi] || []).forEach(function (r) {
        var li = el("li");
        li.dataset.claim = r[1]; li.dataset.brief = bi; li.dataset.covered = r[2] ? "1" : "0";
        var a = el("a", null, "claim " + r[1] + (r[2] ? " (covered)" : "") + ": ");
        a.href = "#b" + bi + "-c" + r[1];
        li.appendChild(a);
        li.appendChild(document.createTextNode(claimText(bi, r[1])));
        ul.appendChild(li);
      });
      if (!(groups[bi] || []).length) { ul.appendChild(el("li", "muted", "cited in a note no claim's marker reaches")); }
      out.appendChild(ul);
    });
    box.replaceChildren(out);
    if (scroll) { box.scrollIntoView({ block: "nearest" }); }
    report.sourceShown = s.id;
  }
  report.showSourceClaims = showSourceClaims;

  /* ---------------- a brief's text: drawn when opened ---------------- */
  var KIND = { ibid: "Ibid.", short: "short form", supra: "supra", cross_reference: "cross-reference",
               commentary: "commentary", full: "full citation" };
  function renderBrief(bi) {
    if (report.opened === bi) { return; }
    var b = brief(bi), meta = data.briefs[bi];
    var view = document.getElementById("brief-view");
    var sec = el("div", "brief");
    sec.id = "brief-" + bi; sec.dataset.brief = bi;
    var head = el("div", "brief-head");
    var left = el("div");
    left.appendChild(el("h2", null, meta.title));
    left.appendChild(el("div", "muted small", [meta.file, meta.date || "undated", meta.authors, meta.organization]
      .filter(Boolean).join(" · ")));
    head.appendChild(left);
    sec.appendChild(head);
    if (b.problems.length) {
      var box = el("div", "problems-box"); box.appendChild(el("b", null, "Problems"));
      var ul = el("ul");
      b.problems.forEach(function (p) {
        var li = el("li"); li.appendChild(el("span", "badge " + p[0], p[1]));
        li.appendChild(document.createTextNode(" " + p[2])); ul.appendChild(li);
      });
      box.appendChild(ul); sec.appendChild(box);
    }
    var body = el("div", "brief-body");
    b.paragraphs.forEach(function (p) {
      var row = el("div", "para");
      if (p.h !== undefined) { row.appendChild(el("h3", null, p.h)); row.appendChild(el("div")); body.appendChild(row); return; }
      var para = el("p");
      p.s.forEach(function (seg) {
        var target = para;
        if (seg.c !== undefined) {
          var c = b.claims[seg.c];
          var span = el("span", "claim" + (c && c[0] === "needs_source" ? " uncited" : "") + (c && c[1].length ? " cited" : ""));
          span.id = "b" + bi + "-c" + seg.c; span.dataset.brief = bi; span.dataset.claim = seg.c; span.tabIndex = 0;
          para.appendChild(span); target = span;
        }
        seg.p.forEach(function (part) {
          if (typeof part === "string") { target.appendChild(document.createTextNode(part)); return; }
          var sup = el("sup", "marker" + (part[1] < 0 ? " missing" : ""), part[0]);
          sup.dataset.brief = bi; sup.dataset.note = part[0]; sup.dataset.index = part[1];
          sup.tabIndex = 0; sup.setAttribute("role", "button"); sup.setAttribute("aria-label", "note " + part[0]);
          target.appendChild(sup);
        });
      });
      row.appendChild(para);
      var margin = el("aside", "margin");
      (p.m || []).forEach(function (m) {
        if (m[0] === "uncited") {
          var a = el("a", "item uncited"); a.href = "#b" + bi + "-c" + m[3]; a.dataset.claim = m[3];
          a.title = "states a date, a figure or a name and cites nothing";
          a.appendChild(el("b", null, "⚑ " + m[1])); a.appendChild(document.createTextNode(" " + m[2]));
          margin.appendChild(a);
        } else {
          var it = el("span", "item " + m[0]); it.appendChild(el("b", null, "● " + m[1]));
          it.appendChild(document.createTextNode(" " + m[2])); margin.appendChild(it);
        }
      });
      row.appendChild(margin);
      body.appendChild(row);
    });
    sec.appendChild(body);
    var notes = el("details", "notes");
    notes.appendChild(el("summary", null, "Notes (" + b.notes.length + ")"));
    var ol = el("ol");
    b.notes.forEach(function (n) {
      var li = el("li"); li.appendChild(el("span", "n", n[0]));
      var txt = el("span", null, n[1]);
      if (n[2] && n[2] !== "full") { txt.appendChild(el("span", "badge", n[2])); }
      n[4].forEach(function (si) { txt.appendChild(el("span", "sub muted", "→ " + data.sources[si].label)); });
      li.appendChild(txt); ol.appendChild(li);
    });
    notes.appendChild(ol); sec.appendChild(notes);
    view.replaceChildren(sec);
    document.getElementById("brief-pick").value = String(bi);
    report.opened = bi;
  }
  report.renderBrief = renderBrief;
  document.getElementById("brief-pick").addEventListener("change", function (ev) {
    location.hash = "#brief-" + ev.target.value;
  });

  /* ---------------- popover for markers and claims ---------------- */
  var pop = document.getElementById("popover");
  var pinned = null, activeMarker = null;
  function place(anchor) {
    var r = anchor.getBoundingClientRect();
    pop.hidden = false;
    var w = pop.offsetWidth;
    var right = window.scrollX + document.documentElement.clientWidth - w - 12;
    pop.style.left = Math.min(Math.max(8, r.left + window.scrollX - 12), right) + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
  }
  function show(anchor, content, pin) {
    pop.replaceChildren(content);
    pinned = pin ? anchor : null;
    if (activeMarker) { activeMarker.classList.remove("active"); activeMarker = null; }
    if (anchor.classList.contains("marker")) { activeMarker = anchor; anchor.classList.add("active"); }
    pop.dataset.kind = anchor.classList.contains("marker") ? "marker" : "claim";
    place(anchor);
  }
  function hide() {
    pop.hidden = true; pinned = null; pop.replaceChildren();
    if (activeMarker) { activeMarker.classList.remove("active"); activeMarker = null; }
  }
  function sourceBlock(si) {
    var s = data.sources[si];
    var box = el("div", "pop-source");
    box.dataset.sourceId = s.id;
    box.appendChild(el("div", "pop-title", s.label));
    var meta = [];
    if (s.authors && s.authors.length) { meta.push(s.authors.join(", ")); }
    if (s.container && s.container !== s.label) { meta.push(s.container); }
    [s.date, s.work].forEach(function (x) { if (x) { meta.push(x); } });
    if (meta.length) { box.appendChild(el("div", "pop-meta", meta.join(" · "))); }
    if (safeUrl(s.url)) { var d = el("div", "pop-meta"); d.appendChild(link(s.url)); box.appendChild(d); }
    return box;
  }
  function markerContent(bi, number, index) {
    var note = index >= 0 ? brief(bi).notes[index] : null;
    var box = el("div");
    if (!note) {
      box.appendChild(el("div", "pop-head", "Note " + number));
      box.appendChild(el("p", "pop-missing", "No note with this number: the marker resolves to nothing."));
      return box;
    }
    var head = "Note " + number;
    if (note[2] && note[2] !== "full") {
      head += " · " + (KIND[note[2]] || note[2]);
      if (note[3] !== null && note[3] !== undefined) { head += " (through note " + note[3] + ")"; }
    }
    box.appendChild(el("div", "pop-head", head));
    if (note[4].length) { note[4].forEach(function (si) { box.appendChild(sourceBlock(si)); }); }
    else { box.appendChild(el("p", "pop-missing", "No source resolved for this note.")); }
    box.appendChild(el("p", "pop-note", note[1]));
    return box;
  }
  function claimContent(bi, cid) {
    var c = brief(bi).claims[cid];
    var box = el("div");
    var n = c[1].length;
    box.appendChild(el("div", "pop-head", "Claim " + cid + (n ? " rests on " + n + (n === 1 ? " source" : " sources") :
      " cites nothing") + " · " + (STATUS[c[0]] || c[0])));
    c[1].forEach(function (si) { box.appendChild(sourceBlock(si)); });
    if (c[2].length) {
      box.appendChild(el("div", "pop-meta", "Covered by nearby notes:"));
      c[2].forEach(function (si) { box.appendChild(sourceBlock(si)); });
    }
    if (c[0] === "needs_source") {
      box.appendChild(el("p", "pop-missing", "Needs a source: it states a date, a figure or a name and cites nothing."));
    }
    var actions = el("div", "pop-actions");
    var btn = el("button", null, "Show in the matrix");
    btn.type = "button";
    btn.addEventListener("click", function () { hide(); location.hash = "#matrix-" + bi; });
    actions.appendChild(btn);
    box.appendChild(actions);
    return box;
  }
  function markerOf(t) { return t.closest ? t.closest("sup.marker[data-brief]") : null; }
  function claimOf(t) { return t.closest ? t.closest("span.claim[data-brief]") : null; }
  function open(target, pin) {
    var m = markerOf(target);
    if (m) { show(m, markerContent(+m.dataset.brief, +m.dataset.note, +m.dataset.index), pin); return true; }
    var c = claimOf(target);
    if (c && pin) { show(c, claimContent(+c.dataset.brief, +c.dataset.claim), true); return true; }
    return false;
  }
  document.addEventListener("mouseover", function (ev) { var m = markerOf(ev.target); if (m && !pinned) { open(m, false); } });
  document.addEventListener("mouseout", function (ev) {
    var m = markerOf(ev.target);
    if (m && !pinned && !(ev.relatedTarget && m.contains(ev.relatedTarget))) { hide(); }
  });
  document.addEventListener("click", function (ev) {
    if (pop.contains(ev.target)) { return; }
    if (!open(ev.target, true)) { hide(); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") { hide(); return; }
    if ((ev.key === "Enter" || ev.key === " ") && (markerOf(ev.target) || claimOf(ev.target))) { ev.preventDefault(); open(ev.target, true); }
  });
  window.addEventListener("resize", function () { if (pinned) { place(pinned); } });

  /* ---------------- links: #brief-N, #bN-cM, #matrix-N ---------------- */
  function route() {
    var h = location.hash, m;
    if ((m = /^#brief-(\d+)$/.exec(h)) && data.briefs[+m[1]]) {
      renderBrief(+m[1]);
      document.getElementById("briefs").scrollIntoView();
    } else if ((m = /^#b(\d+)-c(\d+)$/.exec(h)) && data.briefs[+m[1]]) {
      renderBrief(+m[1]);
      var claim = document.getElementById("b" + m[1] + "-c" + m[2]);
      if (claim) {
        claim.scrollIntoView({ block: "center" });
        claim.classList.add("flash");
        setTimeout(function () { claim.classList.remove("flash"); }, 1600);
      }
    } else if ((m = /^#matrix-(\d+)$/.exec(h)) && data.briefs[+m[1]]) {
      renderMatrix(+m[1]);
      document.getElementById("matrix").scrollIntoView();
    }
  }
  window.addEventListener("hashchange", route);

  /* ---------------- first view ---------------- */
  function start() {
    if (data.briefs.length) { renderMatrix(0); }
    renderSources();
    report.map = window.BriefsMap ? window.BriefsMap(document.getElementById("map"), data, report) : null;
    route();
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        var nav = performance.getEntriesByType("navigation")[0];
        report.timing.domContentLoaded = nav ? nav.domContentLoadedEventEnd : null;
        report.timing.firstView = performance.now();
        report.timing.script = report.timing.firstView - started;
        performance.mark("briefs-ready");
        report.ready = true;
      });
    });
  }
  start();
})();
