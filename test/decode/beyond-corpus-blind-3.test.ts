// A third blind set: what Japanese small-business users receive — rental servers' notices with Japanese
// prefaces (ISO-2022-JP, Shift_JIS, UTF-8), carriers, ISPs, Microsoft 365, Exchange, Gmail and Yahoo! JAPAN in
// Japanese, delays, and Japanese mail that is not a bounce — written before reading the decoder.
import { fixtureSetSuite } from "./fixture-set";

fixtureSetSuite("Blind Japanese bounces beyond the corpus", "bounces-blind-3", 25);
