import { createRequire } from 'node:module';

/**
 * GSM 03.38 as the table inside `sms-segments-calculator` has it (Twilio's own calculator, the
 * one `smsSegments` counts with), keyed by UTF-16 code unit: one code, or ESC and a code for the
 * extension table. The package exports no path to it and is CommonJS: `require` reads it the
 * same way under Node and under Vitest, whose ESM interop would otherwise unwrap `default`
 * differently.
 */
export const UNICODE_TO_GSM = (
  createRequire(import.meta.url)('sms-segments-calculator/dist/libs/UnicodeToGSM.js') as {
    default: Record<string, readonly number[]>;
  }
).default;
