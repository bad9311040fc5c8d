export * from './twilio/index.js';
export * from './telegram/index.js';
export * from './whatsapp/index.js';
export * from './messenger/index.js';
