/* ecograph explorer: the time bar — the network as of a date or between two dates, the strip of
   dated events, and play. Filtering runs here on the loaded data: a move flips `hidden` on only the
   nodes and edges whose visibility changed, so nothing is laid out or rebuilt, and draws once.

   When a tie holds (graph/dates.py `tie_period`, with the timeline's rule for events): from its
   valid_from, else — a tie to a dated event — the event's start, else the first date a source
   reports it (first_seen), to its valid_to, open where unknown. A tie with neither valid_from nor
   valid_to nor an event to date it is "undated" and drawn dotted while the time view is on.
   Entities with dates (events: start_date to end_date) exist over them; an event and the ties to it
   stay on the map after it ends (as of a later date, it happened). An undated entity is shown while
   one of its ties is (or always, if it has none). */
(function () {
  "use strict";
  const ns = (window.EcographViz = window.EcographViz || {});
  const DAY_MS = 86400000;
  const ISO = /^\d{4}(-\d{2}(-\d{2})?)?$/;
  const PLAY_FRAMES = 48;
  const PLAY_FRAME_MS = 120;
  const UNDATED_DASHES = [2, 5];
  const UNDATED_CANDIDATE_DASHES = [9, 4, 2, 4];

  /* vis-network 9.1.2 (pinned, inside pyvis): a DataSet update of `hidden` re-parses each item's
     options and draws twice, once synchronously, however few items change (bench/viz.py times one
     node that way against a whole move). The bar sets `hidden` (and an undated tie's `dashes`) on
     the drawn objects instead, re-indexes what is visible (where the DataSet path ends too) and
     asks for one redraw. Patches: [id, {option: value}]. */
  function patchDrawn(network, nodePatches, edgePatches) {
    nodePatches.forEach(([id, patch]) => {
      const node = network.body.nodes[id];
      if (node) Object.assign(node.options, patch);
    });
    edgePatches.forEach(([id, patch]) => {
      const edge = network.body.edges[id];
      if (edge) Object.assign(edge.options, patch);
    });
    network._updateVisibleIndices();
    network.body.emitter.emit("_requestRedraw");
  }

  const isDate = (value) => typeof value === "string" && ISO.test(value);

  function firstDay(value) {
    return value.length >= 10 ? value.slice(0, 10) : value + "-01-01".slice(value.length - 4);
  }

  function lastDay(value) {
    if (value.length >= 10) return value.slice(0, 10);
    const year = Number(value.slice(0, 4));
    const month = value.length >= 7 ? Number(value.slice(5, 7)) : 12;
    return dayText(Math.round(Date.UTC(year, month, 0) / DAY_MS));
  }

  /* days since 1970-01-01 <-> YYYY-MM-DD */
  function dayNumber(text) {
    const [y, m, d] = text.split("-").map(Number);
    return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
  }

  function dayText(number) {
    return new Date(number * DAY_MS).toISOString().slice(0, 10);
  }

  function isRealDay(text) {
    return /^\d{4}-\d{2}-\d{2}$/.test(text) && dayText(dayNumber(text)) === text;
  }

  function entitySpan(entity) {
    const start = isDate(entity.start_date) ? firstDay(entity.start_date) : null;
    const endDate = isDate(entity.end_date) ? entity.end_date : entity.kind === "Event" ? entity.start_date : null;
    const end = isDate(endDate) ? lastDay(endDate) : null;
    return { start: start, end: end, keeps: entity.kind === "Event", dated: start !== null || end !== null };
  }

  function tieSpan(tie, lookup) {
    const event = [tie.source, tie.target]
      .map(lookup)
      .find((e) => e && e.kind === "Event" && isDate(e.start_date));
    let start = null;
    if (isDate(tie.valid_from)) start = firstDay(tie.valid_from);
    else if (event) start = firstDay(event.start_date);
    else if (isDate(tie.first_seen)) start = firstDay(tie.first_seen);
    let end = null;
    if (isDate(tie.valid_to)) end = lastDay(tie.valid_to);
    else if (event) end = lastDay(isDate(event.end_date) ? event.end_date : event.start_date);
    const undated = !isDate(tie.valid_from) && !isDate(tie.valid_to) && !event;
    return { start: start, end: end, keeps: Boolean(event) && !isDate(tie.valid_to), undated: undated };
  }

  /* view: {mode: "all"} | {mode: "at", at} | {mode: "range", from, to}; days as YYYY-MM-DD */
  function holds(span, view) {
    if (view.mode === "all") return true;
    if (view.mode === "at") {
      return (span.start === null || span.start <= view.at) && (span.end === null || span.end >= view.at || span.keeps);
    }
    return (span.start === null || span.start <= view.to) && (span.end === null || span.end >= view.from);
  }

  /* the first and last day any item names; null when nothing is dated */
  function domainOf(spans) {
    let low = null;
    let high = null;
    spans.forEach((span) => {
      [span.start, span.end].forEach((day) => {
        if (day === null) return;
        if (low === null || day < low) low = day;
        if (high === null || day > high) high = day;
      });
    });
    if (low === null) return null;
    return { low: dayNumber(low), high: Math.max(dayNumber(high), dayNumber(low) + 1) };
  }

  /* a view from the URL (?at= or ?from=&to=), or null when it names none or a bad date */
  function viewFromParams(params) {
    const day = (name) => (params.has(name) && isRealDay(params.get(name)) ? params.get(name) : null);
    if (params.has("from") || params.has("to")) {
      const from = day("from");
      const to = day("to");
      return from && to ? { mode: "range", from: from <= to ? from : to, to: from <= to ? to : from } : null;
    }
    const at = day("at");
    return at ? { mode: "at", at: at } : null;
  }

  function paramsOf(view) {
    return {
      at: view.mode === "at" ? view.at : null,
      from: view.mode === "range" ? view.from : null,
      to: view.mode === "range" ? view.to : null,
    };
  }

  function createTimeBar(options) {
    const { root, network, entities, ties, initial, onChange, onSelect, toast } = options;
    const $ = (id) => document.getElementById(id);
    const t = ns.t;
    const at = $("time-at");
    const from = $("time-from");
    const rangeBox = $("time-range");
    const label = $("time-label");
    const play = $("time-play");
    const strip = $("time-events");
    const lookup = (id) => entities.get(id) || null;
    const entitySpans = new Map();
    const tieSpans = new Map();
    const hidden = new Map(); /* what this bar last set, per node and edge id */
    let view = { mode: "all" };
    let domain = null;
    let timer = null;

    function measure() {
      entities.forEach((entity, id) => {
        if (!entitySpans.has(id)) entitySpans.set(id, entitySpan(entity));
      });
      ties.forEach((tie, id) => {
        if (!tieSpans.has(id)) tieSpans.set(id, tieSpan(tie, lookup));
      });
      domain = domainOf([...entitySpans.values(), ...tieSpans.values()]);
    }

    /* ids the view hides: ties that do not hold or lose an end, then undated entities left alone */
    function hiddenNow() {
      const gone = new Set();
      const linked = new Set();
      const touched = new Set();
      entitySpans.forEach((span, id) => {
        if (span.dated && !holds(span, view)) gone.add(id);
      });
      tieSpans.forEach((span, id) => {
        const tie = ties.get(id);
        touched.add(tie.source);
        touched.add(tie.target);
        if (!holds(span, view) || gone.has(tie.source) || gone.has(tie.target)) gone.add(id);
        else {
          linked.add(tie.source);
          linked.add(tie.target);
        }
      });
      entitySpans.forEach((span, id) => {
        if (!span.dated && touched.has(id) && !linked.has(id)) gone.add(id);
      });
      return gone;
    }

    function dashesOf(id) {
      const span = tieSpans.get(id);
      const fact = ns.isFact(ties.get(id).status);
      if (view.mode === "all" || !span.undated) return !fact;
      return fact ? UNDATED_DASHES : UNDATED_CANDIDATE_DASHES;
    }

    /* `everything`: set every flag again (the filters rebuilt some drawn objects) */
    function apply(everything) {
      const gone = hiddenNow();
      const changed = (ids) =>
        ids
          .filter((id) => everything || (hidden.get(id) || false) !== gone.has(id))
          .map((id) => {
            hidden.set(id, gone.has(id));
            return [id, { hidden: gone.has(id) }];
          });
      const nodeChanges = changed(Array.from(entitySpans.keys()));
      const edgeChanges = changed(Array.from(tieSpans.keys()));
      if (nodeChanges.length || edgeChanges.length) patchDrawn(network, nodeChanges, edgeChanges);
      markStrip();
      showLabel(entitySpans.size - Array.from(entitySpans.keys()).filter((id) => gone.has(id)).length);
    }

    let marked = false;
    /* `again`: mark even if the mode did not change (new ties, or drawn objects rebuilt) */
    function markUndated(again) {
      const on = view.mode !== "all";
      if (on === marked && !again) return;
      marked = on;
      const patches = [];
      tieSpans.forEach((span, id) => {
        if (span.undated) patches.push([id, { dashes: dashesOf(id) }]);
      });
      if (patches.length) patchDrawn(network, [], patches);
      $("time-key").hidden = !on || !patches.length;
    }

    function showLabel(count) {
      let text = t("time.everything");
      if (view.mode === "at") text = t("time.as_of", { date: view.at });
      else if (view.mode === "range") text = t("time.between", { from: view.from, to: view.to });
      label.textContent = view.mode === "all" ? text : text + " · " + t("time.shown", { n: count });
    }

    function clampDay(text) {
      return Math.min(Math.max(dayNumber(text), domain.low), domain.high);
    }

    function syncControls() {
      if (!domain) return;
      [at, from].forEach((input) => {
        input.min = String(domain.low);
        input.max = String(domain.high);
      });
      rangeBox.checked = view.mode === "range";
      $("time-from-box").hidden = view.mode !== "range";
      $("time-at-name").textContent = view.mode === "range" ? t("time.to") : t("time.at");
      if (view.mode === "at") at.value = String(clampDay(view.at));
      else if (view.mode === "range") {
        from.value = String(clampDay(view.from));
        at.value = String(clampDay(view.to));
      } else at.value = String(domain.high);
      at.setAttribute("aria-valuetext", view.mode === "all" ? t("time.everything") : dayText(Number(at.value)));
      from.setAttribute("aria-valuetext", dayText(Number(from.value)));
    }

    function setView(next, quiet) {
      view = next;
      syncControls();
      markUndated();
      apply();
      if (!quiet) onChange(paramsOf(view));
    }

    function fromSliders() {
      const end = dayText(Number(at.value));
      if (!rangeBox.checked) return { mode: "at", at: end };
      const start = dayText(Number(from.value));
      return start <= end ? { mode: "range", from: start, to: end } : { mode: "range", from: end, to: start };
    }

    /* ---- the strip: each dated event, in date order; a click selects it (moving time to it if need be) */
    let stripItems = [];
    function buildStrip() {
      const events = Array.from(entities.values())
        .filter((e) => e.kind === "Event" && entitySpans.get(e.id) && entitySpans.get(e.id).start)
        .sort((a, b) => entitySpans.get(a.id).start.localeCompare(entitySpans.get(b.id).start) || a.id.localeCompare(b.id));
      stripItems = events.map((event) => {
        const item = ns.el("li", "time-event");
        const button = ns.el("button", "time-event-button");
        button.type = "button";
        button.dataset.id = event.id;
        button.append(ns.el("span", "time-event-date", event.start_date), ns.el("span", "time-event-name", event.name || event.id));
        button.addEventListener("click", () => pickEvent(event.id));
        item.append(button);
        return item;
      });
      strip.replaceChildren(...stripItems);
      strip.hidden = !stripItems.length;
      markStrip();
    }

    function markStrip() {
      stripItems.forEach((item) => {
        const id = item.firstChild.dataset.id;
        item.classList.toggle("outside", Boolean(hidden.get(id)));
      });
    }

    function pickEvent(id) {
      if (hidden.get(id)) {
        const day = entitySpans.get(id).start;
        setView({ mode: "at", at: day });
        toast(t("time.moved", { date: day, name: (entities.get(id) || {}).name || id }));
      }
      onSelect(id);
    }

    /* ---- play: the ecosystem forming, from the first date to the last, then stop */
    function stopPlaying() {
      clearInterval(timer);
      timer = null;
      play.textContent = t("time.play");
      play.setAttribute("aria-pressed", "false");
      document.body.dataset.playing = "false";
    }

    function startPlaying() {
      const step = Math.max(1, Math.ceil((domain.high - domain.low) / PLAY_FRAMES));
      let day = domain.low;
      play.textContent = t("time.pause");
      play.setAttribute("aria-pressed", "true");
      document.body.dataset.playing = "true";
      setView({ mode: "at", at: dayText(day) });
      timer = setInterval(() => {
        day = Math.min(day + step, domain.high);
        setView({ mode: "at", at: dayText(day) });
        if (day >= domain.high) stopPlaying();
      }, PLAY_FRAME_MS);
    }

    play.addEventListener("click", () => (timer ? stopPlaying() : startPlaying()));
    at.addEventListener("input", () => setView(fromSliders()));
    from.addEventListener("input", () => setView(fromSliders()));
    rangeBox.addEventListener("change", () => {
      if (rangeBox.checked) {
        const end = view.mode === "at" ? view.at : dayText(domain.high);
        setView({ mode: "range", from: dayText(domain.low), to: end });
      } else {
        setView(view.mode === "range" ? { mode: "at", at: view.to } : { mode: "all" });
      }
    });
    $("time-all").addEventListener("click", () => {
      if (timer) stopPlaying();
      setView({ mode: "all" });
    });

    /* the data grew (expansion): measure what is new and place it in the current view */
    function refresh() {
      measure();
      if (!domain) return;
      root.hidden = false;
      syncControls();
      buildStrip();
      markUndated(true);
      apply();
    }

    measure();
    document.body.dataset.playing = "false";
    if (domain) {
      root.hidden = false;
      buildStrip();
      setView(initial || { mode: "all" }, true);
    }
    return {
      refresh: refresh,
      reapply: () => {
        markUndated(true);
        apply(true);
      },
      params: () => paramsOf(view),
    };
  }

  Object.assign(ns, {
    createTimeBar,
    patchDrawn,
    timeRule: Object.freeze({ entitySpan, tieSpan, holds, firstDay, lastDay, viewFromParams }),
  });
})();
