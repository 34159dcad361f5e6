// Path identifiers. Real Pinpoint IDs are 32 lowercase hex characters; the sandbox accepts a
// wider, still storage-key-safe set so fixtures may use readable IDs. Nothing outside this set
// ever reaches a KV key or a Durable Object query.
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
export const ID_RULE = '1 to 64 characters from A-Z, a-z, 0-9, "-" and "_"';
