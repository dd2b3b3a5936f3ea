// The review page: Generate (reference server, through aicmo/client) → drafts →
// amend → approve / reject → export .md and .json (aicmo/workflow). No framework:
// the immutable Review is the whole state; every change replaces it and re-renders.
import { createBackendClient } from 'aicmo/client';
import { createReview, exportJson, exportMarkdown, isWorkflowError, Review } from 'aicmo/workflow';
import { liveProgress } from './live.js';

const STORAGE_KEY = 'aicmo.review';
const client = createBackendClient({ baseUrl: window.location.origin, timeoutMs: 60_000 });

/** @type {Review | null} */
let review = null;
let campaignName = '';

const $ = (selector) => document.querySelector(selector);
const form = $('#brief');
const statusLine = $('#status');
const exportStatus = $('#export-status');

function setStatus(element, text, isError = false) {
  element.textContent = text;
  element.classList.toggle('error', isError);
}

function reviewer() {
  return form.elements.namedItem('reviewer').value.trim() || null;
}

function list(value) {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Replaces the review, saves it (a UI can resume it after a reload) and re-renders. */
function commit(next) {
  review = next;
  localStorage.setItem(STORAGE_KEY, JSON.stringify({ campaignName, review }));
  render();
}

/** Runs a workflow change; a refused one (WorkflowError) is shown, not thrown. */
function change(fn) {
  try {
    commit(fn(review));
    setStatus(exportStatus, '');
  } catch (error) {
    if (!isWorkflowError(error)) throw error;
    setStatus(statusLine, `${error.code}: ${error.message}`, true);
  }
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  campaignName = String(data.get('campaign_name')).trim();
  const request = {
    campaign_name: campaignName,
    objectives: list(String(data.get('objectives'))),
    platforms: list(String(data.get('platforms'))),
    budget: Number(data.get('budget')),
    timeline_days: Number(data.get('timeline_days')),
  };
  $('#generate').disabled = true;
  setStatus(statusLine, 'Generating…');
  // Live progress: each deliverable's text as the model writes it (docs/streaming.md).
  const onProgress = liveProgress($('#live'));
  const result = await client.generateCampaign(request, { onProgress });
  if (result.ok) live.hidden = true;
  $('#generate').disabled = false;
  if (!result.ok) {
    setStatus(statusLine, `${result.error.type}: ${result.error.message} (trace ${result.traceId})`, true);
    return;
  }
  try {
    commit(createReview(result.envelope));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    setStatus(statusLine, `${result.envelope.status}: ${result.envelope.error?.message ?? message}`, true);
    return;
  }
  const { meta } = result.envelope;
  setStatus(
    statusLine,
    `${result.envelope.status}: ${review.items.length} drafts from ${meta.provider} in ${result.durationMs} ms (trace ${result.traceId}).`,
  );
});

function facts(item) {
  const d = item.deliverable;
  const parts = [d.kind];
  if (d.platform) parts.push(d.platform);
  if (d.hashtags?.length) parts.push(d.hashtags.map((t) => (t.startsWith('#') ? t : `#${t}`)).join(' '));
  return parts.join(' · ');
}

function renderItem(item) {
  const node = $('#item-template').content.firstElementChild.cloneNode(true);
  const allowed = new Set(review.allowedActions(item.id));
  node.dataset.id = item.id;
  node.dataset.status = item.status;
  node.querySelector('.title').textContent = item.deliverable.title || item.id;
  node.querySelector('.status-badge').textContent = item.status;
  node.querySelector('.facts').textContent = facts(item);

  const textarea = node.querySelector('.content');
  textarea.value = item.content;
  textarea.readOnly = !allowed.has('amend');
  const amendButton = node.querySelector('[data-action="amend"]');
  amendButton.disabled = true;
  textarea.addEventListener('input', () => {
    amendButton.disabled = !allowed.has('amend') || textarea.value === item.content;
  });

  const issues = node.querySelector('.issues');
  issues.hidden = item.issues.length === 0;
  issues.textContent = item.issues.join('; ');

  const reason = node.querySelector('.reason');
  reason.hidden = !allowed.has('reject');
  for (const button of node.querySelectorAll('[data-action]')) {
    const action = button.dataset.action;
    if (action !== 'amend') button.disabled = !allowed.has(action);
    button.hidden = action === 'reopen' ? !allowed.has('reopen') : allowed.has('reopen') || review.isExported;
  }

  const options = () => ({ author: reviewer(), expectedVersion: review.version });
  node.querySelector('.actions').addEventListener('click', (event) => {
    const action = event.target instanceof HTMLButtonElement ? event.target.dataset.action : undefined;
    if (!action) return;
    if (action === 'amend') change((r) => r.amend(item.id, textarea.value, options()));
    if (action === 'revert') change((r) => r.revert(item.id, undefined, options()));
    if (action === 'approve') change((r) => r.approve(item.id, options()));
    if (action === 'reopen') change((r) => r.reopen(item.id, options()));
    if (action === 'reject') change((r) => r.reject(item.id, reason.value, options()));
  });

  const history = node.querySelector('.history');
  history.hidden = item.events.length === 0;
  history.querySelector('summary').textContent =
    `History: ${item.amendments.length} edit${item.amendments.length === 1 ? '' : 's'}, ${item.events.length} event${item.events.length === 1 ? '' : 's'}`;
  for (const entry of item.events) {
    const li = document.createElement('li');
    li.textContent = `${entry.at} ${entry.type}${entry.author ? ` by ${entry.author}` : ''}${entry.note ? `: ${entry.note}` : ''}`;
    history.querySelector('ol').append(li);
  }
  return node;
}

function render() {
  $('#review-panel').hidden = review === null;
  $('#export-panel').hidden = review === null;
  if (review === null) return;
  const c = review.counts;
  $('#summary').textContent =
    `${c.approved} approved · ${c.amended} amended · ${c.draft} draft · ${c.rejected} rejected — version ${review.version}`;
  $('#locked').hidden = !review.isExported;
  $('#items').replaceChildren(...review.items.map(renderItem));
}

function download(file) {
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function exportAs(exporter) {
  if (review === null) return;
  const includeDrafts = $('#include-drafts').checked;
  try {
    const file = exporter(review, { includeDrafts, title: campaignName || undefined });
    download(file);
    commit(file.review);
    setStatus(exportStatus, `Downloaded ${file.fileName} (${file.deliverableIds.length} deliverables).`);
  } catch (error) {
    if (!isWorkflowError(error)) throw error;
    setStatus(exportStatus, `${error.code}: ${error.message}`, true);
  }
}

$('#export-md').addEventListener('click', () => exportAs(exportMarkdown));
$('#export-json').addEventListener('click', () =>
  exportAs((r, { includeDrafts }) => exportJson(r, { includeDrafts })),
);
$('#unlock').addEventListener('click', () => change((r) => r.unlock({ expectedVersion: r.version })));

// Resume a review saved by an earlier visit (validated on the way in).
const saved = localStorage.getItem(STORAGE_KEY);
if (saved) {
  try {
    const parsed = JSON.parse(saved);
    campaignName = parsed.campaignName ?? '';
    review = Review.fromJSON(parsed.review);
    setStatus(statusLine, `Resumed review ${review.id} (version ${review.version}).`);
  } catch {
    localStorage.removeItem(STORAGE_KEY);
  }
}
render();
document.documentElement.dataset.ready = 'true';
