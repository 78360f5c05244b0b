// The fetch classes the agent bundle gives every module that names the global
// ones (scripts/bundleAgent.mjs, esbuild's `inject` and `define`). The SDK
// builds each request's headers with `new Headers()`, and asks `body instanceof
// FormData` and `body instanceof globalThis.ReadableStream` of each request
// body. Node's Headers and FormData are undici's, and touching any of them loads
// all of undici: 36-46 ms and 12 MB of every agent (issue 11); its
// ReadableStream costs ~5 ms and 2 MB more. These are the ponyfills
// nodeHttpFetch.ts answers with, so one family of classes serves the whole
// request. Unbundled (tests that import dist/src directly) the SDK keeps Node's.
export { FormData, Headers, ReadableStream as __agentReadableStream } from '@whatwg-node/node-fetch';
