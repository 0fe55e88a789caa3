// Entry of the background page (bundled into dist/addon/background.js).
import { startBackground } from "./background";

void startBackground(messenger, indexedDB);
