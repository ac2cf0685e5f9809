export default async function globalTeardown() {
  await globalThis.fusionAuthDevServer.close();
}
