// Providers end to end: bin/offload runs real agents whose real SDK clients
// (@anthropic-ai/sdk for a compatible endpoint, @anthropic-ai/vertex-sdk,
// @anthropic-ai/bedrock-sdk) talk to the fake model server in provider mode
// (bearer auth, no rate-limit headers, no cache fields, its own model list,
// and the Bedrock and Vertex routes; see e2e/fixtures/fakeModel/providerMode.ts).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startFakeModelServer, type FakeModelServer } from '../../e2e/fixtures/fakeModelServer.js';
import { promptFor, textTurn, toolTurn } from '../../e2e/fixtures/scenarioHelpers.js';
import { FileSecretStore } from '../../src/main/store/fileSecretStore.js';
import { inSandbox, jsonLines, showJson, type Sandbox } from './cliHelpers.js';

const TOKEN = 'local-bearer-token-0123456789';
let endpoint: FakeModelServer;
let silentEndpoint: FakeModelServer;
/** Bedrock's routes with AWS keys: every request must be signed with SigV4 (e2e/fixtures/fakeModel/awsSigV4.ts). */
let awsEndpoint: FakeModelServer;
/** Vertex behind Google's token exchange (e2e/fixtures/fakeModel/googleSts.ts): only the exchanged access token is accepted. */
let gcpEndpoint: FakeModelServer;
const STS = {
  audience: '//iam.googleapis.com/projects/123456/locations/global/workloadIdentityPools/ci-pool/providers/ci-provider',
  subjectToken: 'eyJhbGciOiJSUzI1NiJ9.offload-ci-subject-token.sig',
  subjectTokenType: 'urn:ietf:params:oauth:token-type:jwt',
  accessToken: 'ya29.offload-exchanged-access-token-0123456789',
};
const AWS_KEYS = { accessKeyId: 'AKIAOFFLOADTEST12345', secretAccessKey: 'offload/test+secret/0123456789abcdefEXAMPLE', sessionToken: 'FwoGZXIvYXdzEOFFLOADsessiontoken0123456789' };

const scenarios = {
  local: [toolTurn('write_file', { path: 'local.txt', content: 'from a local model\n' }), toolTurn('run_command', { command: 'env' }), textTurn('Local done.')],
  quiet: [textTurn('No usage from me.')],
  vertex: [toolTurn('list_dir', {}), textTurn('Vertex done.')],
  bedrock: [toolTurn('list_dir', {}), textTurn('Bedrock done.')],
};

before(async () => {
  endpoint = await startFakeModelServer({ provider: { bearerToken: TOKEN, models: ['qwen3-coder', 'gpt-oss:20b'] }, scenarios });
  silentEndpoint = await startFakeModelServer({ provider: { bearerToken: TOKEN, usage: 'none' }, scenarios });
  awsEndpoint = await startFakeModelServer({ provider: { aws: { ...AWS_KEYS, region: 'us-west-2' } }, scenarios });
  gcpEndpoint = await startFakeModelServer({ provider: { bearerToken: STS.accessToken, googleSts: STS }, scenarios });
});
after(async () => {
  await endpoint?.close();
  await silentEndpoint?.close();
  await awsEndpoint?.close();
  await gcpEndpoint?.close();
});

function writeUserSettings(s: Sandbox, settings: unknown): void {
  mkdirSync(s.home, { recursive: true });
  writeFileSync(join(s.home, 'settings.json'), JSON.stringify(settings, null, 2));
}

const withSandbox = (body: (s: Sandbox) => Promise<void>) => inSandbox(endpoint.url, body);

function requestsOf(server: FakeModelServer, scenario: string) {
  return server.requests.filter((r) => r.scenario === scenario);
}

