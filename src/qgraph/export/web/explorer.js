// qgraph explorer: an offline view of one exported projection (Cytoscape.js, inlined above).
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("qgraph-data").textContent);
  var elements = DATA.elements;
  var BIG = elements.nodes.length > 1500;
  var PLACED = elements.nodes.length > 0 && elements.nodes.every(function (n) { return n.position; });
  var HIDDEN_FACTS = { id: 1, label: 1, color: 1, size: 1 };
  var $ = function (id) { return document.getElementById(id); };

  var maxWeight = 2;
  elements.edges.forEach(function (e) { if (e.data.weight > maxWeight) { maxWeight = e.data.weight; } });

  var cy = cytoscape({
    container: $("cy"),
    elements: elements,
    minZoom: 0.02,
    maxZoom: 6,
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", "width": "data(size)", "height": "data(size)",
        "label": "data(label)", "font-size": 7, "min-zoomed-font-size": 7, "color": "#333",
        "text-valign": "bottom", "text-margin-y": 2 } },
      { selector: "edge", style: {
        "width": "mapData(weight, 1, " + maxWeight + ", 0.6, 6)", "line-color": "#c4c4c4",
        "curve-style": BIG ? "haystack" : "bezier", "opacity": 0.85,
        "target-arrow-shape": DATA.data.directed && !BIG ? "triangle" : "none",
        "target-arrow-color": "#c4c4c4", "arrow-scale": 0.6 } },
      { selector: ".hidden", style: { "display": "none" } },
      { selector: ".faded", style: { "opacity": 0.1 } },
      { selector: "node.hood", style: { "font-size": 11, "min-zoomed-font-size": 0, "z-index": 10,
        "text-background-color": "#fff", "text-background-opacity": 0.7 } },
      { selector: ".match", style: { "border-width": 3, "border-color": "#d62728" } },
      { selector: "node:selected", style: { "border-width": 3, "border-color": "#111" } }
    ],
    // Positions come from qgraph (spring layout); without them, rings by degree.
    layout: PLACED ? { name: "preset" }
      : { name: "concentric", animate: false, concentric: function (n) { return n.data("degree") || 0; },
          levelWidth: function () { return 2; } }
  });

  function legislaturesOf(ele) {
    var v = ele.data("legislatures");
    return v === undefined || v === null || v === "" ? [] : String(v).split(";");
  }

  // Controls ------------------------------------------------------------------------------
  var types = {};
  cy.nodes().forEach(function (n) {
    var t = n.data("type");
    if (!types[t]) { types[t] = { count: 0, color: n.data("color") }; }
    types[t].count += 1;
  });
  var enabled = {};
  Object.keys(types).sort().forEach(function (t) {
    enabled[t] = true;
    var label = document.createElement("label");
    var box = document.createElement("input");
    box.type = "checkbox"; box.checked = true; box.value = t;
    box.addEventListener("change", function () { enabled[t] = box.checked; applyFilters(); });
    var swatch = document.createElement("span");
    swatch.className = "swatch"; swatch.style.background = types[t].color;
    label.appendChild(box); label.appendChild(swatch);
    label.appendChild(document.createTextNode(t + " (" + types[t].count + ")"));
    $("types").appendChild(label);
  });

  var legs = {};
  cy.nodes().forEach(function (n) { legislaturesOf(n).forEach(function (l) { legs[l] = true; }); });
  Object.keys(legs).sort(function (a, b) { return a - b; }).forEach(function (l) {
    $("legislature").appendChild(new Option("L" + l, l));
  });
  cy.nodes('[type = "theme"]').sort(function (a, b) {
    return String(a.data("label")).localeCompare(String(b.data("label")));
  }).forEach(function (t) { $("theme").appendChild(new Option(t.data("label"), t.id())); });

  function themeScope(themeId) {
    // The theme, what it links to, and the neighbours of the questions it links to.
    var keep = {};
    var theme = cy.getElementById(themeId);
    theme.closedNeighborhood().nodes().forEach(function (n) {
      keep[n.id()] = true;
      if (n.data("type") === "question") {
        n.neighborhood().nodes().forEach(function (m) { keep[m.id()] = true; });
      }
    });
    return keep;
  }

  function applyFilters() {
    var leg = $("legislature").value;
    var scope = $("theme").value ? themeScope($("theme").value) : null;
    cy.batch(function () {
      cy.nodes().forEach(function (n) {
        var l = legislaturesOf(n);
        var show = enabled[n.data("type")] && (!leg || l.length === 0 || l.indexOf(leg) >= 0)
          && (!scope || scope[n.id()] === true);
        n.toggleClass("hidden", !show);
      });
      cy.edges().forEach(function (e) {
        var l = legislaturesOf(e);
        e.toggleClass("hidden", Boolean(leg) && l.length > 0 && l.indexOf(leg) < 0);
      });
    });
    updateStatus();
  }

  function updateStatus(extra) {
    var nodes = cy.nodes().not(".hidden");
    var edges = cy.edges().not(".hidden").filter(function (e) {
      return !e.source().hasClass("hidden") && !e.target().hasClass("hidden");
    });
    var status = $("status");
    status.dataset.rendered = "yes";
    status.dataset.nodes = String(cy.nodes().length);
    status.dataset.edges = String(cy.edges().length);
    status.dataset.visibleNodes = String(nodes.length);
    status.textContent = nodes.length + " of " + cy.nodes().length + " nodes, " + edges.length
      + " of " + cy.edges().length + " edges shown" + (extra ? " · " + extra : "");
  }

  // Facts ---------------------------------------------------------------------------------
  function questionUrl(d) {
    if (d.type !== "question" || !d.uid || !d.legislature) { return null; }
    return "https://www.assemblee-nationale.fr/dyn/" + encodeURIComponent(d.legislature)
      + "/questions/" + encodeURIComponent(d.uid);
  }

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function showFacts(node) {
    var d = node.data();
    var info = $("info");
    info.textContent = "";
    info.dataset.node = d.id;
    info.appendChild(el("h2", d.label));
    info.appendChild(el("p", d.type, "type"));
    var url = questionUrl(d);
    if (url) {
      var a = el("a", "Question page on assemblee-nationale.fr");
      a.href = url; a.target = "_blank"; a.rel = "noopener"; a.id = "question-link";
      info.appendChild(a);
    }
    var table = el("table");
    table.id = "facts";
    Object.keys(d).sort().forEach(function (k) {
      if (HIDDEN_FACTS[k]) { return; }
      var tr = el("tr");
      tr.appendChild(el("td", k));
      tr.appendChild(el("td", String(d[k])));
      table.appendChild(tr);
    });
    info.appendChild(table);
    var rows = [];
    node.connectedEdges().forEach(function (e) {
      var other = e.source().id() === node.id() ? e.target() : e.source();
      rows.push({ node: other, edge: e.data("type"), weight: e.data("weight") });
    });
    rows.sort(function (a, b) {
      return String(a.node.data("label")).localeCompare(String(b.node.data("label")));
    });
    info.appendChild(el("h3", "Neighbours (" + rows.length + ")"));
    var ul = el("ul");
    ul.id = "neighbours";
    rows.forEach(function (r) {
      var li = el("li");
      var a = el("a", r.node.data("label"));
      a.addEventListener("click", function () { focus(r.node); });
      li.appendChild(a);
      li.appendChild(document.createTextNode(" — " + r.node.data("type") + ", " + r.edge
        + (r.weight > 1 ? " ×" + r.weight : "")));
      ul.appendChild(li);
    });
    info.appendChild(ul);
  }

  function focus(node) {
    cy.elements().unselect();
    node.select();
    var hood = node.closedNeighborhood();
    cy.batch(function () {
      cy.elements().addClass("faded").removeClass("hood");
      hood.removeClass("faded");
      hood.nodes().addClass("hood");
    });
    cy.fit(hood, 60);
    showFacts(node);
    updateStatus("focus: " + node.data("label") + " and " + (hood.nodes().length - 1) + " neighbours");
  }

  function clearFocus() {
    cy.elements().removeClass("faded hood").unselect();
    $("info").innerHTML = '<p class="hint">Click a node to see its facts.</p>';
    updateStatus();
  }

  cy.on("tap", "node", function (evt) { focus(evt.target); });
  cy.on("tap", function (evt) { if (evt.target === cy) { clearFocus(); } });

  // Search --------------------------------------------------------------------------------
  function findNodes(text) {
    var q = text.trim().toLowerCase();
    if (q.length < 2) { return cy.collection(); }
    return cy.nodes().filter(function (n) {
      var d = n.data();
      return [d.label, d.uid, d.title, d.iri].some(function (v) {
        return v !== undefined && String(v).toLowerCase().indexOf(q) >= 0;
      });
    });
  }

  $("search").addEventListener("input", function () {
    var found = findNodes(this.value);
    var list = $("matches");
    cy.nodes().removeClass("match");
    found.addClass("match");
    list.textContent = "";
    found.slice(0, 30).forEach(function (n) {
      var li = el("li", n.data("label") + " — " + n.data("type"));
      li.addEventListener("click", function () { list.hidden = true; focus(n); });
      list.appendChild(li);
    });
    list.hidden = found.length === 0;
    updateStatus(this.value.trim() ? found.length + " matches" : "");
  });
  $("search").addEventListener("keydown", function (evt) {
    if (evt.key === "Enter") {
      var found = findNodes(this.value);
      $("matches").hidden = true;
      if (found.length) { focus(found[0]); }
    }
  });

  $("legislature").addEventListener("change", applyFilters);
  $("theme").addEventListener("change", applyFilters);
  $("reset").addEventListener("click", function () {
    $("legislature").value = ""; $("theme").value = ""; $("search").value = "";
    $("matches").hidden = true;
    cy.nodes().removeClass("match");
    Object.keys(enabled).forEach(function (t) { enabled[t] = true; });
    document.querySelectorAll("#types input").forEach(function (b) { b.checked = true; });
    applyFilters();
    clearFocus();
    cy.fit(undefined, 20);
  });

  // #focus=<uid, IRI or label> opens on that node, e.g. explorer.html#focus=QANR5L16QE15221
  function fromHash() {
    var m = /focus=([^&]+)/.exec(window.location.hash);
    if (!m) { return false; }
    var key = decodeURIComponent(m[1]);
    var node = cy.getElementById(key);
    if (node.empty()) {
      node = cy.nodes().filter(function (n) { return n.data("uid") === key || n.data("label") === key; });
    }
    if (node.empty()) { updateStatus("no node " + key); return true; }
    focus(node[0]);
    return true;
  }

  applyFilters();
  if (!fromHash()) { cy.fit(undefined, 20); }
  window.addEventListener("hashchange", fromHash);
  window.qgraphExplorer = cy;
}());
