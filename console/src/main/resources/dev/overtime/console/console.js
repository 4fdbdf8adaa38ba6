// The Overtime console page: jobs, a schema-generated form per job, live runs, and a run page with
// its log, outcome and cancel. Talks only to this console's /api (docs/console.md).
(function () {
  'use strict';

  const TOKEN = document.querySelector('meta[name="overtime-token"]').content;
  const $ = id => document.getElementById(id);
  const state = { jobs: [], selected: null, form: null, status: '', runTimer: null, listTimer: null, runId: null, logFrom: 0 };

  async function api(method, path, body) {
    const headers = { 'Accept': 'application/json' };
    if (method !== 'GET') headers['X-Overtime-Token'] = TOKEN;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, { method, headers, body, cache: 'no-store' });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    return { status: response.status, ok: response.ok, json, text };
  }

  function setLive(ok) {
    $('live').classList.toggle('offline', !ok);
    $('live-text').textContent = ok ? 'live' : 'console unreachable';
  }

  function toast(message, isError) {
    const node = $('toast');
    node.textContent = message;
    node.classList.toggle('error', !!isError);
    node.hidden = false;
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => { node.hidden = true; }, 4000);
  }

  function since(start, end) {
    if (!start) return '';
    return duration((end ? Date.parse(end) : Date.now()) - Date.parse(start));
  }

  function duration(millis) {
    const ms = Math.max(0, millis);
    if (ms < 60000) return (ms / 1000).toFixed(1) + 's';
    const s = Math.floor(ms / 1000);
    if (s < 3600) return Math.floor(s / 60) + 'm ' + String(s % 60).padStart(2, '0') + 's';
    return Math.floor(s / 3600) + 'h ' + String(Math.floor(s % 3600 / 60)).padStart(2, '0') + 'm';
  }

  function clock(instant) {
    if (!instant) return '—';
    const d = new Date(instant);
    const today = new Date().toDateString() === d.toDateString();
    return (today ? '' : d.toLocaleDateString() + ' ') + d.toLocaleTimeString();
  }

  function timeout(seconds) {
    if (seconds % 86400 === 0) return seconds / 86400 + 'd';
    if (seconds % 3600 === 0) return seconds / 3600 + 'h';
    if (seconds % 60 === 0) return seconds / 60 + 'm';
    return seconds + 's';
  }

  function memory(mb) { return mb % 1024 === 0 ? (mb / 1024) + ' GB' : mb + ' MB'; }

  function tag(label, value) {
    const node = document.createElement('span');
    node.className = 'tag';
    node.append(label + ' ');
    const b = document.createElement('b');
    b.textContent = value;
    node.append(b);
    return node;
  }

  function tags(job) {
    const box = document.createElement('div');
    box.className = 'tags';
    const declared = job.declared || {};
    box.append(tag('timeout', declared.timeout || timeout(job.timeoutSeconds)),
      tag('memory', declared.memory || memory(job.memoryMib)),
      tag('cpu', declared.cpu || (job.cpuUnits / 1024) + ' vCPU'), tag('retries', String(job.retries)));
    if (job.concurrency) box.append(tag('concurrency', String(job.concurrency)));
    return box;
  }

  // ---- progress ----------------------------------------------------------------------------------

  /** A whole percentage; 99% until the job says it is done. */
  function percent(fraction) {
    return (fraction >= 1 ? 100 : Math.min(99, Math.floor(fraction * 100))) + '%';
  }

  /** The time left at the pace so far: time to the report, scaled to what is left, less time since. */
  function timeLeft(run) {
    const p = run.progress;
    if (!p || !run.startedAt || p.fraction <= 0 || p.fraction >= 1) return null;
    const spent = Date.parse(p.reportedAt) - Date.parse(run.startedAt);
    if (spent <= 0) return null;
    const total = spent * (1 - p.fraction) / p.fraction;
    return Math.max(0, total - Math.max(0, Date.now() - Date.parse(p.reportedAt)));
  }

  function fillBar(bar, run) {
    const p = run.progress;
    bar.querySelector('.progress-fill').style.width = (Math.max(0, Math.min(1, p.fraction)) * 100).toFixed(1) + '%';
    bar.setAttribute('aria-valuenow', String(Math.floor(p.fraction * 100)));
    bar.classList.toggle('done', run.status === 'SUCCEEDED');
    bar.classList.toggle('stopped', !['QUEUED', 'RUNNING', 'SUCCEEDED'].includes(run.status));
  }

  /** The small bar after a run's status in the runs table. */
  function progressCell(run) {
    const cell = document.createElement('span');
    cell.className = 'run-progress-cell';
    const bar = document.createElement('div');
    bar.className = 'progress';
    bar.setAttribute('role', 'progressbar');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    bar.appendChild(document.createElement('div')).className = 'progress-fill';
    fillBar(bar, run);
    const text = document.createElement('span');
    text.textContent = percent(run.progress.fraction);
    cell.title = run.progress.message;
    cell.append(bar, text);
    return cell;
  }

  /** The progress panel of the run page: percentage, message, elapsed and time left, and the bar. */
  function renderProgress(run) {
    const panel = $('run-progress');
    if (!run.progress) {
      panel.hidden = true;
      return;
    }
    panel.hidden = false;
    $('run-progress-percent').textContent = percent(run.progress.fraction);
    $('run-progress-message').textContent = run.progress.message;
    let times = '';
    if (run.status === 'RUNNING' && run.startedAt) {
      times = since(run.startedAt) + ' elapsed';
      const left = timeLeft(run);
      if (left !== null) times += ' · about ' + duration(Math.ceil(left / 1000) * 1000) + ' left';
    }
    $('run-progress-times').textContent = times;
    fillBar($('run-progress-bar'), run);
  }

  function pill(status) {
    const node = document.createElement('span');
    node.className = 'pill ' + status;
    node.textContent = status.replace('_', ' ');
    return node;
  }

  // ---- jobs and the form ---------------------------------------------------------------------

  async function loadJobs() {
    const response = await api('GET', '/api/jobs');
    if (!response.ok) {
      $('invoke-loading').textContent = 'Cannot load the jobs: HTTP ' + response.status;
      toast('Cannot load jobs: ' + response.text, true);
      return;
    }
    const body = response.json;
    $('invoke-loading').hidden = true;
    $('home').textContent = body.home;
    $('home').parentElement.title = 'OVERTIME_HOME: ' + body.home;
    $('app').textContent = appLabel(body.app);
    $('app').parentElement.title = body.app || 'no application';
    state.jobs = body.jobs;
    $('job-count').textContent = body.jobs.length;
    $('no-app').hidden = !!body.app;
    const list = $('jobs');
    list.innerHTML = '';
    body.jobs.forEach(job => {
      const item = document.createElement('li');
      item.className = 'job';
      item.id = 'job-' + job.name;
      item.tabIndex = 0;
      const name = document.createElement('div');
      name.className = 'job-name';
      name.textContent = job.name;
      const handler = document.createElement('div');
      handler.className = 'job-handler';
      handler.textContent = job.handler;
      handler.title = job.handler;
      const jobTags = tags(job);
      const count = (job.schedules || []).length;
      if (count) jobTags.append(tag(count === 1 ? 'schedule' : 'schedules', count === 1 ? job.schedules[0].declared : String(count)));
      item.append(name, handler, jobTags);
      item.addEventListener('click', () => selectJob(job.name));
      item.addEventListener('keydown', e => { if (e.key === 'Enter') selectJob(job.name); });
      list.appendChild(item);
    });
    if (body.jobs.length) selectJob(state.selected || body.jobs[0].name);
    else { $('run-form').hidden = true; $('invoke-empty').hidden = false; $('invoke-job').textContent = ''; }
  }

  // A jar by its file name; a long class path by its size (the full text is in the tooltip).
  function appLabel(app) {
    if (!app) return 'none';
    const entries = app.split(':').filter(e => e);
    return entries.length === 1 ? entries[0].split('/').pop() : 'class path of ' + entries.length + ' entries';
  }

  function selectJob(name) {
    const job = state.jobs.find(j => j.name === name);
    if (!job) return;
    state.selected = name;
    document.querySelectorAll('.job').forEach(node => node.classList.toggle('selected', node.id === 'job-' + name));
    $('invoke-job').textContent = job.name;
    $('invoke-empty').hidden = true;
    $('run-form').hidden = false;
    $('form-error').hidden = true;
    const config = $('job-config');
    config.innerHTML = '';
    config.appendChild(tags(job));
    renderSchedules(job);
    state.form = new window.SchemaForm($('fields'), job.payloadSchema, updatePreview);
    updatePreview();
  }

  // ---- schedules -------------------------------------------------------------------------------

  // An instant as the wall-clock time of an IANA zone with its offset, "2026-12-02 02:30 +01:00",
  // as 'overtime schedules' prints it. The offset is computed from the zone's wall clock, so it is
  // right on either side of a daylight-saving change.
  function inZone(instant, zone) {
    const millis = Date.parse(instant);
    let parts;
    try {
      parts = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit',
        day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(millis));
    } catch (e) {
      return inZone(instant, 'UTC');
    }
    const part = type => parts.find(p => p.type === type).value;
    const hour = part('hour') === '24' ? '00' : part('hour');
    const wall = Date.UTC(+part('year'), +part('month') - 1, +part('day'), +hour, +part('minute'), +part('second'));
    const offset = Math.round((wall - Math.floor(millis / 1000) * 1000) / 60000);
    const abs = Math.abs(offset);
    return part('year') + '-' + part('month') + '-' + part('day') + ' ' + hour + ':' + part('minute') + ' '
      + (offset < 0 ? '-' : '+') + String(Math.floor(abs / 60)).padStart(2, '0') + ':' + String(abs % 60).padStart(2, '0');
  }

  // The job's @Schedules, as its manifest lists them, each with its next fires in its own zone.
  function renderSchedules(job) {
    const section = $('job-schedules');
    const list = $('schedules');
    list.innerHTML = '';
    const schedules = job.schedules || [];
    section.hidden = schedules.length === 0;
    schedules.forEach(schedule => {
      const item = document.createElement('li');
      item.className = 'schedule';
      item.dataset.schedule = schedule.id;
      const head = document.createElement('div');
      head.className = 'schedule-head';
      const id = document.createElement('span');
      id.className = 'schedule-id mono';
      id.textContent = schedule.id;
      const cron = document.createElement('span');
      cron.className = 'schedule-cron mono';
      cron.textContent = schedule.declared === schedule.cron ? schedule.cron : schedule.declared + ' = ' + schedule.cron;
      cron.title = 'minute hour day-of-month month day-of-week, read in ' + schedule.zone;
      const zone = document.createElement('span');
      zone.className = 'schedule-zone';
      zone.textContent = schedule.zone;
      head.append(id, cron, zone);
      const payload = document.createElement('div');
      payload.className = 'schedule-payload mono';
      payload.textContent = schedule.payload;
      payload.title = 'The payload of every fire';
      const fires = document.createElement('ol');
      fires.className = 'schedule-fires mono';
      (schedule.nextFiresInZone || []).forEach((fire, i) => {
        const li = document.createElement('li');
        li.textContent = fire;
        li.title = schedule.nextFires[i];
        fires.appendChild(li);
      });
      item.append(head, payload, fires);
      if (schedule.problem) {
        const problem = document.createElement('div');
        problem.className = 'schedule-problem';
        problem.textContent = schedule.problem;
        item.appendChild(problem);
      }
      list.appendChild(item);
    });
  }

  // The next fires shown go stale as time passes: once the first shown has come, ask again (only
  // the schedules are redrawn, so a payload being typed is kept).
  async function refreshSchedulesWhenDue() {
    const job = state.jobs.find(j => j.name === state.selected);
    const due = job && (job.schedules || []).some(s => s.nextFires.length && Date.parse(s.nextFires[0]) <= Date.now());
    // At most every 30 s: a browser whose clock is ahead of the console's would otherwise ask each second.
    if (!due || state.schedulesLoading || Date.now() - (state.schedulesAskedAt || 0) < 30000) return;
    state.schedulesLoading = true;
    state.schedulesAskedAt = Date.now();
    try {
      const response = await api('GET', '/api/jobs');
      if (!response.ok) return;
      response.json.jobs.forEach(fresh => {
        const known = state.jobs.find(j => j.name === fresh.name);
        if (known) known.schedules = fresh.schedules;
      });
      const selected = state.jobs.find(j => j.name === state.selected);
      if (selected) renderSchedules(selected);
    } finally {
      state.schedulesLoading = false;
    }
  }

  // The zone of schedule "job#index", from the application's manifests; UTC when the console does
  // not know it (no --app, or a schedule the application no longer has).
  function scheduleZone(id) {
    for (const job of state.jobs) {
      const schedule = (job.schedules || []).find(s => s.id === id);
      if (schedule) return schedule.zone;
    }
    return 'UTC';
  }

  // "factorial#0, fire of 2026-12-02 02:30 +01:00" for a run a schedule started, else null.
  function scheduledBy(run) {
    if (!run.schedule) return null;
    return run.schedule + (run.scheduledFor ? ', fire of ' + inZone(run.scheduledFor, scheduleZone(run.schedule)) : '');
  }

  // The runs table's compact marker: a clock and the schedule's index; the tooltip says the rest.
  function scheduleMark(run) {
    const mark = document.createElement('span');
    mark.className = 'schedule-mark';
    mark.title = 'Started by schedule ' + scheduledBy(run);
    mark.setAttribute('aria-label', mark.title);
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('aria-hidden', 'true');
    const face = document.createElementNS('http://www.w3.org/2000/svg', 'circle');
    face.setAttribute('cx', '8'); face.setAttribute('cy', '8'); face.setAttribute('r', '6.2');
    const hands = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    hands.setAttribute('d', 'M8 4.5V8l2.5 1.6');
    svg.append(face, hands);
    const text = document.createElement('span');
    text.textContent = run.schedule.slice(run.schedule.lastIndexOf('#'));
    mark.append(svg, text);
    return mark;
  }

  function updatePreview() {
    if (!state.form) return;
    const collected = state.form.collect(false);
    $('payload-preview').textContent = collected.json;
  }

  async function submitRun(event) {
    event.preventDefault();
    $('form-error').hidden = true;
    const collected = state.form.collect(true);
    updatePreview();
    if (!collected.ok) {
      const first = document.querySelector('.field.invalid input, .field.invalid select, .field.invalid textarea');
      if (first) first.focus();
      return;
    }
    const button = $('submit-run');
    button.disabled = true;
    try {
      const response = await api('POST', '/api/jobs/' + encodeURIComponent(state.selected) + '/runs', collected.json);
      if (response.status === 202) {
        location.hash = '#/runs/' + response.json.runId;
      } else if (response.json && response.json.error && response.json.error.problems) {
        const rest = state.form.showProblems(response.json.error.problems);
        if (rest.length) showFormError(rest.map(p => p.path + ': ' + p.message).join('\n'));
      } else {
        showFormError((response.json && response.json.error) ? response.json.error.message : 'HTTP ' + response.status);
      }
    } catch (e) {
      showFormError('The console did not answer: ' + e.message);
    } finally {
      button.disabled = false;
    }
  }

  function showFormError(message) {
    $('form-error').textContent = message;
    $('form-error').hidden = false;
  }

  // ---- runs table ----------------------------------------------------------------------------

  async function refreshRuns() {
    try {
      const query = state.status ? '?limit=50&status=' + state.status : '?limit=50';
      const response = await api('GET', '/api/runs' + query + tagQuery());
      setLive(response.ok);
      if (!response.ok) return;
      renderRuns(response.json.runs);
      showCancelMatching(response.json.runs);
    } catch (e) {
      setLive(false);
    }
  }

  function renderRuns(runs) {
    const body = $('runs');
    body.innerHTML = '';
    $('runs-empty').hidden = runs.length > 0;
    runs.forEach(run => {
      const row = document.createElement('tr');
      row.id = 'run-' + run.runId;
      row.dataset.status = run.status;
      const cells = [pill(run.status), run.job, run.runId, String(run.attempt), startedCell(run),
        since(run.startedAt, run.finishedAt)];
      const classes = ['col-status', 'col-job', 'col-id', 'col-num', 'col-num', 'col-num'];
      cells.forEach((cell, i) => {
        const td = document.createElement('td');
        td.className = classes[i];
        if (typeof cell === 'string') td.textContent = cell; else td.appendChild(cell);
        row.appendChild(td);
      });
      if (run.progress) row.firstChild.appendChild(progressCell(run));
      if (run.schedule) row.children[1].appendChild(scheduleMark(run));
      row.addEventListener('click', () => { location.hash = '#/runs/' + run.runId; });
      body.appendChild(row);
    });
  }

  // ---- tag filter and cancel of the matching runs ----------------------------------------------

  function tagQuery() {
    return state.tag ? '&tag=' + encodeURIComponent(state.tag) : '';
  }

  function setTagFilter(value) {
    const tag = value.trim();
    if (tag === (state.tag || '')) return;
    state.tag = tag;
    refreshRuns();
  }

  // Offered when a tag or an active status narrows the list and some listed run is still active.
  function showCancelMatching(runs) {
    const button = $('cancel-matching');
    const narrowed = !!state.tag || state.status === 'QUEUED' || state.status === 'RUNNING';
    const active = runs.filter(run => run.status === 'QUEUED' || run.status === 'RUNNING').length;
    button.hidden = !narrowed || active === 0;
    button.textContent = 'Cancel matching (' + active + (runs.length >= 50 ? '+' : '') + ')';
  }

  function describeMatching() {
    const what = state.status === 'QUEUED' || state.status === 'RUNNING' ? state.status.toLowerCase() : 'queued or running';
    return what + ' runs' + (state.tag ? ' tagged ' + state.tag : '');
  }

  async function cancelMatching() {
    if (!window.confirm('Cancel all ' + describeMatching() + '?')) return;
    const button = $('cancel-matching');
    button.disabled = true;
    try {
      const params = [];
      if (state.status === 'QUEUED' || state.status === 'RUNNING') params.push('status=' + state.status);
      if (state.tag) params.push('tag=' + encodeURIComponent(state.tag));
      const response = await api('POST', '/api/runs/cancel?' + params.join('&'));
      if (!response.ok) {
        toast((response.json && response.json.error) ? response.json.error.message : 'Cancel failed: HTTP ' + response.status, true);
        return;
      }
      toast('Cancelling ' + response.json.count + ' ' + describeMatching());
      refreshRuns();
    } finally {
      button.disabled = false;
    }
  }

  function bindTagFilter() {
    const input = $('tag-filter');
    input.addEventListener('input', () => { clearTimeout(bindTagFilter.timer); bindTagFilter.timer = setTimeout(() => setTagFilter(input.value), 250); });
    input.addEventListener('change', () => setTagFilter(input.value));
    $('cancel-matching').addEventListener('click', cancelMatching);
  }

  // ---- delayed and expiring runs ---------------------------------------------------------------

  // A run that has not ended: it may still wait for its start time (DELAYED), a slot, or run.
  function isActive(status) {
    return ['DELAYED', 'QUEUED', 'RUNNING'].includes(status);
  }

  // The list's time column: when a delayed run will start, else when it started (or was created).
  function startedCell(run) {
    if (run.status === 'DELAYED' && run.startAt) return 'at ' + clock(run.startAt);
    return clock(run.startedAt || run.createdAt);
  }

  // The run page's start time and expiry, for runs that have them.
  function waitingFacts(run) {
    const facts = [];
    if (run.startAt) facts.push(['Start at', clock(run.startAt)]);
    if (run.expiresAt) facts.push(['Expires', clock(run.expiresAt)]);
    return facts;
  }

  // ---- run page ------------------------------------------------------------------------------

  function showRun(runId) {
    state.runId = runId;
    state.logFrom = 0;
    $('run-log').textContent = '';
    $('run-outcome').hidden = true;
    $('run-id').textContent = runId;
    $('run-job').textContent = '';
    $('run-status').className = 'pill';
    $('run-status').textContent = '';
    $('run-facts').innerHTML = '<div class="loading">Loading run…</div>';
    $('cancel-run').hidden = true;
    $('run-progress').hidden = true;
    pollRun();
  }

  async function pollRun() {
    const runId = state.runId;
    if (!runId) return;
    let done = false;
    try {
      const response = await api('GET', '/api/runs/' + encodeURIComponent(runId));
      if (runId !== state.runId) return;
      setLive(response.ok || response.status === 404);
      if (response.status === 404) {
        $('run-job').textContent = 'unknown run';
        $('run-log').textContent = response.json ? response.json.error.message : '';
        $('cancel-run').hidden = true;
        $('rerun-run').disabled = true;
        return;
      }
      const run = response.json;
      renderRun(run);
      const logDone = await pollLog(runId, run);
      // The log may report the run ended after this snapshot was taken: poll again for its final state.
      done = logDone && !isActive(run.status);
    } catch (e) {
      setLive(false);
    }
    if (runId === state.runId && !done) {
      state.runTimer = setTimeout(pollRun, 700);
    }
  }

  function renderRun(run) {
    const terminal = !isActive(run.status);
    $('run-job').textContent = run.job;
    $('run-status').className = 'pill ' + run.status;
    $('run-status').textContent = run.status.replace('_', ' ');
    // A finished run has nothing to cancel: no button rather than a dimmed one.
    $('cancel-run').hidden = terminal;
    renderProgress(run);
    $('rerun-run').disabled = false;
    renderLinks(run);
    const facts = [['Attempt', String(run.attempt)], ['Created', clock(run.createdAt)], ['Started', clock(run.startedAt)],
      ['Finished', clock(run.finishedAt)], ['Duration', runDuration(run) || '—']]
      .concat(waitingFacts(run));
    if (run.attempts && run.attempts.length > 1) facts.push(['Attempts', attemptTimes(run.attempts)]);
    if (run.schedule) facts.push(['Scheduled by', scheduledBy(run), 'run-schedule']);
    const list = $('run-facts');
    list.innerHTML = '';
    facts.forEach(([label, value, id]) => {
      const box = document.createElement('div');
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = value;
      if (id) dd.id = id;
      box.append(dt, dd);
      list.appendChild(box);
    });
    if (run.status === 'SUCCEEDED') {
      $('run-outcome').hidden = false;
      $('run-outcome-title').textContent = 'Result';
      $('run-result').hidden = false;
      $('run-result').textContent = run.resultText !== undefined ? pretty(run.resultText) : JSON.stringify(run.result, null, 2);
      $('run-error').hidden = true;
    } else if (run.error) {
      $('run-outcome').hidden = false;
      $('run-outcome-title').textContent = run.status === 'CANCELLED' ? 'Cancelled' : 'Error';
      $('run-result').hidden = true;
      $('run-error').hidden = false;
      $('run-error-type').textContent = run.error.type;
      $('run-error-message').textContent = run.error.message;
    } else {
      $('run-outcome').hidden = true;
    }
  }

  // The run this one re-runs, and the runs that re-run it, as links to their pages.
  function renderLinks(run) {
    const links = $('run-links');
    links.innerHTML = '';
    const add = (label, ids, className) => {
      if (!ids.length) return;
      links.append(label + ' ');
      ids.forEach(id => {
        const a = document.createElement('a');
        a.href = '#/runs/' + encodeURIComponent(id);
        a.className = 'mono ' + className;
        a.textContent = id;
        links.appendChild(a);
      });
    };
    add('Re-run of', run.rerunOf ? [run.rerunOf] : [], 'rerun-of');
    add('Re-run as', run.reruns || [], 'rerun-as');
    links.hidden = links.childNodes.length === 0;
  }

  // Pretty-prints JSON text without parsing numbers (a BigInteger result must stay exact).
  // A run's total, from its first attempt's start (startedAt is the current attempt's), and each
  // attempt's own time: "1.7s FAILED · 1.4s SUCCEEDED".
  function runDuration(run) {
    const first = run.attempts && run.attempts.length ? run.attempts[0].startedAt : run.startedAt;
    return since(first, run.finishedAt);
  }

  function attemptTimes(attempts) {
    return attempts.map(a => since(a.startedAt, a.endedAt) + ' ' + (a.status || 'running')).join(' · ');
  }

  function pretty(text) {
    if (!/^[\[{]/.test(text.trim())) return text;
    try {
      const parsed = JSON.parse(text);
      if (JSON.stringify(parsed) === text) return JSON.stringify(parsed, null, 2);
    } catch (e) { /* shown as is */ }
    return text;
  }

  async function pollLog(runId, run) {
    const terminal = !isActive(run.status);
    for (let i = 0; i < 20; i++) {
      const response = await api('GET', '/api/runs/' + encodeURIComponent(runId) + '/log?from=' + state.logFrom);
      if (!response.ok || runId !== state.runId) return terminal;
      const chunk = response.json;
      if (chunk.text) {
        const log = $('run-log');
        log.append(chunk.text);
        if ($('follow-log').checked) log.scrollTop = log.scrollHeight;
      }
      state.logFrom = chunk.next;
      if (chunk.done) return true;
      if (!chunk.text) return false;
    }
    return false;
  }

  async function cancelRun() {
    const button = $('cancel-run');
    button.disabled = true;
    const response = await api('POST', '/api/runs/' + encodeURIComponent(state.runId) + '/cancel');
    if (!response.ok) {
      toast((response.json && response.json.error) ? response.json.error.message : 'Cancel failed: HTTP ' + response.status, true);
      button.disabled = false;
      return;
    }
    toast('Cancelling run ' + state.runId);
    clearTimeout(state.runTimer);
    pollRun();
  }

  // A new run with this run's payload; its page opens.
  async function rerunRun() {
    const button = $('rerun-run');
    button.disabled = true;
    const response = await api('POST', '/api/runs/' + encodeURIComponent(state.runId) + '/rerun');
    button.disabled = false;
    if (!response.ok) {
      toast((response.json && response.json.error) ? response.json.error.message : 'Run again failed: HTTP ' + response.status, true);
      return;
    }
    toast('Started run ' + response.json.runId + ', a re-run of ' + state.runId);
    location.hash = '#/runs/' + encodeURIComponent(response.json.runId);
  }

  // ---- routing -------------------------------------------------------------------------------

  function route() {
    clearTimeout(state.runTimer);
    const match = location.hash.match(/^#\/runs\/([^/]+)$/);
    if (match) {
      $('overview').hidden = true;
      $('run-view').hidden = false;
      showRun(decodeURIComponent(match[1]));
    } else {
      state.runId = null;
      $('run-view').hidden = true;
      $('overview').hidden = false;
      refreshRuns();
    }
  }

  function startListPolling() {
    clearInterval(state.listTimer);
    state.listTimer = setInterval(() => {
      if (!$('overview').hidden) {
        refreshRuns();
        refreshSchedulesWhenDue();
      }
    }, 1000);
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('run-form').addEventListener('submit', submitRun);
    $('cancel-run').addEventListener('click', cancelRun);
    bindTagFilter();
    $('rerun-run').addEventListener('click', rerunRun);
    $('filters').addEventListener('click', event => {
      const button = event.target.closest('button[data-status]');
      if (!button) return;
      state.status = button.dataset.status;
      document.querySelectorAll('.filter').forEach(b => b.classList.toggle('active', b === button));
      refreshRuns();
    });
    window.addEventListener('hashchange', route);
    loadJobs().then(route);
    startListPolling();
  });
})();
