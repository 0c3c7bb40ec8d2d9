/* Who met whom as a network (templates/pages/network.html).
 *
 * Reads participant_pairs (the precomputed edge list) page by page through the
 * JSON API, each participant's side with one read-only SQL query, and the side
 * colours from sides.json (shared with the record pages and the dashboard).
 * Draws with Cytoscape.js. window.whoMetWhom holds the graph, for tests.
 */
(function () {
  "use strict";
  const container = document.getElementById("network");
  const status = document.getElementById("network-status");
  const info = document.getElementById("network-info");
  const base = container.dataset.database;
  const root = base.replace(/\/[^/]*$/, "");
  const ROW_TABLES = { person: "people", organisation: "organisations" };

  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  async function json(url) {
    const response = await fetch(url);
    if (!response.ok) throw new Error(url + ": " + response.status);
    return response.json();
  }

  // A force layout in the browser stays readable and quick up to a few thousand
  // lines: past MAX_PAIRS, the pairs with the most shared meetings are drawn.
  const MAX_PAIRS = 2000;
  let totalPairs = 0;

  async function allRows(url) {
    const rows = [];
    let next = url;
    while (next && rows.length < MAX_PAIRS) {
      const page = await json(next);
      totalPairs = page.filtered_table_rows_count || totalPairs;
      rows.push(...page.rows);
      next = page.next_url;
    }
    return rows.slice(0, MAX_PAIRS);
  }

  async function load() {
    const [colours, pairs, sides] = await Promise.all([
      json(root + "/assets/sides.json"),
      allRows(base + "/participant_pairs.json?_shape=objects&_size=max&_sort_desc=meetings"),
      json(base + ".json?_shape=array&sql=" + encodeURIComponent(
        "select 'person' as type, id, nationality as side from people " +
        "union all select 'organisation', id, side from organisations")),
    ]);
    const sideOf = {};
    sides.forEach((r) => { sideOf[r.type + ":" + r.id] = r.side; });
    const colourOf = (side) => colours[side] || colours.other;

    const nodes = {};
    const edges = [];
    pairs.forEach((p) => {
      ["a", "b"].forEach((k) => {
        const type = p["participant_" + k + "_type"];
        const id = type + ":" + p["participant_" + k + "_id"];
        if (!nodes[id]) {
          const side = sideOf[id] || null;
          nodes[id] = { data: {
            id: id, type: type, rowId: p["participant_" + k + "_id"], label: p["participant_" + k],
            side: side, colour: colourOf(side), meetings: 0, partners: 0,
          } };
        }
        nodes[id].data.meetings += p.meetings;
        nodes[id].data.partners += 1;
      });
      edges.push({ data: {
        id: "e" + edges.length, source: p.participant_a_type + ":" + p.participant_a_id,
        target: p.participant_b_type + ":" + p.participant_b_id, meetings: p.meetings,
        meetingIds: p.meeting_ids, first: p.first_date, last: p.last_date,
      } });
    });

    const cy = cytoscape({
      container: container,
      elements: { nodes: Object.values(nodes), edges: edges },
      style: [
        { selector: "node", style: {
          "background-color": "data(colour)", label: "data(label)", "font-size": 11,
          width: "mapData(partners, 1, 10, 14, 40)", height: "mapData(partners, 1, 10, 14, 40)",
          "text-valign": "bottom", "text-margin-y": 3,
          "text-background-color": "#fff", "text-background-opacity": 0.7, "text-background-padding": 1,
        } },
        { selector: 'node[type = "group"]', style: { shape: "round-rectangle" } },
        { selector: "edge", style: {
          width: "mapData(meetings, 1, 5, 1, 8)", "line-color": "#bbb", "curve-style": "haystack", opacity: 0.8,
        } },
        { selector: ".faded", style: { opacity: 0.1 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#000" } },
      ],
      layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: () => 400000,
                idealEdgeLength: () => 120, nodeOverlap: 20, padding: 30 },
      wheelSensitivity: 0.3,
    });
    window.whoMetWhom = cy;

    const legend = document.getElementById("network-legend");
    const seen = new Set(Object.values(nodes).map((n) => (colours[n.data.side] ? n.data.side : "other")));
    legend.innerHTML = Object.keys(colours).filter((k) => !k.startsWith("_") && seen.has(k)).map((k) =>
      '<span class="side"><span class="side-chip" style="--side: ' + colours[k] + '"></span>' + escapeHtml(k) + "</span>"
    ).join("");

    function filter() {
      const min = parseInt(document.getElementById("min-meetings").value, 10) || 1;
      const groups = document.getElementById("show-groups").checked;
      cy.batch(() => {
        cy.elements().style("display", "element");
        cy.edges().filter((e) => e.data("meetings") < min).style("display", "none");
        cy.nodes().filter((n) => (!groups && n.data("type") === "group")
          || n.connectedEdges().filter((e) => e.style("display") !== "none").length === 0).style("display", "none");
      });
      const shown = cy.nodes().filter((n) => n.style("display") !== "none").length;
      status.textContent = shown + " participants, " + cy.edges().filter((e) => e.style("display") !== "none").length + " pairs"
        + (totalPairs > edges.length ? " (the " + edges.length + " pairs with most meetings of " + totalPairs + ")" : "");
    }
    document.getElementById("min-meetings").addEventListener("change", filter);
    document.getElementById("show-groups").addEventListener("change", filter);
    filter();

    cy.on("tap", "node", (event) => {
      const n = event.target.data();
      const table = ROW_TABLES[n.type];
      const record = table ? '<a href="' + base + "/" + table + "/" + encodeURIComponent(n.rowId) + '">' + escapeHtml(n.label) + "</a>"
        : escapeHtml(n.label);
      const meetings = base + "/meetings?participants__arraycontains=" + encodeURIComponent(n.label);
      info.innerHTML = "<strong>" + record + "</strong> (" + escapeHtml(n.type) + ", " + escapeHtml(n.side || "side unknown") +
        "): " + n.partners + " partner(s); <a href=\"" + meetings + "\">their meetings</a>.";
      cy.elements().addClass("faded");
      event.target.closedNeighborhood().removeClass("faded");
    });
    cy.on("tap", (event) => {
      if (event.target === cy) { cy.elements().removeClass("faded"); info.textContent = ""; }
    });
  }

  load().catch((error) => { status.textContent = "Could not load the network: " + error.message; throw error; });
})();
