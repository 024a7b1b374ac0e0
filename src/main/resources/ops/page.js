// The operator's page: reads /ops/api/overview every 30 s and /ops/api/payment on demand.
// Every value goes in as text (textContent), never as markup: order ids and history notes come from outside.
'use strict';

const STATUSES = ['RECEIVED', 'ACTION_REQUIRED', 'PENDING', 'AUTHORIZED', 'SETTLED', 'FAILED', 'EXPIRED', 'REJECTED'];
const COLOURS = {
  RECEIVED: '#9aa5b8', ACTION_REQUIRED: '#f0b429', PENDING: '#62b0e8', AUTHORIZED: '#3e7bfa',
  SETTLED: '#2f9e44', FAILED: '#d64545', EXPIRED: '#8d6e63', REJECTED: '#7b3fa0'
};
const SVG = 'http://www.w3.org/2000/svg';

function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

function row(cells, attrs) {
  const tr = el('tr', undefined, attrs);
  for (const c of cells) tr.appendChild(c instanceof Node ? c : el('td', c));
  return tr;
}

async function getJson(url) {
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || ('HTTP ' + r.status));
  return body;
}

function renderCounts(counts) {
  const providers = [...new Set(counts.map(c => c.provider))].sort();
  const thead = document.querySelector('#counts thead');
  const tbody = document.querySelector('#counts tbody');
  thead.replaceChildren(row([el('th', 'status'), ...providers.map(p => el('th', p, { class: 'num' })), el('th', 'all', { class: 'num' })]));
  tbody.replaceChildren();
  for (const status of STATUSES) {
    const per = providers.map(p => (counts.find(c => c.provider === p && c.status === status) || { count: 0 }).count);
    const total = per.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    tbody.appendChild(row([el('td', status), ...per.map(n => el('td', n, { class: 'num' })), el('td', total, { class: 'num' })],
      { 'data-status': status }));
  }
}

function renderChart(hours) {
  const width = 960, height = 220, left = 40, bottom = 24, top = 8;
  const totals = hours.map(h => Object.values(h.outcomes).reduce((a, b) => a + b, 0));
  const max = Math.max(1, ...totals);
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  const barWidth = (width - left) / hours.length;
  const scale = (height - top - bottom) / max;
  const axis = document.createElementNS(SVG, 'text');
  axis.setAttribute('x', 0); axis.setAttribute('y', top + 10); axis.setAttribute('font-size', '11');
  axis.textContent = String(max);
  svg.appendChild(axis);
  hours.forEach((h, i) => {
    let y = height - bottom;
    for (const status of STATUSES) {
      const n = h.outcomes[status] || 0;
      if (n === 0) continue;
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('x', left + i * barWidth + 2);
      rect.setAttribute('width', Math.max(1, barWidth - 4));
      rect.setAttribute('y', y - n * scale);
      rect.setAttribute('height', n * scale);
      rect.setAttribute('fill', COLOURS[status]);
      rect.setAttribute('data-status', status);
      const title = document.createElementNS(SVG, 'title');
      title.textContent = `${h.hour.substring(11, 16)} ${status}: ${n}`;
      rect.appendChild(title);
      svg.appendChild(rect);
      y -= n * scale;
    }
    if (i % 3 === 0) {
      const label = document.createElementNS(SVG, 'text');
      label.setAttribute('x', left + i * barWidth);
      label.setAttribute('y', height - 6);
      label.setAttribute('font-size', '11');
      label.textContent = h.hour.substring(11, 16);
      svg.appendChild(label);
    }
  });
  document.getElementById('chart').replaceChildren(svg);
  const legend = document.getElementById('legend');
  legend.replaceChildren(...STATUSES.map(s => {
    const li = el('li', s);
    const swatch = el('span');
    swatch.style.background = COLOURS[s]; // CSSOM, which a CSP without 'unsafe-inline' allows
    li.prepend(swatch);
    return li;
  }));
}

function renderAttention(rows) {
  const tbody = document.querySelector('#attention tbody');
  tbody.replaceChildren(...rows.map(a => {
    const tr = row([a.orderId, a.provider, a.status, el('td', `${a.amount} ${a.currency}`, { class: 'num' }), a.reason],
      { class: 'clickable', tabindex: '0' });
    tr.addEventListener('click', () => showPayment(a.orderId));
    return tr;
  }));
  document.getElementById('attention-empty').hidden = rows.length > 0;
  document.getElementById('attention').hidden = rows.length === 0;
}

async function refresh() {
  try {
    const o = await getJson('/ops/api/overview');
    document.getElementById('generated-at').textContent = o.generatedAt;
    renderCounts(o.counts);
    renderChart(o.hours);
    renderAttention(o.attention);
  } catch (e) {
    document.getElementById('generated-at').textContent = 'failed: ' + e.message;
  }
}

async function showPayment(orderId) {
  document.getElementById('order-id').value = orderId;
  const error = document.getElementById('payment-error');
  const box = document.getElementById('payment');
  try {
    const p = await getJson('/ops/api/payment?orderId=' + encodeURIComponent(orderId));
    const summary = document.getElementById('payment-summary');
    summary.replaceChildren();
    for (const key of ['orderId', 'provider', 'providerPaymentId', 'status', 'providerStatus', 'reasonCode', 'amount', 'currency',
      'createdAt', 'updatedAt']) {
      summary.append(el('dt', key), el('dd', p[key] === null ? '—' : p[key], { 'data-field': key }));
    }
    document.querySelector('#history tbody').replaceChildren(...p.history.map(h =>
      row([h.occurredAt, h.status, h.providerStatus || '', h.source, h.published ? 'yes' : '', h.detail || ''])));
    error.hidden = true;
    box.hidden = false;
  } catch (e) {
    error.textContent = orderId + ': ' + e.message;
    error.hidden = false;
    box.hidden = true;
  }
}

document.getElementById('lookup').addEventListener('submit', ev => {
  ev.preventDefault();
  showPayment(document.getElementById('order-id').value.trim());
});
const requested = new URLSearchParams(location.search).get('orderId');
if (requested) showPayment(requested);
refresh();
setInterval(refresh, 30000);
