/**
 * A problem with a results folder or with the flags for it — a foreign or corrupt file, a resume of another
 * setting, a folder in use — found before anything is written (the CLI exits with code 2). A leaf module, so
 * that the readers and the writer of results folders share it.
 */
export class ResultsFolderError extends Error {}
