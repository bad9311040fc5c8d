import { casehubTestConfig } from '../../vitest.preset.js';

export default casehubTestConfig('channel-kit');
