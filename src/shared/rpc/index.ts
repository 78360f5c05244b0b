export * from './envelope.js';
export * from './client.js';
export * from './server.js';
export * from './memoryTransport.js';
