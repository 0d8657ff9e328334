/** The report's only style sheet (inline; the Content-Security-Policy allows exactly this text by its hash). */
export const REPORT_CSS = `
:root { --fg: #1d2330; --muted: #5b6475; --line: #d5dae3; --bg-alt: #f5f7fa; --red: #c0392b; --orange: #d35400; --green: #1e8449; --grey: #7f8c8d; --blue: #2357a0; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px 32px 64px; color: var(--fg); background: #fff;
  font: 15px/1.6 "Hiragino Kaku Gothic ProN", "Hiragino Sans", "Noto Sans CJK JP", "Noto Sans JP", "Yu Gothic", Meiryo, "IPAGothic", system-ui, sans-serif; }
h1 { font-size: 1.7em; margin: 0 0 4px; }
h2 { font-size: 1.3em; margin: 40px 0 12px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 1.08em; margin: 24px 0 8px; }
p.meta, p.note, .legend { color: var(--muted); font-size: 0.92em; }
nav ol { columns: 2; padding-left: 1.4em; }
a { color: var(--blue); }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.9em; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--bg-alt); white-space: nowrap; }
tbody tr:nth-child(even) { background: #fbfcfd; }
td.wrap, td code { overflow-wrap: anywhere; }
td.num { text-align: right; white-space: nowrap; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
code, .mono { font-family: "Cascadia Mono", "Source Code Pro", Menlo, Consolas, "IPAGothic", monospace; font-size: 0.92em; }
pre.value { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; font-family: inherit; }
ul.summary li { margin: 4px 0; }
.badge { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 0.85em; color: #fff; background: var(--grey); white-space: nowrap; }
.v-compromised, .lv-critical { background: var(--red); }
.v-suspicious, .lv-high { background: var(--orange); }
.lv-medium { background: #b7950b; }
.v-clean { background: var(--green); }
.lv-low, .lv-informational, .v-unknown { background: var(--grey); }
.derived { color: var(--muted); font-size: 0.85em; }
.changed { color: var(--red); font-weight: bold; }
.graph-wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
svg.graph { max-width: 100%; height: auto; font-size: 12px; }
svg.graph .node rect { fill: #eef1f5; stroke: var(--grey); stroke-width: 1.5; }
svg.graph .node-compromised rect { fill: #fdecea; stroke: var(--red); stroke-width: 2.5; }
svg.graph .node-suspicious rect { fill: #fef3e6; stroke: var(--orange); stroke-width: 2; }
svg.graph .node-clean rect { fill: #eafaf1; stroke: var(--green); }
svg.graph .node-external rect { fill: #fff; stroke: #555; stroke-dasharray: 5 3; }
svg.graph .node-name { font-weight: bold; fill: var(--fg); }
svg.graph .node-sub { fill: var(--muted); font-size: 11px; }
svg.graph .edge path { fill: none; stroke: #7a8699; stroke-width: 1.6; stroke-linejoin: round; }
svg.graph .edge text { fill: var(--muted); font-size: 11px; }
svg.graph marker { fill: #7a8699; }
svg.graph .edge-lateral path { stroke: var(--orange); }
svg.graph .edge-c2 path { stroke: var(--red); }
svg.graph .edge-exfil path { stroke: #8e44ad; }
svg.graph marker.arrow-lateral { fill: var(--orange); }
svg.graph marker.arrow-c2 { fill: var(--red); }
svg.graph marker.arrow-exfil { fill: #8e44ad; }
footer { margin-top: 48px; color: var(--muted); font-size: 0.85em; }
@media print { body { max-width: none; padding: 0; } nav { display: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } .graph-wrap { overflow: visible; } }
`;
