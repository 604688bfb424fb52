// Opaque handles for paths. The renderer never sees or sends a path: the main
// process hands out a random token for every file the user picked in a native
// dialog (or that is on the recent list) and maps it back here. Tokens live only
// as long as the process; each token remembers what kind of file it names, so an
// export's token cannot be used to overwrite or read it back as a workspace.
//
// A token only names a file; it grants nothing by itself. Writing through a token
// needs a write grant (grantWrite), which ipc.ts gives only to a path the user chose
// in a save dialog (now, or earlier as recorded in the recent list).
import { randomBytes } from 'node:crypto';
import path from 'node:path';

export type TokenKind = 'workspace' | 'export';

interface Entry {
  path: string;
  kind: TokenKind;
  writable: boolean;
}

export class PathTokens {
  private readonly byToken = new Map<string, Entry>();
  private readonly byKey = new Map<string, string>();

  constructor(private readonly newToken: () => string = () => randomBytes(16).toString('hex')) {}

  /** Returns the token for a path (the same token every time for the same path and kind). Grants nothing. */
  tokenFor(filePath: string, kind: TokenKind): string {
    const resolved = path.resolve(filePath);
    const key = `${kind}\u0000${resolved}`;
    const existing = this.byKey.get(key);
    if (existing) return existing;
    let token = this.newToken();
    while (this.byToken.has(token)) token = this.newToken();
    this.byToken.set(token, { path: resolved, kind, writable: false });
    this.byKey.set(key, token);
    return token;
  }

  /** Lets the token be written through until the process ends. */
  grantWrite(token: string): void {
    const entry = this.byToken.get(token);
    if (entry) entry.writable = true;
  }

  /** The path behind a token of the given kind, or null if the token is unknown or of another kind. */
  pathFor(token: string, kind: TokenKind): string | null {
    const entry = this.byToken.get(token);
    return entry && entry.kind === kind ? entry.path : null;
  }

  /** Like pathFor, but null unless the token holds a write grant. */
  writablePathFor(token: string, kind: TokenKind): string | null {
    const entry = this.byToken.get(token);
    return entry && entry.kind === kind && entry.writable ? entry.path : null;
  }
}
