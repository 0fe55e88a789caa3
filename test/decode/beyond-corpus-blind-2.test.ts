// A second blind set: 2024–2026 provider texts (Microsoft 365, Gmail, Yahoo, iCloud, Proofpoint, Mimecast),
// localised Exim/Zimbra templates and less common servers, written before reading the decoder.
import { fixtureSetSuite } from "./fixture-set";

fixtureSetSuite("Blind bounces beyond the corpus, set 2", "bounces-blind-2", 30);
