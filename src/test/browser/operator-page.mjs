// Drives the operator's page in Debian's chromium: the page loads, shows the payment the Java test
// created (in the counts, the chart and by its order id) and its history, and breaks no CSP rule.
// Usage: node operator-page.mjs BASE_URL ORDER_ID SCREENSHOT.png   (exit code 0 = every check held)
import { chromium } from 'playwright-core';

const [base, orderId, screenshot] = process.argv.slice(2);
if (!base || !orderId || !screenshot) {
  console.error('usage: node operator-page.mjs BASE_URL ORDER_ID SCREENSHOT.png');
  process.exit(2);
}

function check(condition, what) {
  if (!condition) throw new Error('check failed: ' + what);
  console.log('ok: ' + what);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1100 } });
  const problems = [];
  // Failed loads are expected here (the hostile lookup's 400, the browser's own /favicon.ico);
  // every other console error (a script error, a CSP violation) fails the test.
  page.on('console', m => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text()); });
  page.on('pageerror', e => problems.push(e.message));

  await page.goto(base + '/ops/');
  await page.waitForFunction(() => !document.getElementById('generated-at').textContent.includes('…'));
  check(!(await page.textContent('#generated-at')).startsWith('failed'), 'the overview loaded');
  const counted = await page.textContent('#counts tbody tr[data-status="ACTION_REQUIRED"]');
  check(counted !== null && counted.includes('1'), 'the counts show the ACTION_REQUIRED payment');
  check(await page.locator('#chart svg rect[data-status="ACTION_REQUIRED"]').count() >= 1, 'the chart has an ACTION_REQUIRED bar');

  await page.fill('#order-id', orderId);
  await page.click('#lookup button');
  await page.waitForSelector('#payment:not([hidden])');
  check(await page.textContent('[data-field="orderId"]') === orderId, 'the payment is shown by its order id');
  check(await page.textContent('[data-field="status"]') === 'ACTION_REQUIRED', 'with its status');
  const history = await page.$$eval('#history tbody tr td:nth-child(2)', cells => cells.map(c => c.textContent));
  check(history.includes('RECEIVED') && history.includes('ACTION_REQUIRED'), 'and its history: ' + history.join(' → '));
  const times = await page.$$eval('#history tbody tr td:nth-child(1)', cells => cells.map(c => c.textContent));
  check(times.length > 0 && times.every(t => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(t)), 'each history line with its time: ' + times.join(', '));

  await page.fill('#order-id', '<img src=x onerror=alert(1)>');
  await page.click('#lookup button');
  await page.waitForSelector('#payment-error:not([hidden])');
  check(await page.locator('#payment-error img').count() === 0, 'a hostile order id is shown as text');

  await page.fill('#order-id', orderId);
  await page.click('#lookup button');
  await page.waitForSelector('#payment:not([hidden])');
  await page.screenshot({ path: screenshot, fullPage: true });
  check(problems.length === 0, 'no script error or CSP violation: ' + problems.join('; '));
} finally {
  await browser.close();
}
