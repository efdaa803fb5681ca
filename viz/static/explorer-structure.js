/* ecograph explorer: structure overlays — size by a centrality, colour by community, brokers
   outlined — from the API's cached analytics (same origin), each with a legend naming the graph the
   scores were computed on. Answers are kept per URL, so switching back and forth fetches nothing,
   and the looks go onto the drawn objects as the time bar's flags do (ns.patchDrawn), not through a
   DataSet update, which at 5,000 nodes took seconds (bench/viz.py). */
(function () {
  "use strict";
  const ns = (window.EcographViz = window.EcographViz || {});
  const METRICS = ["degree", "betweenness", "pagerank"];
  const SCORED = 1000; /* the most /analytics/centrality lists */
  const BROKERS = 10;

  function describeGraph(graph) {
    const filters = Object.entries((graph && graph.filters) || {})
      .map(([name, value]) => name + ": " + (Array.isArray(value) && value.length ? value.join(", ") : ns.t("structure.all")))
      .join("; ");
    return ns.t("structure.graph", {
      nodes: Number((graph && graph.nodes) || 0).toLocaleString("en"),
      edges: Number((graph && graph.edges) || 0).toLocaleString("en"),
      filters: filters,
    });
  }

  function createStructure(options) {
    const { network, nodes, styles, apiBase, initial, onChange } = options;
    const $ = (id) => document.getElementById(id);
    const sizeBy = $("size-by");
    const communities = $("colour-communities");
    const brokers = $("outline-brokers");
    const legend = $("structure-legend");
    const answers = new Map();
    const original = new Map(); /* each node's own look, restored when the overlays go */
    let ticket = 0;

    const state = {
      size: METRICS.includes(initial.get("size")) ? initial.get("size") : "",
      communities: initial.get("communities") === "1",
      brokers: initial.get("brokers") === "1",
    };

    function load(path) {
      if (!answers.has(path)) {
        const answer = fetch(apiBase + path, { headers: { Accept: "application/json" } }).then((response) => {
          if (!response.ok) throw new Error(ns.t("structure.answered", { status: response.status }));
          return response.json();
        });
        answers.set(path, answer);
        answer.catch(() => answers.delete(path)); /* a failure is not kept: the next switch asks again */
      }
      return answers.get(path);
    }

    function remember() {
      Object.values(network.body.nodes).forEach((node) => {
        if (!original.has(node.id)) {
          const own = node.options;
          original.set(node.id, { size: own.size, color: structuredClone(own.color), borderWidth: own.borderWidth });
        }
      });
    }

    function kindColours(node) {
      const style = styles.kinds[node.group] || styles.unknownKind;
      return { background: style.color, border: style.border };
    }

    function look(node, scores, top, community, isBroker) {
      const own = original.get(node.id);
      const change = {};
      change.size = scores
        ? styles.nodeSizeMin +
          (styles.nodeSizeMax - styles.nodeSizeMin) * Math.sqrt(Math.min((scores.get(node.id) || 0) / top, 1))
        : own.size;
      if (community === null && !isBroker) {
        change.color = structuredClone(own.color);
        change.borderWidth = own.borderWidth;
        return change;
      }
      const base = kindColours(node);
      const background = community !== null ? community : base.background;
      const border = isBroker ? styles.brokerBorder : base.border;
      const active = { background: background, border: styles.focusBorder };
      change.color = { background: background, border: border, highlight: active, hover: active };
      change.borderWidth = isBroker ? 4 : own.borderWidth;
      return change;
    }

    function legendLine(text, graph) {
      const line = ns.el("p", "structure-line", text);
      line.append(ns.el("span", "structure-graph", describeGraph(graph)));
      return line;
    }

    function communityKey(groups) {
      const list = ns.el("ul", "community-key");
      groups.forEach((group, i) => {
        const row = ns.el("li", "community-row");
        const swatch = ns.el("span", "swatch shape-dot");
        swatch.style.setProperty("--kind-color", styles.communityColors[i]);
        swatch.style.setProperty("--kind-border", styles.communityColors[i]);
        row.append(swatch, ns.el("span", null, ns.t("structure.community", { n: i + 1, size: group.size })));
        list.append(row);
      });
      return list;
    }

    async function apply() {
      const mine = ++ticket;
      const wanted = [
        state.size ? load("/analytics/centrality?metric=" + state.size + "&top=" + SCORED) : null,
        state.communities
          ? load("/analytics/communities?limit=" + styles.communityColors.length + "&members_limit=100000")
          : null,
        state.brokers ? load("/analytics/brokers?top=" + BROKERS) : null,
      ];
      legend.dataset.state = "loading";
      legend.replaceChildren(ns.el("p", "structure-line", ns.t("structure.loading")));
      let sized, grouped, brokered;
      try {
        [sized, grouped, brokered] = await Promise.all(wanted);
      } catch (error) {
        if (mine !== ticket) return;
        legend.dataset.state = "failed";
        legend.replaceChildren(ns.el("p", "structure-line", ns.t("structure.failed", { error: error.message })));
        return;
      }
      if (mine !== ticket) return; /* a later switch won */
      remember();
      const scores = sized ? new Map(ns.asList(sized.items).map((item) => [item.id, Number(item.score) || 0])) : null;
      const top = scores ? Math.max(...scores.values(), 0) || 1 : 1;
      const communityOf = new Map();
      const groups = grouped ? ns.asList(grouped.items) : [];
      groups.forEach((group, i) =>
        ns.asList(group.members).forEach((member) => communityOf.set(member.id, styles.communityColors[i]))
      );
      const brokerIds = new Set(brokered ? ns.asList(brokered.items).map((item) => item.id) : []);
      const patches = nodes
        .get({ filter: (node) => original.has(node.id) })
        .map((node) => [
          node.id,
          look(
            node,
            scores,
            top,
            grouped ? communityOf.get(node.id) || styles.communityOther : null,
            brokerIds.has(node.id)
          ),
        ]);
      ns.patchDrawn(network, patches, []);
      const lines = [];
      if (sized) {
        const text = ns.t("structure.sized", {
          metric: ns.t("structure.size." + state.size),
          n: scores.size,
          function: sized.method.function,
        });
        lines.push(legendLine(text, sized.graph));
      }
      if (grouped) {
        const text = ns.t("structure.coloured", {
          n: groups.length,
          total: grouped.total,
          function: grouped.method.function,
        });
        lines.push(legendLine(text, grouped.graph), communityKey(groups));
      }
      if (brokered) lines.push(legendLine(ns.t("structure.outlined", { n: brokerIds.size }), brokered.graph));
      legend.replaceChildren(...lines);
      legend.dataset.state = "ready";
      legend.dataset.shows = [state.size, state.communities ? "communities" : "", state.brokers ? "brokers" : ""]
        .filter(Boolean)
        .join(" ");
    }

    function params() {
      return {
        size: state.size || null,
        communities: state.communities ? "1" : null,
        brokers: state.brokers ? "1" : null,
      };
    }

    function changed() {
      state.size = sizeBy.value;
      state.communities = communities.checked;
      state.brokers = brokers.checked;
      onChange(params());
      return apply();
    }

    sizeBy.value = state.size;
    communities.checked = state.communities;
    brokers.checked = state.brokers;
    [sizeBy, communities, brokers].forEach((input) => input.addEventListener("change", changed));
    const ready = state.size || state.communities || state.brokers ? apply() : Promise.resolve();
    return {
      ready: ready,
      params: params,
      /* nodes added by expansion take the overlays too */
      refresh: () => (state.size || state.communities || state.brokers ? apply() : Promise.resolve()),
    };
  }

  ns.createStructure = createStructure;
})();
