// The snapshot explorer: DuckDB-WASM (shipped beside this page) over the snapshot's own Parquet
// files, fetched over HTTP relative to the page. No network beyond the server the page came from.
import * as duckdb from '@duckdb/duckdb-wasm';
import { DataType } from 'apache-arrow';
import QUERY_TEXT from './queries.sql';

const $ = (sel) => document.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) e.append(c);
  return e;
};

const SHOW_ROWS = 1000; // rows shown of a free query's result (the CSV has all of them)
const state = { conn: null, labels: null, tables: null, result: null, reportToken: 0, trendToken: 0,
                place: { province: null, city: null, county: null }, complianceToken: 0 };

// body[data-busy] counts the operations in flight: 0 when everything shown is up to date.
let pending = 0;
async function busy(fn) {
  document.body.dataset.busy = String(++pending);
  try {
    return await fn();
  } catch (e) {
    console.error(e);
    setStatus('error', `出错 / Error: ${e.message || e}`);
  } finally {
    document.body.dataset.busy = String(--pending);
  }
}

// ---------------------------------------------------------------- queries
function parseQueries(text) {
  const out = {};
  let name = null;
  for (const line of text.split('\n')) {
    const m = line.match(/^--\s*name:\s*(\w+)/);
    if (m) { name = m[1]; out[name] = ''; continue; }
    if (name && !line.startsWith('--')) out[name] += line + '\n';
  }
  return out;
}
const Q = parseQueries(QUERY_TEXT);
const fill = (sql, vars) => sql.replace(/\{\{(\w+)\}\}/g, (_, k) => {
  if (!(k in vars)) throw new Error(`query placeholder {{${k}}} not filled`);
  return vars[k];
});
const sqlString = (s) => "'" + String(s).replace(/'/g, "''") + "'";

async function rows(name, ...params) {
  const stmt = await state.conn.prepare(Q[name]);
  try {
    return (await stmt.query(...params)).toArray().map((r) => r.toJSON());
  } finally {
    await stmt.close();
  }
}

// ---------------------------------------------------------------- formatting
function plain(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Math.round(v * 1e6) / 1e6);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object' && typeof v.toJSON === 'function') {
    return JSON.stringify(v.toJSON(), (_, x) => (typeof x === 'bigint' ? x.toString() : x));
  }
  return String(v);
}

function formatter(type) {
  if (DataType.isDate(type)) return (v) => (v === null ? null : new Date(Number(v)).toISOString().slice(0, 10));
  if (DataType.isTimestamp(type)) return (v) => (v === null ? null : new Date(Number(v)).toISOString());
  return plain;
}

const num = (v) => (v === null || v === undefined ? '' : plain(v));

// ---------------------------------------------------------------- status
function setStatus(stateName, text) {
  const s = $('#status');
  s.dataset.state = stateName;
  s.textContent = text;
}

// ---------------------------------------------------------------- start
async function getJSON(path) {
  const r = await fetch(path);
  if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
  return r.json();
}

async function openDatabase() {
  const here = (p) => new URL(p, location.href).href;
  const worker = new Worker(here('duckdb-browser-eh.worker.js'));
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await db.instantiate(here('duckdb-eh.wasm'));
  // A plain static server (python -m http.server) answers no byte ranges: read such files whole.
  await db.open({ filesystem: { allowFullHTTPReads: true },
                  query: { castBigIntToDouble: true, castDecimalToDouble: true } });
  const conn = await db.connect();
  for (const stmt of Q.settings.split(';').filter((s) => s.trim())) await conn.query(stmt);
  for (const t of state.tables.tables) {
    if (!t.files.length) {
      const columns = t.columns.map(([name, type]) => `NULL::${type} AS "${name}"`).join(', ');
      await conn.query(fill(Q.create_empty_view, { name: `"${t.name}"`, columns }));
      continue;
    }
    for (const f of t.files) {
      await db.registerFileURL(f, new URL(state.tables.root + f, location.href).href,
                               duckdb.DuckDBDataProtocol.HTTP, false);
    }
    const options = t.partition_by
      ? `, hive_partitioning = true, hive_types = {'${t.partition_by}': SMALLINT}` : '';
    await conn.query(fill(Q.create_view, { name: `"${t.name}"`, files: t.files.map(sqlString).join(', '), options }));
  }
  await conn.query(Q.macros);
  return conn;
}

