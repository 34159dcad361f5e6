// The landing page: reads GET / as JSON and renders it with DOM methods only (text, never
// HTML), so nothing from fixtures or requests is ever interpreted as markup.
const $ = (id) => document.getElementById(id);
const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

function cell(row, content) {
  const td = row.insertCell();
  if (content instanceof Node) td.append(content);
  else td.textContent = content ?? '';
  return td;
}

function link(href, text) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

function code(text) {
  const c = document.createElement('code');
  c.textContent = text;
  return c;
}

function renderJobs(jobs, truncated) {
  const body = $('jobs').tBodies[0];
  const select = $('watch-job');
  for (const job of jobs) {
    const row = body.insertRow();
    cell(row, job.JobStatus ?? '?');
    cell(row, code(job.ApplicationId));
    cell(row, link(job.url, job.Id));
    select.add(new Option(`${job.JobStatus ?? '?'} ${job.Id}`, job.url));
  }
  $('jobs-note').hidden = !truncated;
}

function renderHarness(headers) {
  const body = $('harness').tBodies[0];
  for (const h of headers) {
    const row = body.insertRow();
    cell(row, code(h.name));
    cell(row, h.grammar);
    cell(row, code(h.example));
    cell(row, h.effect);
  }
}

function renderOperations(operations) {
  const body = $('operations').tBodies[0];
  for (const o of operations) {
    const row = body.insertRow();
    cell(row, o.kind === 'admin' ? `${o.operation} (sandbox)` : o.operation);
    cell(row, code(o.methods.join(', ')));
    cell(row, code(o.path));
  }
}

function renderSnippets(baseUrl, job) {
  const path = job ? job.url : '/v1/apps/{application-id}/jobs/export/{job-id}';
  $('curl-snippet').textContent = `curl -i '${baseUrl}${path}' -H 'x-mock-error: TooManyRequestsException'`;
  $('sdk-snippet').textContent = [
    "import { GetExportJobCommand, PinpointClient } from '@aws-sdk/client-pinpoint';",
    '',
    `const pinpoint = new PinpointClient({ endpoint: '${baseUrl}', region: 'us-east-1',`,
    "  credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox' } });",
    `const { ExportJobResponse } = await pinpoint.send(new GetExportJobCommand({ ApplicationId: '${job?.ApplicationId ?? '…'}', JobId: '${job?.Id ?? '…'}' }));`,
  ].join('\n');
}

// The S3 API's ListObjectsV2, read as XML (DOMParser, text only), for one ended job's export.
const S3_MOUNT = '/_s3';
const S3_NS = 'http://s3.amazonaws.com/doc/2006-03-01/';
const text = (node, name) => node.getElementsByTagNameNS(S3_NS, name)[0]?.textContent ?? '';
const objectPath = (bucket, key) => `${S3_MOUNT}/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}`;

async function listObjects(bucket, prefix) {
  const objects = [];
  let token = '';
  do {
    const query = new URLSearchParams({ 'list-type': '2', prefix, ...(token && { 'continuation-token': token }) });
    const response = await fetch(`${S3_MOUNT}/${encodeURIComponent(bucket)}?${query}`);
    const xml = new DOMParser().parseFromString(await response.text(), 'application/xml');
    if (!response.ok) throw new Error(xml.querySelector('Error > Code')?.textContent ?? `HTTP ${response.status}`);
    for (const item of xml.getElementsByTagNameNS(S3_NS, 'Contents')) {
      objects.push({
        key: text(item, 'Key'),
        size: text(item, 'Size'),
        etag: text(item, 'ETag'),
        lastModified: text(item, 'LastModified'),
      });
    }
    token = text(xml.documentElement, 'IsTruncated') === 'true' ? text(xml.documentElement, 'NextContinuationToken') : '';
  } while (token);
  return objects;
}

async function showObjects() {
  const body = $('objects').tBodies[0];
  body.replaceChildren();
  const url = $('objects-job').value;
  if (!url) return;
  $('objects-status').textContent = 'Listing…';
  try {
    const job = await (await fetch(url)).json();
    const [, bucket, prefix] = /^s3:\/\/([^/]+)\/?(.*)$/.exec(job.Definition?.S3UrlPrefix ?? '') ?? [];
    const folder = `${prefix && !prefix.endsWith('/') ? `${prefix}/` : (prefix ?? '')}${job.Id}/`;
    const objects = await listObjects(bucket, folder);
    for (const o of objects) {
      const row = body.insertRow();
      const a = link(objectPath(bucket, o.key), o.key);
      a.download = o.key.split('/').pop();
      cell(row, a);
      cell(row, o.size);
      cell(row, code(o.etag));
      cell(row, o.lastModified);
    }
    $('objects-status').textContent = `${objects.length} object(s) in s3://${bucket}/${folder}`;
  } catch (error) {
    $('objects-status').textContent = `Could not list the export: ${error.message}`;
  }
}

function renderObjects(baseUrl, jobs) {
  $('s3-url').textContent = `${baseUrl}${S3_MOUNT}`;
  const select = $('objects-job');
  const ended = jobs.filter((j) => TERMINAL.has(j.JobStatus)).sort((a, b) => (b.JobStatus === 'COMPLETED') - (a.JobStatus === 'COMPLETED'));
  for (const job of ended) select.add(new Option(`${job.JobStatus} ${job.Id}`, job.url));
  select.addEventListener('change', showObjects);
  return showObjects();
}

let watching = null;

async function watch(event) {
  event.preventDefault();
  if (watching) clearTimeout(watching);
  const url = $('watch-job').value;
  const duration = Math.min(600, Math.max(1, Number($('watch-duration').value) || 20));
  const header = `start=${new Date().toISOString()}; duration=${duration}; outcome=${$('watch-outcome').value}`;
  $('watch-header').textContent = `x-mock-progression: ${header}`;
  $('watch-history').replaceChildren();
  let last = '';
  const poll = async () => {
    const response = await fetch(url, { headers: { 'x-mock-progression': header } });
    const applied = response.headers.get('x-mock-applied') ?? '';
    const job = response.ok ? await response.json() : null;
    const status = job?.JobStatus ?? `HTTP ${response.status}`;
    $('watch-status').textContent = status;
    $('watch-progress').value = Number(/(\d+)%/.exec(applied)?.[1] ?? 0);
    $('watch-counts').textContent = job
      ? `${job.CompletedPieces ?? 0}/${job.TotalPieces ?? 0} pieces, ${job.FailedPieces ?? 0} failed`
      : '';
    if (status !== last) {
      const item = document.createElement('li');
      item.textContent = status;
      $('watch-history').append(item);
      last = status;
    }
    if (!TERMINAL.has(status)) watching = setTimeout(poll, 500);
    else watching = null;
  };
  await poll();
}

async function main() {
  const response = await fetch('/', { headers: { accept: 'application/json' }, cache: 'no-store' });
  const index = await response.json();
  $('description').textContent = index.description;
  $('base-url').textContent = index.baseUrl;
  $('openapi').href = index.openapi;
  renderOperations(index.operations);
  renderJobs(index.jobs, index.jobsTruncated);
  renderHarness(index.harnessHeaders);
  renderSnippets(index.baseUrl, index.jobs[0]);
  await renderObjects(index.baseUrl, index.jobs);
  $('watch-form').addEventListener('submit', watch);
  for (const button of document.querySelectorAll('[data-copy]')) {
    button.addEventListener('click', () => navigator.clipboard?.writeText($(button.dataset.copy).textContent ?? ''));
  }
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  $('description').textContent = `Could not read the sandbox: ${error.message}`;
});
