export * from './twilio/index.js';
