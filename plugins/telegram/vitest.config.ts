import { casehubTestConfig } from '../../vitest.preset.js';

export default casehubTestConfig('plugin-telegram');
