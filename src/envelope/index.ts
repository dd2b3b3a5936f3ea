export * from './builders.js';
export * from './errors.js';
export * from './schemas.js';
export * from './validate.js';
