// One source for the name and version every process shows (window title, bridge, UI).
export { version as PRODUCT_VERSION } from '../../package.json';

export const PRODUCT_NAME = 'NAS Studio';
