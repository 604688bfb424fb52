// IPC channel names. Kept dependency-free because the sandboxed preload imports it
// (sandboxed preloads cannot require Node built-ins such as node:path).
export const IPC_CHANNELS = {
  getInfo: 'app:get-info',
} as const;

export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];
