import { createMemoryStore } from '../../src/engagement/index.js';
import { storeConformance } from './conformance.js';

storeConformance({ name: 'memory', open: async () => createMemoryStore() });
