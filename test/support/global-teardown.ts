export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __ROSTER_PG__?: { stop(): Promise<void> } }).__ROSTER_PG__;
  await server?.stop();
}
