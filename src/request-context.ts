// What the sandbox attaches to each request as it passes through the router.
import type { IRequest } from 'itty-router';
import type { JobRef } from './job-path';

export interface SandboxRequest extends IRequest {
  requestId: string;
  applied: string[]; // parts of the x-mock-applied summary
  job: JobRef | null; // the job the path names, once checked
}