test('a local compatible endpoint: bearer token, its own listed model, $0 and 0 premium requests shown as such', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, { providers: { local: { kind: 'compatible', baseUrl: endpoint.url, auth: 'bearer' } } });
    // No Anthropic key at all: the local provider does not need one. Its token comes from ANTHROPIC_AUTH_TOKEN.
    const env = { ANTHROPIC_API_KEY: undefined, ANTHROPIC_AUTH_TOKEN: TOKEN };
    const run = await s.offload(['run', '--json', '--provider', 'local', '--approval', 'auto', promptFor('local', 'Write local.txt.')], { env });
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    const finished = events.find((e) => e.type === 'finished');
    assert.ok(finished?.type === 'finished' && finished.status === 'completed', run.stdout);
    assert.equal(readFileSync(join(s.workspace, 'local.txt'), 'utf8'), 'from a local model\n');

    // The model is the first one the endpoint lists; every call is free.
    const model = events.find((e) => e.type === 'model');
    assert.ok(model?.type === 'model' && model.model === 'qwen3-coder');
    const usages = events.filter((e) => e.type === 'usage');
    assert.equal(usages.length, 3);
    for (const u of usages) {
      assert.ok(u.type === 'usage');
      assert.equal(u.costUsd, 0);
      assert.equal(u.premiumRequests, 0);
      assert.ok(u.inputTokens > 0 && u.outputTokens > 0, 'the endpoint\'s token counts are kept');
      assert.equal(u.cacheReadTokens + u.cacheWriteTokens, 0);
    }

    // What went over the wire: bearer auth, no Anthropic key, no cache_control, no web search tool.
    const sent = requestsOf(endpoint, 'local');
    assert.equal(sent.length, 3);
    for (const r of sent) {
      assert.equal(r.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(r.headers['x-api-key'], undefined);
      assert.doesNotMatch(JSON.stringify(r.body), /cache_control/);
      assert.ok(!r.body.tools.some((t: { name: string }) => t.name === 'web_search'));
    }

    // The stream says which features are off and why.
    const notices = events.filter((e) => e.type === 'notice').map((e) => (e.type === 'notice' ? e.message : ''));
    assert.ok(notices.some((n) => /prompt caching is off: local \(Anthropic-compatible endpoint\)/i.test(n)), notices.join('\n'));
    assert.ok(notices.some((n) => /web search is off/i.test(n)), notices.join('\n'));

    // The token never reaches the agent's commands (nor the log).
    const envResult = events.find((e) => e.type === 'tool_result' && e.tool === 'run_command');
    assert.ok(envResult?.type === 'tool_result' && envResult.ok);
    assert.doesNotMatch(envResult.content, /ANTHROPIC_AUTH_TOKEN/);
    assert.ok(!run.stdout.includes(TOKEN));

    const shown = await showJson(s, finished.agentId);
    assert.equal(shown.premiumRequests, 0);
    assert.equal(shown.costUsd, 0);
    assert.equal(shown.options.provider, 'local');
    const human = await s.offload(['show', finished.agentId], { env });
    assert.match(human.stdout, /requests:\s+0 premium \(\$0\.0000\)/);
  });
});

test('an endpoint that streams no usage: the agent completes and says token usage is off', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, {
      providers: { quiet: { kind: 'compatible', baseUrl: silentEndpoint.url, auth: 'bearer', models: ['llama3.2'], defaultModel: 'llama3.2' } },
      defaultProvider: 'quiet',
    });
    // The token rests in the secret store, as the Settings page saves it.
    await new FileSecretStore(s.home).set('provider:quiet', TOKEN);
    const run = await s.offload(['run', '--json', promptFor('quiet', 'Say something.')], { env: { ANTHROPIC_API_KEY: undefined } });
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    assert.ok(events.some((e) => e.type === 'finished' && e.status === 'completed'));
    assert.ok(events.some((e) => e.type === 'model' && e.model === 'llama3.2'));
    const notice = events.find((e) => e.type === 'notice' && /token usage is off/i.test(e.message));
    assert.ok(notice?.type === 'notice' && /sent no usage in its stream/.test(notice.message) && /\$0/.test(notice.message), JSON.stringify(notice));
    const usage = events.find((e) => e.type === 'usage');
    assert.ok(usage?.type === 'usage' && usage.costUsd === 0 && usage.premiumRequests === 0);
  });
});

