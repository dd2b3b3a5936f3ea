// The operator page: one engagement, a tab per module. Generate buttons are
// gated by approvals (disabled, with the reason shown); each deliverable can be
// amended, approved or rejected; re-approving an upstream shows stale badges
// downstream; the engagement exports as .md or .json. Everything lives on the
// server (aicmo serve / the reference handler with an engagement store), so
// the page survives a reload and a server restart: only the engagement id is
// kept in localStorage.
import { createBackendClient } from 'aicmo/client';
import { liveProgress } from './live.js';

const STORAGE_KEY = 'aicmo.operator.engagement';
const client = createBackendClient({ baseUrl: window.location.origin, timeoutMs: 60_000 });
const api = client.engagements;

/** @type {{ name: string, upstream: string[], example: unknown }[]} */
let modules = [];
let engagementId = localStorage.getItem(STORAGE_KEY);
/** The engagement view from the server: { engagement, artifacts, versions }. */
let view = null;
let selected = 'intake';
const requests = new Map();

const $ = (selector, root = document) => root.querySelector(selector);
const statusLine = $('#status');

function setStatus(text, isError = false) {
  statusLine.textContent = text;
  statusLine.classList.toggle('error', isError);
}

function reviewer() {
  return $('#start').elements.namedItem('reviewer').value.trim() || undefined;
}

function artifactOf(module) {
  return view?.artifacts.find((a) => a.module === module);
}

/** The upstream modules not approved now (what the server's gate checks). */
function missing(module) {
  const upstream = modules.find((m) => m.name === module)?.upstream ?? [];
  return upstream.filter((m) => artifactOf(m)?.status !== 'approved');
}

function describe(result) {
  const { error } = result;
  const extra = error.details?.missing ? ` (needs ${error.details.missing.join(', ')})` : '';
  return `${error.type}: ${error.message}${extra}`;
}

async function reload() {
  if (!engagementId) return;
  const result = await api.get(engagementId);
  if (!result.ok) {
    if (result.error.type === 'NOT_FOUND') {
      localStorage.removeItem(STORAGE_KEY);
      engagementId = null;
      view = null;
    }
    setStatus(describe(result), true);
    render();
    return;
  }
  view = result.value;
  render();
}

/** Runs a call; a failure is shown (a CONFLICT also reloads), success reloads the engagement. */
async function run(label, call) {
  setStatus(`${label}…`);
  const result = await call();
  if (!result.ok) {
    setStatus(describe(result), true);
    if (result.error.type === 'CONFLICT') await reload();
    return;
  }
  setStatus(`${label}: done.`);
  await reload();
}

function renderTabs() {
  const tabs = modules.map(({ name }) => {
    const artifact = artifactOf(name);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'tab';
    button.role = 'tab';
    button.dataset.module = name;
    button.setAttribute('aria-selected', String(name === selected));
    button.textContent = name;
    const badge = document.createElement('span');
    badge.className = `badge ${artifact?.status ?? 'none'}`;
    badge.textContent = artifact ? `${artifact.status}${artifact.stale ? ' · stale' : ''}` : '—';
    button.append(badge);
    button.addEventListener('click', () => {
      selected = name;
      render();
    });
    return button;
  });
  $('#tabs').replaceChildren(...tabs);
}

function renderDeliverable(artifact, item, editable) {
  const node = $('#deliverable-template').content.firstElementChild.cloneNode(true);
  const deliverable = artifact.envelope.deliverables[item.index];
  node.dataset.id = item.id;
  node.dataset.status = item.status;
  $('.title', node).textContent = deliverable?.title || item.id;
  $('.status-badge', node).textContent = item.status;
  const text = $('.content', node);
  text.value = item.content;
  const undecided = editable && (item.status === 'draft' || item.status === 'amended');
  text.readOnly = !undecided;
  for (const button of node.querySelectorAll('[data-action]')) button.disabled = !undecided;
  $('.reason', node).hidden = !undecided;
  const common = () => ({ expected_version: artifact.version, deliverable_id: item.id, author: reviewer() });
  node.addEventListener('click', (event) => {
    const action = event.target instanceof HTMLButtonElement ? event.target.dataset.action : undefined;
    if (action === 'amend') {
      run('Amend', () =>
        api.amend(view.engagement.id, artifact.id, { ...common(), content_markdown: text.value }),
      );
    } else if (action === 'approve') {
      run('Approve', () => api.approve(view.engagement.id, artifact.id, common()));
    } else if (action === 'reject') {
      run('Reject', () =>
        api.reject(view.engagement.id, artifact.id, { ...common(), note: $('.reason', node).value }),
      );
    }
  });
  return node;
}