async function main() {
  try {
    setStatus('loading', '正在加载 DuckDB… / Loading DuckDB…');
    [state.labels, state.tables] = await Promise.all([getJSON('labels.json'), getJSON('tables.json')]);
    state.conn = await openDatabase();
    const [s] = await rows('summary');
    $('#snapshot').textContent = `快照 snapshot ${state.tables.snapshot} · ${num(s.reports)} 份报告 reports · ` +
      `${num(s.agencies)} 个机关 agencies · ${s.first_year === null ? '—' : `${num(s.first_year)}–${num(s.last_year)}`}`;
    setupMetrics();
    setupSql();
    await setupCompliance();
    const shared = new URLSearchParams(location.hash.slice(1)); // read before the menus rewrite it
    if (!(await openShared(shared))) await loadRegions();
    setStatus('ready', '就绪 / Ready');
  } catch (e) {
    console.error(e);
    setStatus('error', `出错 / Error: ${e.message || e}`);
  }
}

// ---------------------------------------------------------------- menus
function fillSelect(select, options, value) {
  select.replaceChildren(...options.map(([v, text]) => el('option', { value: v, text })));
  if (value !== undefined && options.some(([v]) => v === value)) select.value = value;
}

async function loadRegions(region, city, agency, year) {
  const list = await rows('region_list');
  fillSelect($('#region'), list.map((r) => [r.region, `${r.region}（${num(r.agencies)}）`]), region);
  await loadCities(city, agency, year);
}

async function loadCities(city, agency, year) {
  const list = await rows('city_list', $('#region').value);
  fillSelect($('#city'), [['', '全部 all'], ...list.map((r) => [r.city, `${r.city}（${num(r.agencies)}）`])], city ?? '');
  await loadAgencies(agency, year);
}

async function loadAgencies(agency, year) {
  const city = $('#city').value;
  const list = await rows('agency_list', $('#region').value, city, city);
  state.agencies = Object.fromEntries(list.map((a) => [a.agency_id, a]));
  fillSelect($('#agency'), list.map((a) => [a.agency_id, a.name]), agency);
  loadYears(year);
  await Promise.all([showReport(), showTrend()]);
}

function loadYears(year) {
  const a = state.agencies[$('#agency').value];
  const years = a ? a.years.split(',').reverse() : [];
  fillSelect($('#year'), years.map((y) => [y, y]), year === undefined ? undefined : String(year));
}

// A shared link #agency=<agency_id>&year=<year> opens that report; false when there is none.
async function openShared(params) {
  const agency = params.get('agency');
  if (!agency) return false;
  const [place] = await rows('agency_place', agency);
  if (!place) return false;
  await loadRegions(place.region, place.city, agency, params.get('year') ?? undefined);
  return true;
}

function remember() {
  const a = $('#agency').value;
  if (a) history.replaceState(null, '', `#agency=${encodeURIComponent(a)}&year=${$('#year').value}`);
}