test('Google Vertex through @anthropic-ai/vertex-sdk, pointed at the fake: the streamRawPredict route with an access token', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, {
      providers: {
        gcp: { kind: 'vertex', baseUrl: `${endpoint.url}/v1`, region: 'us-east5', projectId: 'demo-project', models: ['claude-sonnet-4-5@20250929'] },
      },
    });
    await new FileSecretStore(s.home).set('provider:gcp', TOKEN);
    const run = await s.offload(['run', '--json', '--provider', 'gcp', promptFor('vertex', 'List the files.')], { env: { ANTHROPIC_API_KEY: undefined } });
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    assert.ok(events.some((e) => e.type === 'finished' && e.status === 'completed'), run.stdout);
    const sent = requestsOf(endpoint, 'vertex');
    assert.equal(sent.length, 2);
    // The fake accepts Vertex's route only with the model in the URL and anthropic_version "vertex-2023-10-16".
    assert.equal(sent[0]!.body.model, 'claude-sonnet-4-5@20250929');
    assert.equal(sent[0]!.headers.authorization, `Bearer ${TOKEN}`);
    // Vertex is priced as Anthropic's models are: a Sonnet-class call costs one premium request.
    const usage = events.find((e) => e.type === 'usage');
    assert.ok(usage?.type === 'usage' && usage.premiumRequests === 1 && usage.costUsd > 0);
  });
});

test('Amazon Bedrock through @anthropic-ai/bedrock-sdk, pointed at the fake: AWS event stream framing with a Bedrock API key', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, {
      providers: { aws: { kind: 'bedrock', baseUrl: endpoint.url, region: 'us-west-2', models: ['anthropic.claude-sonnet-4-5-20250929-v1:0'] } },
    });
    const run = await s.offload(['run', '--json', '--provider', 'aws', promptFor('bedrock', 'List the files.')], {
      // A Bedrock API key from the host's environment; it reaches the agent over IPC only.
      env: { ANTHROPIC_API_KEY: undefined, AWS_BEARER_TOKEN_BEDROCK: TOKEN },
    });
    assert.equal(run.code, 0, run.stderr);
    const events = jsonLines(run.stdout);
    assert.ok(events.some((e) => e.type === 'finished' && e.status === 'completed'), run.stdout);
    assert.ok(events.some((e) => e.type === 'text' && /Bedrock done/.test(e.text)));
    const sent = requestsOf(endpoint, 'bedrock');
    assert.equal(sent.length, 2);
    assert.equal(sent[0]!.body.model, 'anthropic.claude-sonnet-4-5-20250929-v1:0');
    assert.equal(sent[0]!.headers.authorization, `Bearer ${TOKEN}`);
  });
});

test('Google Vertex with Application Default Credentials from GOOGLE_APPLICATION_CREDENTIALS (an external_account file): the subject token is exchanged, the access token used', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, {
      providers: { gcp: { kind: 'vertex', baseUrl: `${gcpEndpoint.url}/v1`, region: 'us-east5', projectId: 'demo-project', models: ['claude-sonnet-4-5@20250929'] } },
    });
    const subjectFile = join(s.dir, 'subject-token.txt');
    writeFileSync(subjectFile, STS.subjectToken);
    // The credential file as `gcloud iam workload-identity-pools create-cred-config` writes it, its token_url pointed at the fake.
    const credentialFile = join(s.dir, 'adc.json');
    const credentials = { type: 'external_account', audience: STS.audience, subject_token_type: STS.subjectTokenType, token_url: `${gcpEndpoint.url}/v1/token`, credential_source: { file: subjectFile } };
    writeFileSync(credentialFile, JSON.stringify(credentials));
    const env = { ANTHROPIC_API_KEY: undefined, GOOGLE_APPLICATION_CREDENTIALS: credentialFile };
    const run = await s.offload(['run', '--json', '--provider', 'gcp', promptFor('vertex', 'List the files.')], { env });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.ok(jsonLines(run.stdout).some((e) => e.type === 'finished' && e.status === 'completed'), run.stdout);
    const sent = requestsOf(gcpEndpoint, 'vertex');
    assert.equal(sent.length, 2);
    assert.equal(sent[0]!.headers.authorization, `Bearer ${STS.accessToken}`);
    assert.deepEqual(gcpEndpoint.tokenExchanges.map((x) => x.status), [200], 'one exchange; the token is reused for the second call');
    assert.ok(!run.stdout.includes(STS.accessToken) && !run.stdout.includes(STS.subjectToken), 'no token in what the agent logs');

    // A subject token the exchange refuses: the run fails at once with Google's reason, not after retries.
    writeFileSync(subjectFile, 'a-token-the-pool-does-not-trust');
    const refused = await s.offload(['run', '--json', '--provider', 'gcp', promptFor('vertex', 'List the files again.')], { env });
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stdout + refused.stderr, /invalid_grant|subject token could not be verified/);
    assert.equal(requestsOf(gcpEndpoint, 'vertex').length, 2, 'no model call without a token');
  });
});

