// read_arrow(path_or_glob): Arrow IPC files (file or stream format) as a table.

import { fileReader } from '../file-reader.js';
import { ArrowFormat } from './arrow-format.js';

export const readArrow = {
  ...fileReader({
    name: 'read_arrow',
    description: 'Reads Arrow IPC files (.arrow, .feather, .arrows): one partition piece per record batch.',
    example: "SELECT * FROM read_arrow('data.arrow')",
    options: {},
    format: (files) => new ArrowFormat(files),
  }),
  aliases: ['read_ipc', 'read_feather'],
};
