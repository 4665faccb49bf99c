import type { Job, TombstoneClient } from '@tombstone/sdk';
import { h, mount } from '../dom.js';
import { attempt } from '../errors.js';

/** How often the section asks again while a job runs. */
export const JOBS_REFRESH_MS = 2_000;

/** "Deleting author 2", "Restoring article 4, 5". */
export function jobTitle(job: Pick<Job, 'operation' | 'table' | 'ids'>): string {
  const verb = job.operation === 'delete' ? 'Deleting' : 'Restoring';
  const ids =
    job.ids.length > 5
      ? `${job.ids.slice(0, 5).join(', ')} and ${job.ids.length - 5} more`
      : job.ids.join(', ');
  return `${verb} ${job.table} ${ids}`;
}

/** "3 / 10 rows (30%)", or "3 rows" while the total is unknown. */
export function jobProgressText(job: Pick<Job, 'doneRows' | 'totalRows'>): string {
  if (job.totalRows === null || job.totalRows <= 0) return `${job.doneRows} rows`;
  const percent = Math.min(100, Math.floor((job.doneRows / job.totalRows) * 100));
  return `${job.doneRows} / ${job.totalRows} rows (${percent}%)`;
}

function jobItem(job: Job): HTMLElement {
  const title = jobTitle(job);
  const total =
    job.totalRows !== null && job.totalRows > 0 ? Math.max(job.totalRows, job.doneRows) : undefined;
  return h(
    'li',
    { 'data-job': job.id },
    h('span', { class: 'job-title' }, title),
    // No value while the total is unknown: an indeterminate bar.
    h('progress', {
      'aria-label': title,
      ...(total === undefined ? {} : { max: total, value: job.doneRows }),
    }),
    h('span', { class: 'job-count' }, jobProgressText(job)),
  );
}

/**
 * "In progress": the deletes and restores running as chunked jobs (too large for one
 * transaction), each with a progress bar, asked again every 2 s while any runs. A running
 * delete's batch only shows in the list once its last chunk has committed, so this is where it
 * is visible meanwhile. `onFinished` runs when the last running job is gone (the list below has
 * changed). Stops asking once the section has left the page.
 */
export function runningJobsSection(client: TombstoneClient, onFinished: () => void): HTMLElement {
  const list = h('ul', { class: 'jobs' });
  const section = h(
    'section',
    { class: 'running-jobs', 'aria-labelledby': 'running-jobs-heading', hidden: true },
    h('h3', { id: 'running-jobs-heading' }, 'In progress'),
    list,
  );
  let seen = false;
  const refresh = async (first: boolean) => {
    if (!first && !section.isConnected) return;
    const page = await attempt(() => client.admin.trash.jobs.query({ status: 'running', limit: 20 }));
    if (!page) return;
    const jobs = page.items;
    section.hidden = jobs.length === 0;
    mount(list, ...jobs.map(jobItem));
    if (jobs.length > 0) {
      seen = true;
      setTimeout(() => void refresh(false), JOBS_REFRESH_MS);
    } else if (seen && section.isConnected) onFinished();
  };
  void refresh(true);
  return section;
}
