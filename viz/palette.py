"""How each kind of entity and each tie looks: one table, shared by the server and the page script.

Colours follow the Okabe-Ito set (told apart with the common colour-vision deficiencies), lightened
for a white canvas; the shape repeats the kind so that nothing depends on colour alone.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from graph.model import MODEL


@dataclass(frozen=True)
class KindStyle:
    color: str
    border: str
    shape: str


KIND_STYLES: dict[str, KindStyle] = {
    "Organization": KindStyle(color="#3d8fd1", border="#1f5f94", shape="dot"),
    "Person": KindStyle(color="#e69f00", border="#a86f00", shape="diamond"),
    "Place": KindStyle(color="#2fae86", border="#1c7a5c", shape="square"),
    "Event": KindStyle(color="#cc79a7", border="#94507a", shape="star"),
    "Source": KindStyle(color="#9aa5b1", border="#616e7c", shape="box"),
}
UNKNOWN_KIND = KindStyle(color="#bcc3cc", border="#7b8794", shape="dot")
UNKNOWN_GROUP = "Unknown"

EDGE_COLOR = "#a3adb8"
EDGE_ACTIVE = "#334e68"
HIGHLIGHT = "#d7263d"
FOCUS_BORDER = "#102a43"

# Structure overlays: the largest communities in colours told apart from one another (Tableau 10,
# softened), the rest in one grey; brokers get a dark thick outline.
COMMUNITY_COLORS = (
    "#4e79a7",
    "#f28e2b",
    "#59a14f",
    "#e15759",
    "#b07aa1",
    "#76b7b2",
    "#edc948",
    "#ff9da7",
    "#9c755f",
    "#86bcb6",
)
COMMUNITY_OTHER = "#d5dae0"
BROKER_BORDER = "#111827"

NODE_SIZE_MIN = 12
NODE_SIZE_MAX = 32
LABEL_MAX = 48  # characters drawn under a node; the panel shows the whole name


def kind_style(kind: str | None) -> KindStyle:
    return KIND_STYLES.get(kind or "", UNKNOWN_KIND)


def kind_group(kind: str | None) -> str:
    """The vis-network group a node is drawn with: its kind, or one group for kinds we have no look for."""
    return kind if kind in KIND_STYLES else UNKNOWN_GROUP


def node_color(style: KindStyle, border: str | None = None) -> dict:
    active = {"background": style.color, "border": FOCUS_BORDER}
    return {"background": style.color, "border": border or style.border, "highlight": active, "hover": active}


def vis_groups() -> dict:
    """One vis-network group per kind, so each node need not repeat its colours."""
    styles = {**KIND_STYLES, UNKNOWN_GROUP: UNKNOWN_KIND}
    return {
        name: {"shape": style.shape, "color": node_color(style), "borderWidth": 1.5}
        for name, style in styles.items()
    }


def tie_directed(tie_type: str, flag: object = None) -> bool:
    """The edge's own `directed` flag wins; otherwise the model says; unknown types get arrows."""
    if isinstance(flag, bool):
        return flag
    tie = MODEL.ties.get(tie_type)
    return tie.directed if tie else True


def tie_label(tie_type: str) -> str:
    """What is written on the edge and in the legend: the type's caption in graph/model.yaml
    (`PARTNERS_WITH` -> `partners with`), the type itself when the model does not know it."""
    tie = MODEL.ties.get(tie_type)
    return tie.caption if tie else tie_type


def tie_detail(tie_type: str, properties: dict) -> str | None:
    """The property that tells ties of this type apart (model.yaml `key`: a title, a role), if given."""
    tie = MODEL.ties.get(tie_type)
    value = properties.get(tie.key) if tie and tie.key else None
    return str(value) if value not in (None, "") else None


def style_table() -> dict:
    """The same styling, as plain data, for the page script (it styles nodes added by expansion)."""
    return {
        "kinds": {name: asdict(style) for name, style in KIND_STYLES.items()},
        "unknownKind": asdict(UNKNOWN_KIND),
        "unknownGroup": UNKNOWN_GROUP,
        "tieDirected": {name: tie.directed for name, tie in MODEL.ties.items()},
        "tieCaption": {name: tie.caption for name, tie in MODEL.ties.items()},
        "tieKey": {name: tie.key for name, tie in MODEL.ties.items() if tie.key},
        "factStatuses": list(MODEL.status_policy.facts),  # drawn solid; other statuses dashed
        # what each kind and label is called, in every language: the standalone page's search
        "words": {
            name: [w for said in by_language.values() for w in said]
            for name, by_language in MODEL.words.items()
        },
        "edgeColor": EDGE_COLOR,
        "edgeActive": EDGE_ACTIVE,
        "highlight": HIGHLIGHT,
        "focusBorder": FOCUS_BORDER,
        "nodeSizeMin": NODE_SIZE_MIN,
        "nodeSizeMax": NODE_SIZE_MAX,
        "communityColors": list(COMMUNITY_COLORS),
        "communityOther": COMMUNITY_OTHER,
        "brokerBorder": BROKER_BORDER,
        "labelMax": LABEL_MAX,
    }
