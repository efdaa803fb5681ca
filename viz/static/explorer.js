/* ecograph explorer: builds the network from the embedded data, settles it, and wires the
   canvas to the panel, the filters, the search and the neighbour expansion. */
(function () {
  "use strict";
  const ns = window.EcographViz;
  const data = JSON.parse(document.getElementById("ecograph-data").textContent);
  const styles = data.styles;
  ns.useTieStyles(styles);
  ns.useWords(data.strings);
  const entities = new Map(data.entities.map((e) => [e.id, e]));
  /* each source is embedded once; a tie keeps its id and evidence */
  const withSource = (s) => (s && s.id && data.sources[s.id] ? Object.assign({}, data.sources[s.id], s) : s);
  const ties = new Map(
    data.ties.map((t) => [t.id, Object.assign(t, { sources: ns.asList(t.sources).map(withSource) })])
  );
  const urlState = ns.readUrlState();
  const state = { focus: null, expand: [] };
  const owned = {}; /* URL parameters the time bar and the overlays keep: name -> value or null */
  const toast = ns.createToast(document.getElementById("toast"));
  let stable = false;

  /* an entity's kind as drawn and filtered: its vis-network group */
  const kindOf = (entity) => (styles.kinds[entity.kind] ? entity.kind : styles.unknownGroup);
  const statusOf = (item) => item.status || styles.factStatuses[0];
  const nameOf = (id) => (entities.has(id) ? entities.get(id).name || id : id);
  const directed = (tie) =>
    typeof tie.directed === "boolean" ? tie.directed : styles.tieDirected[tie.type] !== false;

  /* ---- tooltips: plain strings, which vis-network writes with innerText ---- */
  function nodeTitle(entity) {
    const kind = [entity.kind || "?"].concat(ns.asList(entity.labels)).join(" · ");
    const lines = [entity.name || entity.id, kind];
    if (entity.description) {
      const text = String(entity.description);
      lines.push(text.length > 180 ? text.slice(0, 177) + "…" : text);
    }
    return lines.join("\n");
  }

  function edgeTitle(tie) {
    const count = ns.asList(tie.sources).length;
    const facts = [statusOf(tie)];
    if (typeof tie.confidence === "number") facts.push("confidence " + tie.confidence.toFixed(2));
    facts.push(count === 1 ? "1 source" : count + " sources");
    const arrow = directed(tie) ? " → " : " ↔ ";
    const ends = nameOf(tie.source) + arrow + nameOf(tie.target);
    return [ends, ns.tieWords(tie.type), facts.join(" · ")].join("\n");
  }

  /* ---- styling of what expansion brings in, from the server's style table ---- */
  function edgeLabel(tie) {
    let label = ns.tieWords(tie.type);
    const detail = ns.tieDetail(tie);
    if (detail) label += " · " + detail;
    if (tie.stage && tie.stage !== "active") label += " (" + tie.stage + ")";
    return label;
  }

  function nodeLabel(entity) {
    const label = String(entity.name || entity.id).split(/\s+/).filter(Boolean).join(" ");
    return label.length <= styles.labelMax ? label : label.slice(0, styles.labelMax - 1).trimEnd() + "…";
  }

  function visNode(entity, position) {
    const style = styles.kinds[entity.kind] || styles.unknownKind;
    return {
      id: entity.id,
      label: nodeLabel(entity),
      group: kindOf(entity),
      shape: style.shape,
      size: styles.nodeSizeMin,
      x: position.x,
      y: position.y,
      title: nodeTitle(entity),
    };
  }

  function visEdge(tie) {
    return {
      id: tie.id,
      from: tie.source,
      to: tie.target,
      label: edgeLabel(tie),
      arrows: directed(tie) ? "to" : "",
      dashes: !ns.isFact(tie.status),
      type: tie.type,
      status: statusOf(tie),
      title: edgeTitle(tie),
    };
  }

  /* ---- the network ---- */
  const nodes = new vis.DataSet(
    data.vis.nodes.map((n) => Object.assign(n, { title: nodeTitle(entities.get(n.id)) }))
  );
  const edges = new vis.DataSet(
    data.vis.edges.map((e) => Object.assign(e, { title: edgeTitle(ties.get(e.id)) }))
  );

  const filters = ns.createFilters({
    containers: {
      kinds: document.getElementById("kind-filters"),
      types: document.getElementById("type-filters"),
      statuses: document.getElementById("status-filters"),
    },
    styles: styles,
    initial: urlState.visible,
    onChange: applyFilters,
  });
  const nodeView = new vis.DataView(nodes, { filter: (n) => filters.allows("kinds", n.group) });
  const edgeView = new vis.DataView(edges, {
    filter: (e) => filters.allows("types", e.type) && filters.allows("statuses", statusOf(e)),
  });
  const network = new vis.Network(
    document.getElementById("graph"),
    { nodes: nodeView, edges: edgeView },
    data.vis.options
  );

  function counts() {
    const tally = (items, key) =>
      items.reduce((map, item) => map.set(key(item), (map.get(key(item)) || 0) + 1), new Map());
    const allTies = Array.from(ties.values());
    return {
      kinds: tally(Array.from(entities.values()), kindOf),
      types: tally(allTies, (t) => t.type),
      statuses: tally(allTies, statusOf),
    };
  }

  function syncUrl() {
    ns.writeUrlState({ focus: state.focus, visible: filters.visible(), expand: state.expand, params: owned });
  }

  function savePositions() {
    /* a node filtered out and back in would otherwise come back at a random place */
    const positions = network.getPositions();
    nodes.update(Object.keys(positions).map((id) => ({ id: id, x: positions[id].x, y: positions[id].y })));
  }

  function applyFilters() {
    savePositions();
    nodeView.refresh();
    edgeView.refresh();
    /* what the filters brought back is drawn anew, without the time bar's flags or the overlays */
    timeBar.reapply();
    if (structure) structure.refresh();
    syncUrl();
  }

  /* ---- the panel ---- */
  const panel = ns.createPanel({
    root: document.getElementById("panel"),
    body: document.getElementById("panel-body"),
    closeButton: document.getElementById("panel-close"),
    styles: styles,
    lookup: (id) => entities.get(id) || null,
    entityUrl: (id) => (data.standalone ? null : data.apiBase + "/viz/entity/" + encodeURIComponent(id)),
    onEntity: (id) => selectEntity(id, "animate"),
    onClose: () => {
      network.unselectAll();
      state.focus = null;
      syncUrl();
    },
  });

  function tiesOf(id) {
    return Array.from(ties.values()).filter((t) => t.source === id || t.target === id);
  }

  function selectEntity(id, move) {
    const entity = entities.get(id);
    if (!entity) return;
    panel.showEntity(entity, tiesOf(id));
    if (nodeView.get(id)) {
      network.selectNodes([id]);
      if (move) {
        const animation = move === "animate" ? { duration: 450, easingFunction: "easeInOutQuad" } : false;
        /* centre it in the part of the canvas the panel leaves visible */
        const offset = { x: -document.getElementById("panel").offsetWidth / 2, y: 0 };
        network.focus(id, { scale: Math.max(network.getScale(), 1.1), offset: offset, animation: animation });
      }
    }
    state.focus = id;
    syncUrl();
  }

  function selectTie(id) {
    const tie = ties.get(id);
    if (!tie) return;
    network.selectEdges([id]);
    panel.showTie(tie);
  }

  network.on("click", (params) => {
    if (params.nodes.length) selectEntity(params.nodes[0], null);
    else if (params.edges.length) selectTie(params.edges[0]);
    else if (panel.isOpen()) {
      panel.hide();
      state.focus = null;
      syncUrl();
    }
  });

  /* ---- expansion: bring in an entity's neighbours around it ---- */
  function freeArc(anchor, reach) {
    /* the widest empty angle around the anchor, so new nodes land clear of its current neighbours */
    const positions = network.getPositions();
    const angles = Object.values(positions)
      .filter((p) => {
        const d = Math.hypot(p.x - anchor.x, p.y - anchor.y);
        return d > 1 && d < reach;
      })
      .map((p) => Math.atan2(p.y - anchor.y, p.x - anchor.x))
      .sort((a, b) => a - b);
    if (!angles.length) return { start: 0, span: 2 * Math.PI };
    const last = angles[angles.length - 1];
    let best = { start: last, span: angles[0] + 2 * Math.PI - last };
    for (let i = 1; i < angles.length; i++) {
      const span = angles[i] - angles[i - 1];
      if (span > best.span) best = { start: angles[i - 1], span: span };
    }
    return best;
  }

  function addData(newNodes, newEdges, anchorId) {
    const anchor = network.getPositions([anchorId])[anchorId] || network.getViewPosition();
    const fresh = ns.asList(newNodes).filter((n) => n && n.id && !entities.has(n.id));
    const arc = freeArc(anchor, 260);
    const radius = Math.max(170, (90 * fresh.length) / arc.span); /* about 90px of arc per node */
    const placed = fresh.map((entity, i) => {
      entities.set(entity.id, entity);
      const angle = arc.start + (arc.span * (i + 1)) / (fresh.length + 1);
      const position = { x: anchor.x + radius * Math.cos(angle), y: anchor.y + radius * Math.sin(angle) };
      return visNode(entity, position);
    });
    nodes.add(placed);
    const drawable = ns
      .asList(newEdges)
      .filter((t) => t && t.id && !ties.has(t.id) && entities.has(t.source) && entities.has(t.target));
    drawable.forEach((t) => ties.set(t.id, t));
    edges.add(drawable.map(visEdge));
    filters.sync(counts());
    timeBar.refresh();
    if (structure) structure.refresh();
    return placed.length;
  }

  async function expand(id, seed) {
    if (data.standalone) {
      toast("This saved view cannot fetch more; open the live explorer to expand.");
      return false;
    }
    let body;
    try {
      const url = data.apiBase + "/entities/" + encodeURIComponent(id) + "/neighbors?depth=1";
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error("the server answered " + response.status);
      body = await response.json();
    } catch (error) {
      toast("Could not load the neighbours of " + nameOf(id) + ": " + error.message);
      return false;
    }
    const incoming = ns.asList(body.nodes);
    if (seed && !entities.has(id) && !incoming.some((n) => n && n.id === id)) incoming.unshift(seed);
    const added = addData(incoming, body.edges, id);
    if (panel.isOpen() && state.focus && entities.has(state.focus)) {
      panel.showEntity(entities.get(state.focus), tiesOf(state.focus)); /* it may have new ties */
    }
    if (!state.expand.includes(id)) state.expand.push(id);
    syncUrl();
    if (!added) toast(nameOf(id) + ": no other neighbours.");
    return true;
  }

  network.on("doubleClick", (params) => {
    if (params.nodes.length) expand(params.nodes[0], null);
  });

  /* ---- time and structure ---- */
  const keep = (params) => {
    Object.assign(owned, params);
    syncUrl();
  };
  const timeBar = ns.createTimeBar({
    root: document.getElementById("timebar"),
    network: network,
    entities: entities,
    ties: ties,
    initial: ns.timeRule.viewFromParams(urlState.params),
    onChange: keep,
    onSelect: (id) => selectEntity(id, "animate"),
    toast: toast,
  });
  Object.assign(owned, timeBar.params());
  const structure = data.standalone
    ? null
    : ns.createStructure({
        network: network,
        nodes: nodes,
        styles: styles,
        apiBase: data.apiBase,
        initial: urlState.params,
        onChange: keep,
      });
  if (structure) Object.assign(owned, structure.params());

  /* ---- search, controls, path ---- */
  ns.createSearch({
    input: document.getElementById("search"),
    list: document.getElementById("suggestions"),
    standalone: data.standalone,
    apiBase: data.apiBase,
    entities: () => Array.from(entities.values()),
    modelWords: styles.words,
    onPick: async (item) => {
      if (!entities.has(item.id) && !(await expand(item.id, item))) return;
      selectEntity(item.id, "animate");
    },
    onError: toast,
  });
  ns.bindPageControls();
  ns.showPathStrip(
    document.getElementById("path-strip"),
    data.highlight.nodes,
    (id) => entities.get(id) || null,
    (id) => selectEntity(id, "animate")
  );
  filters.sync(counts());
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && panel.isOpen()) {
      panel.hide();
      network.unselectAll();
      state.focus = null;
      syncUrl();
    }
  });

  function makeRoomForPanel() {
    /* the panel lies over the canvas's right side: fit the drawing into what stays visible */
    const width = document.getElementById("graph").clientWidth;
    const cover = document.getElementById("panel").offsetWidth;
    if (!cover || cover > width * 0.6) return;
    const scale = (network.getScale() * (width - cover)) / width;
    const centre = network.getViewPosition();
    network.moveTo({ position: { x: centre.x + cover / 2 / scale, y: centre.y }, scale: scale });
  }

  /* ---- settle: bounded stabilisation, then physics off for good ---- */
  async function restore() {
    if (structure) await structure.ready;
    for (const id of urlState.expand) await expand(id, null);
    const focus = urlState.focus || data.focus;
    if (focus && entities.has(focus)) {
      selectEntity(focus, urlState.focus ? "jump" : null);
      if (!urlState.focus) makeRoomForPanel();
    } else if (urlState.focus && !data.standalone && (await expand(urlState.focus, null))) {
      selectEntity(urlState.focus, "jump");
    }
  }

  let settling = false;
  function settled() {
    if (settling) return;
    settling = true;
    document.getElementById("loading").hidden = true;
    /* stable once what the URL asks for (expansions, focus) is on screen too */
    restore().finally(() => {
      stable = true;
      document.body.dataset.stable = "true";
    });
  }

  if (!nodes.length) {
    document.getElementById("empty").hidden = false;
    settled();
  } else if (data.vis.options.physics.enabled) {
    const bar = document.getElementById("loading-progress");
    network.on("stabilizationProgress", (p) => {
      bar.style.width = Math.round((100 * p.iterations) / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", () => {
      network.setOptions({ physics: { enabled: false } });
      settled();
    });
  } else {
    network.once("afterDrawing", settled);
  }

  window.ecographExplorer = Object.freeze({
    network: network,
    nodes: nodes,
    edges: edges,
    isStable: () => stable,
    /* what is drawn now: the filters' view without what the time bar hides */
    shownNodeIds: () => network.body.nodeIndices.slice(),
    shownEdgeIds: () => network.body.edgeIndices.slice(),
  });
})();