// ---------------------------------------------------------------- one report
async function showReport() {
  const token = ++state.reportToken; // a newer selection wins over a slower older query
  const out = $('#report');
  const agency = $('#agency').value;
  const year = Number($('#year').value);
  if (!agency || !year) { out.replaceChildren(el('p', { text: '无报告 / no report' })); return; }
  remember();
  const [report] = await rows('report', agency, year);
  if (!report) { out.replaceChildren(el('p', { text: '无报告 / no report' })); return; }
  const [facts, checks] = await Promise.all([rows('report_facts', year, report.report_id),
                                            rows('report_checks', report.report_id)]);
  if (token !== state.reportToken) return;
  const values = Object.fromEntries(facts.map((f) => [f.code, f]));
  // cells of the report's layouts that were not read: shown as "?", never as blank or 0
  const missing = new Set(listOf(report.missing));
  const layoutChecks = state.labels.checks[report.t3_layout || '2021'] || {};
  const failedCells = new Set();
  for (const c of checks) {
    const info = layoutChecks[c.check_id];
    if (c.ok === false && info) for (const code of [...info.lhs, ...info.rhs]) failedCells.add(code);
  }
  const failed = checks.filter((c) => c.ok === false).length;
  const unknown = checks.filter((c) => c.ok === null || c.ok === undefined).length;
  const marks = { failed: failedCells, missing };
  out.replaceChildren(
    el('h3', { text: `${report.agency ?? ''} · ${report.year}` }),
    el('p', { class: 'meta' },
       `${[report.province, report.city, report.county].filter(Boolean).join(' ') || '—'} · ${report.level ?? ''} · `,
       el('span', { class: `badge ${report.status}`, id: 'report-status', text: report.status }),
       ` · ${checks.length} 项校验 checks, `,
       el('span', { id: 'report-failed', text: String(failed) }), ' 项未通过 failed · ',
       report.source_url ? el('a', { href: report.source_url, rel: 'noreferrer', text: '原文 source' }) : '',
       ` · report_id `, el('code', { text: report.report_id })),
    report.complete === false
      ? el('p', { id: 'report-incomplete', class: 'incomplete',
                  text: `不完整 incomplete: ${missing.size ? `${missing.size} 个单元格未读出 cells not read (?)`
                                                             : '缺少统计表 a statistical table was not found'}` +
                        (unknown ? `; ${unknown} 项校验无法进行 checks could not be made` : '') })
      : '',
    renderT3(report.t3_layout, values, marks),
    renderChecks(checks, layoutChecks),
    el('details', { open: true }, el('summary', { text: `表四 ${state.labels.t4.title}` }),
       report.has_t4 ? renderT4(values, marks) : el('p', { text: '该报告无表四 / no table 4' })),
    el('details', {}, el('summary', { text: `表二 ${state.labels.titles.t2}` }),
       report.t2_layout ? renderT2(report.t2_layout, values, { failed: new Set(), missing })
                        : el('p', { text: '该报告无表二 / no table 2' })),
  );
}

// A list column arrives as an Arrow vector (or null): plain strings.
function listOf(v) {
  if (v === null || v === undefined) return [];
  return typeof v.toArray === 'function' ? [...v.toArray()].map(String) : [...v].map(String);
}

function cell(code, values, marks) {
  const f = values[code];
  if (!f && marks.missing.has(code)) {
    return el('td', { class: 'num missing', 'data-code': code, title: '未读出 not read', text: '?' });
  }
  const printed = f && f.raw !== null && f.raw !== undefined ? `印为 printed: ${f.raw}` : null;
  return el('td', { class: `num${marks.failed.has(code) ? ' bad' : ''}`, 'data-code': code, title: printed },
            f ? num(f.value) : '');
}

function renderT3(layout, values, marks) {
  const L = state.labels.t3;
  if (!layout) return el('p', { id: 't3-missing', text: '该报告无表三 / no table 3' });
  const rows = L.layouts[layout].rows;
  const cols = L.columns;
  const parties = cols.filter((c) => c.party);
  const head = [
    el('tr', {},
       el('th', { colspan: 3, rowspan: 2, class: 'corner', text: `表三 ${state.labels.titles.t3}（${layout} 版式 layout）` }),
       el('th', { rowspan: 2, text: cols[0].label }),
       el('th', { colspan: parties.length - 1, text: L.column_group }),
       el('th', { rowspan: 2, text: cols[cols.length - 1].label })),
    el('tr', {}, ...parties.slice(1).map((c) => el('th', { text: c.label }))),
  ];
  const body = [];
  const resultRows = rows.filter((r) => !r.top).length;
  let resultsOpen = false;
  rows.forEach((r, i) => {
    const labelCells = [];
    if (r.top) {
      labelCells.push(el('th', { colspan: 3, class: 'rowlabel', text: r.prefix + r.label }));
    } else {
      if (!resultsOpen) {
        labelCells.push(el('th', { rowspan: resultRows, class: 'group', text: L.results_group }));
        resultsOpen = true;
      }
      if (r.group) {
        if (i === 0 || rows[i - 1].group !== r.group) {
          const span = rows.slice(i).findIndex((x) => x.group !== r.group);
          labelCells.push(el('th', { rowspan: span === -1 ? rows.length - i : span, class: 'group', text: r.group }));
        }
        labelCells.push(el('th', { class: 'rowlabel', text: r.prefix + r.label }));
      } else {
        labelCells.push(el('th', { colspan: 2, class: 'rowlabel', text: r.prefix + r.label }));
      }
    }
    body.push(el('tr', { 'data-row': r.key }, ...labelCells, ...r.codes.map((c) => cell(c, values, marks))));
  });
  return el('table', { id: 't3', class: 'report-table', 'data-layout': layout }, el('thead', {}, head), el('tbody', {}, body));
}

