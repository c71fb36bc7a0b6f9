// pg_listening_channels(): the channels the session listens on (LISTEN), in the order it began.

import { vectorFromScalars } from '../../columnar/vector-ops.js';
import { LarchError, SqlState } from '../../engine/errors.js';
import { Types } from '../../types/data-type.js';
import type { TableFunctionDefinition } from '../function.js';

export const pgListeningChannels: TableFunctionDefinition = {
  kind: 'table',
  name: 'pg_listening_channels',
  description: 'The channels this session listens on (LISTEN takes effect when its transaction commits).',
  example: 'SELECT * FROM pg_listening_channels()',
  bind: (args) => {
    if (args.length !== 0) {
      throw new LarchError(SqlState.undefinedFunction, 'function pg_listening_channels takes no arguments');
    }
    const columns = [{ name: 'pg_listening_channels', type: Types.text }];
    return {
      name: 'pg_listening_channels',
      columns,
      argTypes: [],
      execute: (_values, ctx) => {
        const channels = ctx.listeningChannels?.() ?? [];
        if (channels.length === 0) return [];
        return [{ length: channels.length, columns: [vectorFromScalars(Types.text, channels)] }];
      },
    };
  },
};