function renderModule() {
  const module = modules.find((m) => m.name === selected);
  if (!module) return;
  const node = $('#module-template').content.firstElementChild.cloneNode(true);
  node.dataset.module = module.name;
  const artifact = artifactOf(module.name);
  $('.module-name', node).textContent = module.name;
  const status = $('.artifact-status', node);
  status.textContent = artifact?.status ?? 'not generated';
  status.classList.add(artifact?.status ?? 'none');
  $('.stale-badge', node).hidden = !(
    artifact &&
    (artifact.stale || artifact.status === 'flagged_for_review')
  );
  $('.version', node).textContent = artifact ? `version ${artifact.version}` : '';
  const lineage = artifact ? Object.entries(artifact.lineage) : [];
  $('.lineage', node).textContent =
    lineage.length > 0 ? `Built from ${lineage.map(([m, e]) => `${m} v${e.version}`).join(', ')}` : '';

  const request = $('.request-json', node);
  request.value = requests.get(module.name) ?? JSON.stringify(module.example ?? {}, null, 2);
  request.addEventListener('input', () => requests.set(module.name, request.value));

  const blocked = missing(module.name);
  const generate = $('[data-action="generate"]', node);
  generate.disabled = blocked.length > 0;
  $('.gate-reason', node).textContent = blocked.length > 0 ? `Needs approved ${blocked.join(', ')}` : '';
  generate.addEventListener('click', () => {
    let body;
    try {
      body = JSON.parse(request.value);
    } catch {
      setStatus('The request is not valid JSON.', true);
      return;
    }
    generate.disabled = true;
    // Live progress: each deliverable's text as the model writes it, until the saved version replaces it.
    const onProgress = liveProgress($('.live', node));
    run(`Generate ${module.name}`, () =>
      api.generate(
        view.engagement.id,
        module.name,
        body,
        { expected_version: artifact?.version ?? 0 },
        { onProgress },
      ),
    ).finally(() => {
      generate.disabled = false;
    });
  });

  const can = (status, ...allowed) => artifact !== undefined && allowed.includes(status);
  const actions = {
    'approve-all': can(artifact?.status, 'draft', 'revised', 'flagged_for_review'),
    reopen: can(artifact?.status, 'approved', 'flagged_for_review', 'archived'),
    archive: artifact !== undefined && artifact.status !== 'archived',
  };
  for (const [action, enabled] of Object.entries(actions)) {
    const button = $(`[data-action="${action}"]`, node);
    button.disabled = !enabled;
    button.addEventListener('click', () => {
      const body = { expected_version: artifact.version, author: reviewer() };
      if (action === 'approve-all') run('Approve', () => api.approve(view.engagement.id, artifact.id, body));
      if (action === 'reopen') run('Reopen', () => api.reopen(view.engagement.id, artifact.id, body));
      if (action === 'archive') run('Archive', () => api.archive(view.engagement.id, artifact.id, body));
    });
  }

  if (artifact) {
    const editable = artifact.status !== 'approved' && artifact.status !== 'archived';
    $('.deliverables', node).replaceChildren(
      ...artifact.review.items.map((item) => renderDeliverable(artifact, item, editable)),
    );
    $('.trail ol', node).replaceChildren(
      ...artifact.trail.map((entry) => {
        const li = document.createElement('li');
        li.textContent = `v${entry.version} ${entry.action}${entry.actor ? ` by ${entry.actor}` : ''}${entry.note ? `: ${entry.note}` : ''}`;
        return li;
      }),
    );
  }
  $('#panel').replaceChildren(node);
}

function render() {
  $('#work-panel').hidden = view === null;
  if (view === null) return;
  $('#engagement-title').textContent = `${view.engagement.client_name}: modules`;
  renderTabs();
  renderModule();
}

async function exportAs(format) {
  const result = await api.export(view.engagement.id, { format });
  if (!result.ok) {
    setStatus(describe(result), true);
    return;
  }
  const file = result.value;
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  setStatus(`Downloaded ${file.fileName}.`);
}

$('#start').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = new FormData(event.target).get('client_name');
  const result = await api.create({ client_name: String(name ?? '') });
  if (!result.ok) {
    setStatus(describe(result), true);
    return;
  }
  engagementId = result.value.id;
  localStorage.setItem(STORAGE_KEY, engagementId);
  selected = 'intake';
  setStatus(`Engagement ${engagementId} created.`);
  await reload();
});
$('#export-md').addEventListener('click', () => exportAs('md'));
$('#export-json').addEventListener('click', () => exportAs('json'));

const catalog = await fetch('/api/v1/modules').then((r) => r.json());
modules = catalog.modules.map((m) => ({ name: m.name, upstream: m.upstream, example: m.example }));
if (engagementId) {
  await reload();
  if (view) setStatus(`Resumed engagement ${view.engagement.id}.`);
}
render();
document.documentElement.dataset.ready = 'true';
