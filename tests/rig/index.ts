/** The real-server test rig: everything an integration test talks to, on loopback. */
export { startRedis, type RedisServer } from './redis-server.js';
export { startChroma, type ChromaServer } from './chroma-server.js';
export {
  startSshHost,
  startSshFleet,
  rigClientKey,
  type SshHost,
  type SshFleet,
  type SshHostOptions,
  type SshClientSettings,
} from './ssh-host.js';
export { writeStandIn, standInCalls, REPO_ROOT, type StandInSpec, type StandInOutput } from './stand-in.js';
export { startTarpit, type Tarpit } from './tarpit.js';
export {
  startFakeOllama,
  hashVector,
  estimateTokens,
  type FakeOllama,
  type ChatReply,
  type ChatHandler,
  type EmbedHandler,
  type OllamaChatRequest,
} from './fake-ollama.js';
export { startGotify, type GotifyReceiver, type GotifyMessage } from './gotify-receiver.js';
export { freePort } from './ports.js';
export { tempDir } from './temp-dir.js';
export { waitUntil } from './wait.js';