function renderChecks(checks, layoutChecks) {
  if (!checks.length) return el('p', { id: 'checks', text: '无校验 / no checks' });
  const item = (c) => {
    const info = layoutChecks[c.check_id];
    const known = c.ok === true || c.ok === false;
    const li = el('li', { class: c.ok === true ? 'ok' : c.ok === false ? 'bad' : 'unknown', 'data-check': c.check_id,
                          'data-ok': String(known ? c.ok : null), title: info ? info.text : null },
      el('span', { class: 'mark', text: c.ok === true ? '✓' : c.ok === false ? '✗' : '?' }), ' ',
      el('code', { text: c.check_id }),
      known ? ` ${num(c.lhs)} ${c.ok ? '=' : '≠'} ${num(c.rhs)}`
            : ` 无法校验 not checked: 缺 missing ${listOf(c.missing).join(', ')}`,
      info && c.ok === false ? el('div', { class: 'eq', text: info.text }) : '');
    if (info) {
      const cells = [...info.lhs, ...info.rhs];
      li.addEventListener('mouseenter', () => cells.forEach((code) =>
        document.querySelectorAll(`td[data-code="${code}"]`).forEach((td) => td.classList.add('hl'))));
      li.addEventListener('mouseleave', () => document.querySelectorAll('td.hl').forEach((td) => td.classList.remove('hl')));
    }
    return li;
  };
  const failed = checks.filter((c) => c.ok === false);
  const passed = checks.filter((c) => c.ok === true);
  const unknown = checks.filter((c) => c.ok !== true && c.ok !== false);
  return el('div', { id: 'checks' },
    el('p', { class: 'checks-head', text: `勾稽校验 checks: ${passed.length} ✓ 通过 passed, ${failed.length} ✗ 未通过 failed` +
              (unknown.length ? `, ${unknown.length} ? 无法校验 not checked` : '') +
              '（悬停高亮相关单元格 hover to highlight the cells）' }),
    failed.length ? el('ul', { class: 'failed' }, ...failed.map(item)) : '',
    unknown.length ? el('ul', { class: 'unknown' }, ...unknown.map(item)) : '',
    el('details', {}, el('summary', { text: `通过的校验 passed checks (${passed.length})` }),
       el('ul', { class: 'passed' }, ...passed.map(item))));
}

function renderT4(values, marks) {
  const T = state.labels.t4;
  const review = T.groups.filter((g) => !g.suit);
  const suits = T.groups.filter((g) => g.suit);
  const n = T.columns.length;
  return el('table', { id: 't4', class: 'report-table' },
    el('thead', {},
       el('tr', {}, ...review.map((g) => el('th', { colspan: n, rowspan: 2, text: g.label })),
          el('th', { colspan: n * suits.length, text: T.suit_label })),
       el('tr', {}, ...suits.map((g) => el('th', { colspan: n, text: g.label }))),
       el('tr', {}, ...T.groups.flatMap(() => T.columns.map((c) => el('th', { text: c.label }))))),
    el('tbody', {}, el('tr', {}, ...T.groups.flatMap((g) => g.codes.map((c) => cell(c, values, marks))))));
}

function renderT2(layout, values, marks) {
  const blocks = state.labels.t2[layout];
  return el('div', { id: 't2' }, ...blocks.map((b) => el('table', { class: 'report-table t2' },
    el('thead', {}, el('tr', {}, el('th', { text: b.heading }),
       ...b.columns.map((c) => el('th', { text: c.label })))),
    el('tbody', {}, ...b.rows.map((r) => el('tr', {}, el('th', { class: 'rowlabel', text: r.label }),
       ...r.codes.map((c) => cell(c, values, marks))))))));
}

// ---------------------------------------------------------------- trends
function setupMetrics() {
  fillSelect($('#metric'), state.labels.trend_metrics.map((m) => [m.code, m.label]));
}

