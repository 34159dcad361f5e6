// The sandbox Worker's bundle, as the gate imports it: `npm run build` leaves the import for
// dist/worker/index.js, which `wrangler deploy --dry-run` writes beside the gate.
declare module 'sandbox:worker-bundle' {
  const worker: { fetch: ExportedHandlerFetchHandler<unknown> };
  export default worker;
  export const TenantState: unknown;
}
