import { MemorySessionStore } from '../../src/sessions/memory-store.ts';
import { describeSessionStoreContract } from './session-store-contract.ts';

describeSessionStoreContract('MemorySessionStore', async () => {
  const store = new MemorySessionStore();
  return { store, dispose: () => store.close() };
});
