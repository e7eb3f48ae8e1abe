/**
 * Stands in for `node:fs/promises` in the browser bundle. @sead/trainer imports it only to save and
 * load checkpoint files, which this page never does (it keeps checkpoints in memory).
 */
const unavailable = (): never => {
  throw new Error('checkpoint files need Node: a browser page has no file system');
};

export const open = unavailable;
export const readFile = unavailable;
export const rename = unavailable;
export const rm = unavailable;