test("Amazon Bedrock with AWS keys: every request is signed with SigV4 as AWS documents it; a wrong secret fails with AWS's reason", async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, {
      providers: { aws: { kind: 'bedrock', baseUrl: awsEndpoint.url, region: 'us-west-2', models: ['anthropic.claude-sonnet-4-5-20250929-v1:0'] } },
    });
    const keys = { AWS_ACCESS_KEY_ID: AWS_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: AWS_KEYS.secretAccessKey, AWS_SESSION_TOKEN: AWS_KEYS.sessionToken };
    const run = await s.offload(['run', '--json', '--provider', 'aws', promptFor('bedrock', 'List the files.')], { env: { ANTHROPIC_API_KEY: undefined, ...keys } });
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const events = jsonLines(run.stdout);
    assert.ok(events.some((e) => e.type === 'finished' && e.status === 'completed'), run.stdout);
    const sent = requestsOf(awsEndpoint, 'bedrock');
    assert.equal(sent.length, 2, 'both model calls passed the signature check');
    assert.match(String(sent[0]!.headers.authorization), /^AWS4-HMAC-SHA256 Credential=AKIAOFFLOADTEST12345\/\d{8}\/us-west-2\/bedrock\/aws4_request, SignedHeaders=[^,]*x-amz-security-token/);
    // The secret and the session token stay out of what the agent logs.
    assert.ok(!run.stdout.includes(AWS_KEYS.secretAccessKey) && !run.stdout.includes(AWS_KEYS.sessionToken));

    const wrong = await s.offload(['run', '--json', '--provider', 'aws', promptFor('bedrock', 'List the files again.')], {
      env: { ANTHROPIC_API_KEY: undefined, ...keys, AWS_SECRET_ACCESS_KEY: 'not-the-secret-0123456789' },
    });
    assert.equal(wrong.code, 1, wrong.stdout + wrong.stderr);
    assert.match(wrong.stdout + wrong.stderr, /signature we calculated does not match the signature you provided/);
    assert.equal(requestsOf(awsEndpoint, 'bedrock').length, 2, 'the refused request never reached the model');
  });
});

test('an unknown provider is refused with a clear message and no agent starts', async () => {
  await withSandbox(async (s) => {
    writeUserSettings(s, { providers: { local: { kind: 'compatible', baseUrl: endpoint.url } } });
    const run = await s.offload(['run', '--provider', 'nope', 'Do it.']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /No provider "nope" is configured\. The providers are: anthropic, local/);
  });
});

test('a workspace cannot name providers: only the user\'s settings file does', async () => {
  await withSandbox(async (s) => {
    mkdirSync(join(s.workspace, '.offload'), { recursive: true });
    writeFileSync(join(s.workspace, '.offload', 'settings.json'), JSON.stringify({ providers: { evil: { kind: 'compatible', baseUrl: 'http://127.0.0.1:9' } } }));
    const run = await s.offload(['run', '--provider', 'evil', 'Do it.']);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /No provider "evil" is configured/);
  });
});
