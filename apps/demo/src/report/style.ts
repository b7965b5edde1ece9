/**
 * The report's stylesheet, inlined into the page (no network): layout, cards, charts and the
 * status colours (ok green, error red, skipped amber hatched, not computable grey) and the stage
 * colours of the promotion timeline (candidate pale, shadow blue, canary amber, promoted green).
 * Owns: CSS. Must not: hold markup or data.
 */
export const STYLE = `
:root{--ink:#1c2430;--muted:#5b6675;--line:#d7dde5;--bg:#f6f8fb;--card:#fff;--ok:#2f9a6b;--error:#d1453b;--skip:#d99a12;--nc:#8d96a0;--avail:#e8eef6;--sel:#2563eb}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif}
header,main,footer{max-width:1180px;margin:0 auto;padding:0 24px}
header{padding-top:28px}
h1{font-size:24px;margin:0 0 4px}
h1 code{font-size:inherit}
h2{font-size:17px;margin:0 0 4px}
.sub,.hint{color:var(--muted);margin:0 0 12px}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:10px;margin:16px 0 8px;padding:0}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card dt{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card dd{margin:2px 0 0;font-size:20px;font-weight:600}
.card.wide{grid-column:1/-1}
.card.wide dd{font-size:12.5px;font-weight:500;word-break:break-all}
.card.bad dd{color:var(--error)}.card.warn dd{color:#a16d00}.card.good dd{color:var(--ok)}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:14px 0;padding:16px 16px 10px}
.scroll{overflow-x:auto;padding-bottom:4px}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:6px 0 0;padding:0;list-style:none;color:var(--muted);font-size:12.5px}
.legend li{display:flex;align-items:center;gap:6px}
.sw{display:inline-block;width:14px;height:12px;border-radius:2px;border:1px solid rgba(0,0,0,.15)}
.sw.line{height:0;border:0;border-top:2px solid var(--ink);width:16px}
.sw.dash{height:0;border:0;border-top:2px dashed var(--ink);width:16px}
.sw.avail{background:var(--avail)}
svg.chart{display:block;font-size:11px}
svg .lane-name{font-size:13px;font-weight:600;fill:var(--ink)}
svg .axis{fill:var(--muted)}
svg .tick-label{fill:var(--muted);text-anchor:middle}
svg .task-name{fill:var(--ink);text-anchor:end;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:11.5px}
svg .baseline{stroke:var(--line);stroke-width:1}
svg .hit{fill:transparent;cursor:pointer}
svg .tick-col:hover .hit{fill:rgba(37,99,235,.05)}
svg .tick-col.selected .hit{fill:rgba(37,99,235,.10)}
svg .avail{fill:var(--avail);stroke:#c3cddb;stroke-width:1}
svg .budget-line{stroke:var(--ink);stroke-width:2}
svg .ev{stroke:#fff;stroke-width:1}
.st-ok{fill:var(--ok);background:var(--ok)}
.st-error{fill:var(--error);background:var(--error)}
.st-not_computable{fill:var(--nc);background:var(--nc)}
svg .st-skipped_budget{fill:url(#hatch);stroke:var(--skip);stroke-width:1.5;stroke-dasharray:3 2}
.sw.st-skipped_budget{background:repeating-linear-gradient(45deg,#fdf3dc 0 3px,var(--skip) 3px 5px)}
svg .hatch-bg{fill:#fdf3dc}svg .hatch-line{stroke:var(--skip);stroke-width:2.5}
svg .marker{text-anchor:middle;font-size:12px;font-weight:700}
svg .mk-error{fill:var(--error)}svg .mk-skipped_budget{fill:#a16d00}
svg .glyph{text-anchor:middle;font-size:11px;font-weight:700;fill:#fff;pointer-events:none}
svg .cell{stroke:none}
svg .cell.st-skipped_budget{fill:#f7dc9c;stroke:var(--skip);stroke-dasharray:none}
svg .glyph.mk-skipped_budget{fill:#7a5200}
svg .spent{fill:#5a7bb5}
svg .spent.has-error{fill:#b85a6a}
svg .spent.has-skip{stroke:var(--skip);stroke-width:2}
svg .avail-line{fill:none;stroke:var(--ink);stroke-width:1.5;stroke-dasharray:5 3}
svg .util{text-anchor:middle;fill:var(--muted);font-size:10px}
.table-scroll{max-height:520px;overflow-y:auto}
.results-table{border-collapse:collapse;width:100%;font-size:13px;table-layout:fixed}
.results-table th{text-align:left;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line);padding:6px 8px}
.results-table td{border-bottom:1px solid #eef1f5;padding:5px 8px;vertical-align:top;overflow-wrap:anywhere}
.incidents thead th{position:sticky;top:0;background:var(--card)}
table.incidents{border-collapse:collapse;width:100%;font-size:13px}
.incidents th{text-align:left;color:var(--muted);font-weight:600;border-bottom:1px solid var(--line);padding:6px 8px}
.incidents td{border-bottom:1px solid #eef1f5;padding:5px 8px;vertical-align:top}
.incidents td.num{text-align:right;font-variant-numeric:tabular-nums}
.incidents tr{cursor:pointer}.incidents tr:hover td{background:#f3f6fb}
.incidents tr.selected td{background:#e7efff}
.badge{display:inline-block;color:#fff;border-radius:10px;padding:0 8px;font-size:12px;white-space:nowrap}
.badge.st-skipped_budget{background:#f7dc9c;color:#7a5200}
.none{color:var(--muted)}
#details{border-top:1px solid var(--line);padding:10px 2px 2px;margin:10px 0 0;min-height:3em}
#details h3{margin:0 0 6px;font-size:14px}
#details .lanes{display:grid;grid-template-columns:1fr 1fr;gap:12px}
#details ol{margin:0;padding-left:20px}
#details li{margin:1px 0}
#details .empty{color:var(--muted);margin:0}
svg .row-band{fill:#f1f4f8}
.sg-candidate{fill:#d5dbe3;background:#d5dbe3}
.sg-shadow{fill:#8fa8c8;background:#8fa8c8}
.sg-canary{fill:#e2b650;background:#e2b650}
.sg-promoted{fill:var(--ok);background:var(--ok)}
svg .stage-mark{text-anchor:middle;font-size:11px;font-weight:700;fill:#1c2430;pointer-events:none}
svg .stage-mark.mk-demote{fill:var(--error)}
#details .promotion{margin:8px 0 0;padding-left:20px}
footer{color:var(--muted);font-size:12px;padding:8px 24px 28px;overflow-wrap:anywhere}
#stability p,#results p{overflow-wrap:anywhere}
`;
