import { copyFile } from 'node:fs/promises';
import { BrowserWindow, dialog } from 'electron';

/**
 * The desktop app's only way for a file to leave a run folder: the user picks the destination in
 * the system's save dialog (the renderer never names a path), offered under `name`.
 */
export async function saveWithDialog(file: string, name: string): Promise<string | null> {
  const window = BrowserWindow.getFocusedWindow();
  const options = { defaultPath: name };
  const { canceled, filePath } = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
  if (canceled || !filePath) return null;
  await copyFile(file, filePath);
  return filePath;
}
