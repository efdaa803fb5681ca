/* ecograph explorer: what surrounds the canvas — search, legend with filters, URL state,
   page controls (depth, top N), the path strip and messages. Data goes in as text only. */
(function () {
  "use strict";
  const ns = (window.EcographViz = window.EcographViz || {});
  const el = ns.el;

  function fold(text) {
    return String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  /* The words of a name as graph/search.py makes them: folded, apostrophes unified, French elisions
     dropped (l'Arbois), joined capitalised words split (TechCode). */
  const ELISION = /(^|[^\p{L}\p{N}])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)'(?=[\p{L}\p{N}])/gu;
  function words(text) {
    const split = String(text || "")
      .replace(/[\u2019\u2018\u02bc`\u00b4\u2032]/g, "'")
      .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2");
    return fold(split).replace(ELISION, "$1 ").split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  /* ---- URL: ?focus=…&kinds=…&types=…&status=…&expand=… reproduces what is on screen ---- */
  const LIST_PARAMS = { kinds: "kinds", types: "types", statuses: "status" };

  function readUrlState() {
    const params = new URLSearchParams(window.location.search);
    const list = (name) => (params.has(name) ? new Set(params.get(name).split(",").filter(Boolean)) : null);
    return {
      focus: params.get("focus") || null,
      visible: { kinds: list("kinds"), types: list("types"), statuses: list("status") },
      expand: (params.get("expand") || "").split(",").filter(Boolean),
      params: params,
    };
  }

  function writeUrlState(state) {
    const url = new URL(window.location.href);
    const put = (name, value) => (value ? url.searchParams.set(name, value) : url.searchParams.delete(name));
    put("focus", state.focus);
    Object.entries(LIST_PARAMS).forEach(([key, name]) => {
      const visible = state.visible[key];
      put(name, visible ? Array.from(visible).sort().join(",") : null);
    });
    put("expand", state.expand.length ? state.expand.join(",") : null);
    /* what the time bar and the structure overlays own: each a name and a value or null */
    Object.entries(state.params || {}).forEach(([name, value]) => put(name, value));
    try {
      window.history.replaceState(null, "", url.toString());
    } catch (_) {
      /* some file:// contexts refuse URL rewrites; the view itself is unaffected */
    }
  }

  function reloadWith(name, value) {
    const url = new URL(window.location.href);
    url.searchParams.set(name, String(value));
    window.location.assign(url.toString());
  }

  /* ---- legend and filters: one list per dimension, each row a checkbox ---- */
  function createFilters(options) {
    const { containers, styles, initial, onChange } = options;
    const visible = { kinds: initial.kinds, types: initial.types, statuses: initial.statuses };
    let present = { kinds: new Map(), types: new Map(), statuses: new Map() };

    function allows(dimension, value) {
      return visible[dimension] === null || visible[dimension].has(value);
    }

    function toggle(dimension, value, on) {
      const current = visible[dimension] || new Set(present[dimension].keys());
      if (on) current.add(value);
      else current.delete(value);
      const everything = Array.from(present[dimension].keys()).every((key) => current.has(key));
      visible[dimension] = everything ? null : current;
      onChange();
    }

    function sample(dimension, value) {
      if (dimension === "kinds") {
        const style = (styles.kinds || {})[value] || styles.unknownKind;
        const swatch = el("span", "swatch shape-" + style.shape);
        swatch.style.setProperty("--kind-color", style.color);
        swatch.style.setProperty("--kind-border", style.border);
        return swatch;
      }
      const line = el("span", "line-sample");
      if (dimension === "statuses" && !ns.isFact(value)) line.classList.add("dashed");
      if (dimension === "types" && styles.tieDirected[value] !== false) line.classList.add("arrow");
      return line;
    }

    function row(dimension, value, count) {
      const item = el("li", "filter");
      const label = el("label");
      const box = el("input");
      box.type = "checkbox";
      box.checked = allows(dimension, value);
      box.dataset.dimension = dimension;
      box.value = value;
      box.addEventListener("change", () => toggle(dimension, value, box.checked));
      const name = dimension === "types" ? ns.tieWords(value) : value;
      const shown = [el("span", "filter-name", name), el("span", "count", count)];
      label.append(box, sample(dimension, value), ...shown);
      item.append(label);
      return item;
    }

    function sync(counts) {
      present = counts;
      Object.keys(containers).forEach((dimension) => {
        const rows = Array.from(counts[dimension].entries())
          .sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])))
          .map(([value, count]) => row(dimension, value, count));
        containers[dimension].replaceChildren(...rows);
        containers[dimension].closest("section").hidden = rows.length === 0;
      });
    }

    return { allows, sync, visible: () => visible };
  }

  /* ---- search with suggestions: the API when served, the embedded entities when standalone ---- */
  /* Names first (as typed, or as one compact word), then what an entity is: its kind and labels in
     the model's words (French and English) and its description. */
  function searchLocal(entities, query, limit, modelWords) {
    const typed = words(query);
    if (!typed.length) return [];
    const spaced = typed.join(" ");
    const compact = typed.join("");
    const known = modelWords || {};
    const scored = [];
    entities.forEach((entity) => {
      const keys = [];
      [entity.name].concat(ns.asList(entity.aliases)).forEach((name) => {
        const found = words(name);
        keys.push(found.join(" "), found.join(""));
      });
      const about = [entity.kind].concat(ns.asList(entity.labels)).flatMap((name) => known[name] || []);
      const said = words(about.concat([entity.description || ""]).join(" "));
      const rank = keys.some((k) => k.startsWith(spaced) || k.startsWith(compact))
        ? 0
        : keys.some((k) => k.includes(spaced) || k.includes(compact))
          ? 1
          : typed.every((t) => said.some((w) => w.startsWith(t)))
            ? 2
            : -1;
      if (rank >= 0) scored.push([rank, entity]);
    });
    scored.sort((a, b) => a[0] - b[0] || String(a[1].name).localeCompare(String(b[1].name)));
    return scored.slice(0, limit).map(([, e]) => ({ id: e.id, name: e.name, kind: e.kind }));
  }

  function createSearch(options) {
    const { input, list, standalone, apiBase, entities, modelWords, onPick, onError } = options;
    let items = [];
    let active = -1;
    let ticket = 0;
    let timer = null;

    function close() {
      list.hidden = true;
      list.replaceChildren();
      input.setAttribute("aria-expanded", "false");
      items = [];
      active = -1;
    }

    function pick(item) {
      close();
      input.value = item.name || item.id;
      onPick(item);
    }

    function show(found) {
      items = found;
      active = found.length ? 0 : -1;
      const rows = found.map((item, i) => {
        const row = el("li", "suggestion");
        row.setAttribute("role", "option");
        row.id = "suggestion-" + i;
        row.dataset.id = item.id;
        row.append(
          el("span", "suggestion-name", item.name || item.id),
          el("span", "suggestion-kind", item.kind)
        );
        row.addEventListener("mousedown", (event) => {
          event.preventDefault(); /* keep the focus in the input */
          pick(item);
        });
        return row;
      });
      if (!rows.length) rows.push(el("li", "suggestion empty", "No match"));
      list.replaceChildren(...rows);
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      mark();
    }

    function mark() {
      Array.from(list.children).forEach((row, i) => row.classList.toggle("active", i === active));
      if (active >= 0) input.setAttribute("aria-activedescendant", "suggestion-" + active);
      else input.removeAttribute("aria-activedescendant");
    }

    async function lookup(query) {
      const mine = ++ticket;
      let found;
      if (standalone) {
        found = searchLocal(entities(), query, 8, modelWords);
      } else {
        try {
          const url = apiBase + "/entities?q=" + encodeURIComponent(query) + "&limit=8";
          const response = await fetch(url, { headers: { Accept: "application/json" } });
          if (!response.ok) throw new Error("search answered " + response.status);
          found = ((await response.json()).items || []).filter((item) => item && item.id);
        } catch (error) {
          if (mine === ticket) onError("Search is unavailable: " + error.message);
          return;
        }
      }
      if (mine === ticket && input.value.trim()) show(found);
    }

    input.addEventListener("input", () => {
      clearTimeout(timer);
      const query = input.value.trim();
      if (!query) {
        ticket++;
        close();
        return;
      }
      timer = setTimeout(() => lookup(query), 120);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (!items.length) return;
        event.preventDefault();
        const step = event.key === "ArrowDown" ? 1 : -1;
        active = (active + step + items.length) % items.length;
        mark();
      } else if (event.key === "Enter") {
        event.preventDefault();
        if (active >= 0 && items[active]) pick(items[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 100));
    document.addEventListener("keydown", (event) => {
      const active = document.activeElement;
      const typing = Boolean(active) && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
      if (event.key === "/" && !typing) {
        event.preventDefault();
        input.focus();
      }
    });
  }

  /* ---- reload controls: depth of the entity page, N of the graph page ---- */
  function bindPageControls() {
    const params = new URLSearchParams(window.location.search);
    const depth = document.getElementById("depth");
    if (depth) {
      const current = params.get("depth");
      if (current && Array.from(depth.options).some((o) => o.value === current)) depth.value = current;
      depth.addEventListener("change", () => reloadWith("depth", depth.value));
    }
    const top = document.getElementById("top-n");
    const apply = document.getElementById("top-apply");
    if (top && apply) {
      if (params.get("top")) top.value = params.get("top");
      const go = () => {
        const n = parseInt(top.value, 10);
        if (n > 0) reloadWith("top", n);
      };
      apply.addEventListener("click", go);
      top.addEventListener("keydown", (event) => {
        if (event.key === "Enter") go();
      });
    }
  }

  /* ---- the path, in order, above the canvas ---- */
  function showPathStrip(container, ids, lookup, onPick) {
    if (!ids.length) return;
    const parts = [el("span", "path-label", "Path")];
    ids.forEach((id, i) => {
      if (i) parts.push(el("span", "path-arrow", "→"));
      const entity = lookup(id);
      const step = el("button", "path-step", entity ? entity.name : id);
      step.type = "button";
      step.addEventListener("click", () => onPick(id));
      parts.push(step);
    });
    container.replaceChildren(...parts);
    container.hidden = false;
  }

  function createToast(node) {
    let timer = null;
    return function toast(message) {
      node.textContent = message;
      node.hidden = false;
      clearTimeout(timer);
      timer = setTimeout(() => (node.hidden = true), 5000);
    };
  }

  Object.assign(ns, {
    fold,
    words,
    readUrlState,
    writeUrlState,
    createFilters,
    createSearch,
    searchLocal,
    bindPageControls,
    showPathStrip,
    createToast,
  });
})();
