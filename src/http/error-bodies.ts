// The wire shapes of error bodies, as valibot schemas, for the tests and the generated docs.
// The Worker renders them from their types alone (errors.ts), so the schemas stay out of its bundle.
import * as v from 'valibot';

/** The body of every modeled error (MessageBody in the reference). */
export const MessageBodySchema = v.strictObject({
  RequestID: v.optional(v.string()),
  Message: v.optional(v.string()),
});
export type MessageBody = v.InferOutput<typeof MessageBodySchema>;

/** The body of an error sent by the API Gateway in front of Pinpoint (502, 503, 504). */
export const GatewayErrorSchema = v.strictObject({ message: v.string() });
export type GatewayError = v.InferOutput<typeof GatewayErrorSchema>;
