/**
 * The browse pages' one stylesheet. Kept in a module rather than a .css file so the compiled tree (and
 * the container image, which ships dist/ only) carries it; served under a content-hashed name.
 */
export const BROWSE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa;
  --link: #0550ae; --focus: #bf3989;
  --good-bg: #dafbe1; --good-fg: #116329; --warning-bg: #fff8c5; --warning-fg: #6c4a00;
  --bad-bg: #ffebe9; --bad-fg: #a40e26; --neutral-bg: #eaeef2; --neutral-fg: #3d444d;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --panel: #161b22;
    --link: #79c0ff; --focus: #ff9bce;
    --good-bg: #0f3d1f; --good-fg: #7ee2a0; --warning-bg: #3d2f00; --warning-fg: #f2cc60;
    --bad-bg: #4c1018; --bad-fg: #ffa198; --neutral-bg: #21262d; --neutral-fg: #c9d1d9;
  }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--fg); line-height: 1.5;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif;
}
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, [tabindex]:focus-visible, summary:focus-visible {
  outline: 3px solid var(--focus); outline-offset: 2px;
}
code, pre, kbd { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: 0.9em; }
.skip { position: absolute; left: 0.5rem; top: -3rem; background: var(--bg); padding: 0.5rem 1rem; z-index: 1; }
.skip:focus { top: 0.5rem; }
.vh { position: absolute; width: 1px; height: 1px; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.site { border-bottom: 1px solid var(--line); background: var(--panel); }
.site-inner, main, .foot { max-width: 64rem; margin: 0 auto; padding: 0.75rem 1rem; }
.site-inner { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; align-items: baseline; justify-content: space-between; }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--fg); text-decoration: none; }
.site nav a { margin-left: 1rem; }
main:focus { outline: none; }
h1 { font-size: 1.6rem; margin: 0.5rem 0; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 1.25rem; margin: 1.75rem 0 0.5rem; }
h3 { font-size: 1.05rem; margin: 0 0 0.5rem; overflow-wrap: anywhere; }
.search { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: flex-end; margin: 1rem 0; }
.search label { flex-basis: 100%; font-weight: 600; }
.search input {
  flex: 1 1 14rem; min-width: 0; font: inherit; padding: 0.5rem 0.75rem;
  border: 1px solid var(--muted); border-radius: 6px; background: var(--bg); color: var(--fg);
}
button, .button {
  font: inherit; padding: 0.45rem 0.9rem; border-radius: 6px; border: 1px solid var(--muted);
  background: var(--panel); color: var(--fg); cursor: pointer; min-height: 2.5rem;
}
.hint, .muted { color: var(--muted); }
.hint { margin: 0; font-size: 0.9rem; flex-basis: 100%; }
.servers { list-style: none; padding: 0; margin: 0; }
.server { border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem; margin: 0 0 0.75rem; }
.server h2 { margin: 0; font-size: 1.1rem; overflow-wrap: anywhere; }
.server p { margin: 0.25rem 0; overflow-wrap: anywhere; }
.ident { color: var(--muted); font-size: 0.9rem; overflow-wrap: anywhere; }
.badges { list-style: none; padding: 0; margin: 0.4rem 0 0; display: flex; flex-wrap: wrap; gap: 0.35rem; }
.badge { font-size: 0.8rem; padding: 0.1rem 0.55rem; border-radius: 999px; border: 1px solid currentColor; overflow-wrap: anywhere; }
.badge-good { background: var(--good-bg); color: var(--good-fg); }
.badge-warning { background: var(--warning-bg); color: var(--warning-fg); }
.badge-bad { background: var(--bad-bg); color: var(--bad-fg); }
.badge-neutral { background: var(--neutral-bg); color: var(--neutral-fg); }
.badge-notes { margin: 0.5rem 0 0; padding-left: 1.25rem; font-size: 0.9rem; overflow-wrap: anywhere; }
.pages { display: flex; gap: 1rem; justify-content: space-between; margin: 1rem 0; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 1rem 0; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 0.75rem 1rem; margin: 0 0 1rem; }
.line { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.5rem 0; }
.line pre { flex: 1; min-width: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
pre {
  margin: 0; padding: 0.6rem 0.75rem; background: var(--panel); border: 1px solid var(--line);
  border-radius: 6px; overflow-x: auto; white-space: pre;
}
.meta pre { max-height: 28rem; overflow: auto; }
.copy.copied::after { content: " ✓"; }
.table-wrap { overflow-x: auto; margin: 0.5rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); }
th { font-weight: 600; }
td { overflow-wrap: break-word; }
.current { font-weight: 700; }
.notice { border-left: 4px solid var(--warning-fg); background: var(--warning-bg); color: var(--warning-fg); padding: 0.5rem 0.75rem; }
.foot { color: var(--muted); font-size: 0.85rem; border-top: 1px solid var(--line); margin-top: 2rem; }
@media (max-width: 40rem) {
  h1 { font-size: 1.35rem; }
  .facts { gap: 0.2rem 0.75rem; }
  .line { flex-direction: column; align-items: flex-end; }
  .line pre { width: 100%; }
  table.inputs, .inputs tbody, .inputs tr, .inputs td { display: block; }
  .inputs thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  .inputs tr { border-bottom: 1px solid var(--line); padding: 0.35rem 0; }
  .inputs td { border: 0; padding: 0.1rem 0; }
  .inputs td::before { content: attr(data-label) ": "; font-weight: 600; }
  .search button { flex: 1 1 100%; }
}
`;
