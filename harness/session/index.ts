export { MockSessionServer, StartedMockSessionServer } from './mock-session-server.ts'
export { RemoteSessionServer, type RemoteSessionServerOptions } from './remote-session-server.ts'
export { premiumUuid } from './accounts.ts'
export { javaFlagsFor } from './java-flags.ts'
export { AUTHLIB_INJECTOR_PREFIXES } from './routes.ts'
export type {
  AccountSpec,
  FaultMode,
  FaultRoute,
  FaultSpec,
  IssuedAccount,
  IssuedUser,
  JournalEntry,
  ProfileSpec,
  SessionServerControl,
  SkinSpec,
  TextureSpec,
  UserSpec,
} from './types.ts'
export { textureHash } from './textures.ts'
