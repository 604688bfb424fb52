// The desktop shell writes through file:save only the export kinds it knows
// (electron/files.ts EXPORT_FILTERS). Every export type the renderer offers must be one
// of them, or that export would fail in the desktop app only. (Kept out of the
// electron-*.test.ts files: those are type-checked without the DOM the renderer needs.)
import { describe, expect, it } from 'vitest';
import { parseSaveFileArgs } from '../../electron/ipc';
import { FILE_TYPES } from '../../renderer/src/platform/files';

const bytes = new Uint8Array([1]);

describe('file:save and the renderer agree on the export kinds', () => {
  it.each(Object.entries(FILE_TYPES).filter(([key]) => key !== 'workspace'))('%s is accepted', (_key, type) => {
    const filter = { name: type.name, extensions: [...type.extensions] };
    const [request] = parseSaveFileArgs([{ suggestedName: `导出.${type.extensions[0]}`, filter, bytes }]);
    expect(request.filter).toEqual(filter);
  });

  it('the workspace is not an export kind (it is saved through workspace:save)', () => {
    const filter = { name: FILE_TYPES.workspace.name, extensions: [...FILE_TYPES.workspace.extensions] };
    expect(() => parseSaveFileArgs([{ suggestedName: 'a.xingtu', filter, bytes }])).toThrow(/^file:save: filter .* is not a file kind this channel writes$/);
  });
});
