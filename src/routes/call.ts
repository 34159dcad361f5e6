// What a route's handler is given: one object per request, made by the router once the path
// has matched and its labels have been checked; and the caller's tenant, the one way a route
// reaches it.
import type { Env } from '../env';
import { type SigV4Credential, tenantName } from '../gateway/credential';
import type { Reply } from '../http/reply';
import type { Runtime } from '../runtime';
import { reachTenant, type Tenant } from '../tenants/reach';
import type { Labels } from './paths';

export interface Call {
  request: Request;
  url: URL; // the request's URL, parsed once
  env: Env;
  ctx: ExecutionContext;
  runtime: Runtime;
  requestId: string;
  credential: SigV4Credential | null; // who signed the request (null: unsigned, the anonymous tenant)
  labels: Labels; // the path's labels, decoded and checked
  body: string; // the request body's text, for the methods that take one
}

export type Handler = (call: Call) => Promise<Reply> | Reply;

/** The caller's tenant: named by the request's credential, reached in the TENANTS namespace. */
export const tenantOf = ({ env, credential, runtime }: Pick<Call, 'env' | 'credential' | 'runtime'>): Tenant =>
  reachTenant(env.TENANTS, tenantName(credential), runtime.settings);
