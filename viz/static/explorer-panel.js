/* ecograph explorer: the side panel showing an entity or a tie with its sources.
   Everything from the data goes in through textContent or DOM properties, never as markup. */
(function () {
  "use strict";
  const ns = (window.EcographViz = window.EcographViz || {});

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null && text !== "") node.textContent = String(text);
    return node;
  }

  function isWebUrl(value) {
    try {
      const url = new URL(String(value));
      return url.protocol === "http:" || url.protocol === "https:";
    } catch (_) {
      return false;
    }
  }

  function asList(value) {
    return Array.isArray(value) ? value.filter((item) => item !== null && item !== "") : [];
  }

  function present(value) {
    return value !== undefined && value !== null && value !== "";
  }

  // Captions and keys come from the model (graph/model.yaml), served in the page's style table.
  let tieStyles = { tieCaption: {}, tieKey: {}, factStatuses: [] };

  function useTieStyles(styles) {
    tieStyles = {
      tieCaption: styles.tieCaption || {},
      tieKey: styles.tieKey || {},
      factStatuses: styles.factStatuses || [],
    };
  }

  // A tie without a status is taken as a fact, as the server draws it.
  function isFact(status) {
    return !status || tieStyles.factStatuses.includes(status);
  }

  function tieWords(type) {
    return tieStyles.tieCaption[type] || String(type || "");
  }

  function tieDetail(tie) {
    const key = tieStyles.tieKey[tie.type];
    const value = key ? (tie.properties || {})[key] : null;
    return present(value) ? String(value) : "";
  }

  function kindChip(kind, styles) {
    const chip = el("span", "kind-chip", kind || "Unknown");
    const style = (styles.kinds || {})[kind] || styles.unknownKind;
    if (style) chip.style.setProperty("--kind-color", style.color);
    return chip;
  }

  function sourceItem(source) {
    const item = el("li", "source");
    const title = source.title || source.url || source.id || "Untitled source";
    if (isWebUrl(source.url)) {
      const link = el("a", "source-title", title);
      link.href = source.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      item.append(link);
    } else {
      item.append(el("span", "source-title", title));
    }
    const meta = [source.publisher, source.published].filter(Boolean).join(" · ");
    if (meta) item.append(el("div", "source-meta", meta));
    if (source.evidence) item.append(el("blockquote", "evidence", source.evidence));
    return item;
  }

  function sourceList(sources) {
    const list = el("ul", "sources");
    asList(sources).forEach((source) => list.append(sourceItem(source || {})));
    if (!list.childElementCount) list.append(el("li", "source none", "No source recorded."));
    return list;
  }

  function tieFacts(tie) {
    const facts = [];
    if (!isFact(tie.status)) facts.push(["status", tie.status]);
    if (tie.stage) facts.push(["stage", tie.stage]);
    if (typeof tie.confidence === "number") facts.push(["confidence", tie.confidence.toFixed(2)]);
    Object.entries(tie.properties || {}).forEach(([key, value]) => {
      if (value !== null && value !== undefined && value !== "") {
        facts.push([key, Array.isArray(value) ? value.join(", ") : String(value)]);
      }
    });
    return facts;
  }

  function factList(facts) {
    const list = el("dl", "facts");
    facts.forEach(([key, value]) => list.append(el("dt", null, key), el("dd", null, value)));
    return list;
  }

  function createPanel(options) {
    const { root, body, closeButton, styles, lookup, entityUrl, onEntity, onClose } = options;

    function entityButton(id) {
      const entity = lookup(id);
      const button = el("button", "entity-link", entity ? entity.name : id);
      button.type = "button";
      button.addEventListener("click", () => onEntity(id));
      return button;
    }

    function open(children) {
      body.replaceChildren(...children);
      root.hidden = false;
      body.scrollTop = 0;
    }

    function tieItem(tie, entityId) {
      const outgoing = tie.source === entityId;
      const other = outgoing ? tie.target : tie.source;
      const arrow = tie.directed === false ? "↔" : outgoing ? "→" : "←";
      const head = el("div", "tie-head");
      const direction = el("span", "tie-dir", arrow);
      const way = outgoing ? "from this entity" : "to this entity";
      direction.title = tie.directed === false ? "both ways" : way;
      head.append(direction, el("span", "tie-type", tieWords(tie.type)), entityButton(other));
      if (!isFact(tie.status)) head.append(el("span", "badge " + tie.status, tie.status));
      const item = el("li", "tie");
      item.dataset.tie = tie.id;
      item.append(head);
      const facts = tieFacts(tie).filter(([key]) => key !== "status");
      if (facts.length) item.append(el("div", "tie-meta", facts.map(([k, v]) => k + ": " + v).join(" · ")));
      item.append(sourceList(tie.sources));
      return item;
    }

    function showEntity(entity, ties) {
      const parts = [];
      const header = el("header", "panel-header");
      header.append(kindChip(entity.kind, styles), el("h2", "panel-title", entity.name || entity.id));
      parts.push(header);
      const labelList = asList(entity.labels);
      if (labelList.length) {
        const labels = el("div", "labels");
        labelList.forEach((label) => labels.append(el("span", "label-chip", label)));
        parts.push(labels);
      }
      const aliases = asList(entity.aliases);
      if (aliases.length) parts.push(el("p", "aliases", "Also known as " + aliases.join(", ")));
      if (entity.description) parts.push(el("p", "description", entity.description));
      const facts = asList(entity.facts).filter((f) => f && f.name && present(f.value));
      if (facts.length) {
        const rows = facts.map((f) => [
          String(f.name).replace(/_/g, " "),
          [f.value, f.unit].filter(present).join(" "),
        ]);
        parts.push(factList(rows));
      }
      const idLine = el("p", "entity-id", entity.id);
      const url = entityUrl(entity.id);
      if (url) {
        const link = el("a", "open-entity", "Open its page");
        link.href = url;
        idLine.append(" · ", link);
      }
      parts.push(idLine);
      const sorted = ties.slice().sort((a, b) => String(a.type).localeCompare(String(b.type)));
      parts.push(el("h3", null, sorted.length === 1 ? "1 tie" : sorted.length + " ties"));
      const list = el("ul", "ties");
      sorted.forEach((tie) => list.append(tieItem(tie, entity.id)));
      parts.push(list);
      open(parts);
    }

    function showTie(tie) {
      const header = el("header", "panel-header");
      header.append(el("span", "kind-chip tie-chip", "Tie"), el("h2", "panel-title", tieWords(tie.type)));
      const sentence = el("p", "tie-sentence");
      sentence.append(
        entityButton(tie.source),
        el("span", "tie-arrow", tie.directed === false ? " ↔ " : " → "),
        entityButton(tie.target)
      );
      const parts = [header, sentence, factList(tieFacts(tie))];
      const count = asList(tie.sources).length;
      parts.push(el("h3", null, count === 1 ? "1 source" : count + " sources"));
      parts.push(sourceList(tie.sources));
      open(parts);
    }

    function hide() {
      root.hidden = true;
      body.replaceChildren();
    }

    closeButton.addEventListener("click", () => {
      hide();
      onClose();
    });
    return { showEntity, showTie, hide, isOpen: () => !root.hidden };
  }

  // The page's words (viz/strings.py), keyed by what they say; `{name}` is filled in as text.
  let words = {};
  function useWords(table) {
    words = table || {};
  }
  function t(key, params) {
    const text = Object.prototype.hasOwnProperty.call(words, key) ? words[key] : key;
    return text.replace(/\{(\w+)\}/g, (all, name) =>
      params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : all
    );
  }

  ns.el = el;
  ns.t = t;
  ns.useWords = useWords;
  ns.asList = asList;
  ns.tieWords = tieWords;
  ns.tieDetail = tieDetail;
  ns.useTieStyles = useTieStyles;
  ns.isFact = isFact;
  ns.createPanel = createPanel;
})();