function lineChart(title, points) {
  const W = 420, H = 190, P = { l: 48, r: 16, t: 36, b: 26 };
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('class', 'chart');
  const add = (tag, attrs, text) => {
    const e = document.createElementNS('http://www.w3.org/2000/svg', tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.append(e);
    return e;
  };
  add('text', { x: P.l, y: 14, class: 'title' }, title);
  const pts = points.filter((p) => p.value !== null && p.value !== undefined);
  if (!points.length) return svg;
  const xs = points.map((p) => p.year);
  const x0 = Math.min(...xs), x1 = Math.max(...xs);
  const top = Math.max(1, ...pts.map((p) => p.value)); // the axis runs from 0 to the largest value
  const X = (y) => P.l + (x1 === x0 ? (W - P.l - P.r) / 2 : ((y - x0) / (x1 - x0)) * (W - P.l - P.r));
  const Y = (v) => H - P.b - (v / top) * (H - P.t - P.b);
  add('line', { x1: P.l, y1: H - P.b, x2: W - P.r, y2: H - P.b, class: 'axis' });
  add('line', { x1: P.l, y1: P.t, x2: P.l, y2: H - P.b, class: 'axis' });
  add('text', { x: P.l - 4, y: Y(top) + 4, 'text-anchor': 'end', class: 'tick' }, plain(top));
  add('text', { x: P.l - 4, y: Y(0) + 4, 'text-anchor': 'end', class: 'tick' }, '0');
  for (const y of xs) add('text', { x: X(y), y: H - 8, 'text-anchor': 'middle', class: 'tick' }, String(y));
  if (pts.length > 1) add('polyline', { points: pts.map((p) => `${X(p.year)},${Y(p.value)}`).join(' '), class: 'line' });
  for (const p of pts) {
    add('circle', { cx: X(p.year), cy: Y(p.value), r: 3, class: 'dot' });
    add('text', { x: X(p.year), y: Y(p.value) - 6, 'text-anchor': 'middle', class: 'val' }, plain(p.value));
  }
  return svg;
}

async function showTrend() {
  const code = $('#metric').value;
  const agency = $('#agency').value;
  const city = $('#city').value;
  const region = $('#region').value;
  if (!code) return;
  const token = ++state.trendToken;
  const [mine, area] = await Promise.all([
    agency ? rows('trend_agency', code, agency) : [],
    rows('trend_region', code, region, city, city),
  ]);
  if (token !== state.trendToken) return;
  const name = state.agencies[agency]?.name ?? '';
  const place = city || region;
  const years = [...new Set([...mine.map((r) => r.year), ...area.map((r) => r.year)])].sort();
  const byYear = (list) => Object.fromEntries(list.map((r) => [r.year, r]));
  const m = byYear(mine), a = byYear(area);
  $('#trend').replaceChildren(
    el('div', { class: 'charts' },
       lineChart(name, mine.map((r) => ({ year: r.year, value: r.value }))),
       lineChart(`${place}（合计 sum）`, area.map((r) => ({ year: r.year, value: r.total })))),
    el('table', { id: 'trend-table', class: 'data' },
       el('thead', {}, el('tr', {}, el('th', { text: '年度 year' }), el('th', { text: name }),
          el('th', { text: `${place} 合计 sum` }), el('th', { text: `${place} 报告数 reports` }))),
       el('tbody', {}, ...years.map((y) => el('tr', { 'data-year': String(y) },
          el('td', { text: String(y) }),
          el('td', { class: 'num', 'data-col': 'agency', text: num(m[y]?.value) }),
          el('td', { class: 'num', 'data-col': 'region', text: num(a[y]?.total) }),
          el('td', { class: 'num', 'data-col': 'reports', text: num(a[y]?.reports) }))))));
}

// ---------------------------------------------------------------- compliance
const share = (v) => (v === null || v === undefined ? '' : `${Math.round(Number(v) * 100)}%`);
const isoDay = (v) => (v === null || v === undefined ? null : new Date(Number(v)).toISOString().slice(0, 10));
const yesNo = (v) => (v === null || v === undefined ? '' : v ? '是 yes' : '否 no');

async function setupCompliance() {
  const years = await rows('compliance_years');
  fillSelect($('#c-year'), years.map((r) => [String(r.year), String(r.year)]));
  const levels = await rows('compliance_levels');
  fillSelect($('#c-level'), levels.map((r) => [r.level, r.level === 'all' ? '全部 all' : r.level]), 'all');
  await showCompliance();
}

function placeDepth(p) {
  return p.county ? 3 : p.city ? 2 : p.province ? 1 : 0;
}

async function showCompliance() {
  const token = ++state.complianceToken;
  const p = state.place;
  const year = Number($('#c-year').value);
  const level = $('#c-level').value;
  if (!year) {
    $('#c-regions').replaceChildren(el('p', { text: '无应发布的报告 / nothing owed' }));
    return;
  }
  const depth = placeDepth(p);
  const regions = await rows('compliance_regions', year, level, depth, p.province ?? '', p.province ?? '',
                             p.city ?? '', p.province ?? '', p.city ?? '', p.county ?? '');
  const agencies = depth >= 2
    ? await rows('compliance_agencies', year, level, level, p.province, p.city ?? '', depth === 3 ? p.county : '')
    : [];
  if (token !== state.complianceToken) return;
  const crumbs = [['全国 nation', { province: null, city: null, county: null }]];
  if (p.province) crumbs.push([p.province, { province: p.province, city: null, county: null }]);
  if (p.city) crumbs.push([p.city, { province: p.province, city: p.city, county: null }]);
  if (p.county) crumbs.push([p.county, { ...p }]);
  $('#c-crumbs').replaceChildren(...crumbs.flatMap(([name, place], i) => [
    i ? ' › ' : '',
    i === crumbs.length - 1 ? el('strong', { text: name })
      : el('a', { href: '#compliance', 'data-crumb': name, text: name }),
  ]));
  $('#c-crumbs').querySelectorAll('a').forEach((a, i) => a.addEventListener('click', (e) => {
    e.preventDefault();
    state.place = crumbs[i][1];
    busy(showCompliance);
  }));
  const drill = (r) => {
    if (r.region_level === 'province' && depth === 0) return { province: r.province, city: null, county: null };
    if (r.region_level === 'city' && depth === 1) return { province: r.province, city: r.city, county: null };
    if (r.region_level === 'county' && depth === 2) return { province: r.province, city: r.city, county: r.county };
    return null;
  };
  const head = ['地区 region', '应发布 owed', '已发布 published', '按期 on time', '逾期 late', '完整 complete',
                '完整且校验通过 sound', '未登记机关 unregistered', '发布率 published %', '按期率 on time %',
                '完整率 complete %', '通过率 sound %'];
  $('#c-regions').replaceChildren(el('table', { id: 'c-region-table', class: 'data' },
    el('thead', {}, el('tr', {}, ...head.map((h) => el('th', { text: h })))),
    el('tbody', {}, ...regions.map((r) => {
      const target = drill(r);
      const name = target ? el('a', { href: '#compliance', text: r.region }) : el('span', { text: r.region });
      if (target) name.addEventListener('click', (e) => { e.preventDefault(); state.place = target; busy(showCompliance); });
      return el('tr', { 'data-region': r.region, 'data-level': r.region_level },
        el('td', {}, name),
        ...['owed', 'published', 'on_time', 'late', 'complete', 'sound', 'published_unregistered']
          .map((k) => el('td', { class: 'num', 'data-col': k, text: num(r[k]) })),
        ...['published_share', 'on_time_share', 'complete_share', 'sound_share']
          .map((k) => el('td', { class: 'num', 'data-col': k, text: share(r[k]) })));
    }))));
  const ahead = ['机关 agency', '层级 level', '应发布 owed', '发布日期 published', '来源 source', '期限 deadline',
                 '天数 days', '按期 on time', '完整 complete', '未通过校验 failed checks', '当年模板 current layout'];
  $('#c-agencies').replaceChildren(agencies.length ? el('table', { id: 'c-agency-table', class: 'data' },
    el('thead', {}, el('tr', {}, ...ahead.map((h) => el('th', { text: h })))),
    el('tbody', {}, ...agencies.map((a) => el('tr', { 'data-agency': a.agency },
      el('td', {}, a.source_url ? el('a', { href: a.source_url, rel: 'noreferrer', text: a.agency }) : a.agency),
      el('td', { text: a.level ?? '' }),
      el('td', { 'data-col': 'expected', text: a.expected ? '是 yes' : '未登记 not registered' }),
      el('td', { 'data-col': 'published_at', class: a.published ? '' : 'bad',
                 text: isoDay(a.published_at) ?? (a.published ? '—' : '未发布 missing') }),
      el('td', { 'data-col': 'published_source', text: a.published_source ?? '' }),
      el('td', { 'data-col': 'deadline', text: isoDay(a.deadline) ?? '无 none' }),
      el('td', { class: 'num', 'data-col': 'days', text: num(a.days_after_deadline) }),
      el('td', { 'data-col': 'on_time', text: yesNo(a.on_time) }),
      el('td', { 'data-col': 'complete', text: yesNo(a.complete) }),
      el('td', { class: 'num', 'data-col': 'n_failed_checks', text: num(a.n_failed_checks) }),
      el('td', { 'data-col': 'layout_current', text: yesNo(a.layout_current) }))))) : '');
}

// ---------------------------------------------------------------- free SQL
function setupSql() {
  const box = $('#sql-input');
  if (!box.value.trim()) box.value = fill(Q.example, { requests_code: state.labels.trend_metrics[0].code }).trim();
  $('#tables-list').textContent = state.tables.tables.map((t) => t.name).join(' · ');
}

async function runSql() {
  const status = $('#sql-status');
  const out = $('#sql-result');
  status.dataset.state = 'running';
  status.textContent = '运行中… / running…';
  $('#sql-download').disabled = true;
  try {
    const t0 = performance.now();
    const result = await state.conn.query($('#sql-input').value);
    const fields = result.schema.fields;
    const fmts = fields.map((f) => formatter(f.type));
    const data = result.toArray().map((r) => fields.map((f, i) => fmts[i](r[f.name])));
    state.result = { columns: fields.map((f) => f.name), data };
    const shown = data.slice(0, SHOW_ROWS);
    out.replaceChildren(el('table', { class: 'data', id: 'sql-table' },
      el('thead', {}, el('tr', {}, ...state.result.columns.map((c) => el('th', { text: c })))),
      el('tbody', {}, ...shown.map((r) => el('tr', {}, ...r.map((v) => el('td', { text: v ?? '' })))))));
    status.dataset.state = 'done';
    status.textContent = `${data.length} 行 rows${data.length > SHOW_ROWS ? `（显示前 ${SHOW_ROWS} 行 showing the first ${SHOW_ROWS}）` : ''} · ` +
      `${Math.round(performance.now() - t0)} ms`;
    $('#sql-download').disabled = false;
  } catch (e) {
    state.result = null;
    out.replaceChildren();
    status.dataset.state = 'error';
    status.textContent = `出错 / Error: ${e.message || e}`;
  }
}

function csvField(v) {
  if (v === null || v === undefined) return '';
  return /[",\r\n]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function downloadCsv() {
  if (!state.result) return;
  const lines = [state.result.columns, ...state.result.data].map((r) => r.map(csvField).join(','));
  // BOM: spreadsheet programs on Chinese-locale systems then read the UTF-8 correctly.
  const blob = new Blob(['\ufeff' + lines.join('\r\n') + '\r\n'], { type: 'text/csv;charset=utf-8' });
  const a = el('a', { href: URL.createObjectURL(blob), download: `ogi-${state.tables.snapshot}-query.csv` });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

// ---------------------------------------------------------------- wiring
$('#region').addEventListener('change', () => busy(() => loadCities()));
$('#city').addEventListener('change', () => busy(() => loadAgencies()));
$('#agency').addEventListener('change', () => busy(async () => { loadYears(); await Promise.all([showReport(), showTrend()]); }));
$('#year').addEventListener('change', () => busy(() => showReport()));
$('#metric').addEventListener('change', () => busy(() => showTrend()));
$('#c-year').addEventListener('change', () => busy(showCompliance));
$('#c-level').addEventListener('change', () => busy(showCompliance));
$('#sql-run').addEventListener('click', () => busy(runSql));
$('#sql-input').addEventListener('keydown', (e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) busy(runSql); });
$('#sql-download').addEventListener('click', downloadCsv);
busy(main);
