import { casehubTestConfig } from '../../vitest.preset.js';

export default casehubTestConfig('test-support');
