// The fetch classes the agent bundle gives every module that names the global
// ones (scripts/bundleAgent.mjs, esbuild's `inject`). The SDK builds each
// request's headers with `new Headers()` and asks `body instanceof FormData` of
// each request body. Node's own classes are undici's, and touching any of them
// loads all of undici: 36-46 ms and 12 MB of every agent (issue 11). These are
// the ponyfills nodeHttpFetch.ts answers with, so one family of classes serves
// the whole request. Unbundled (tests that import dist/src directly) the SDK
// keeps Node's.
export { FormData, Headers } from '@whatwg-node/node-fetch';
