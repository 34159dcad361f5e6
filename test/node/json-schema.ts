// Ajv for JSON Schema 2020-12, with formats (date-time, uuid), as an independent check of
// what the generated schemas say.
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export function ajv(): Ajv2020 {
  const instance = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(instance);
  return instance;
}
