import { casehubTestConfig } from '../../vitest.preset.js';

export default casehubTestConfig('plugin-sms-smpp');
