// An independent measure on bounces written blind: fixtures and expectations were written from the formats'
// public documentation before their author read the decoder or the other fixture sets.
import { fixtureSetSuite } from "./fixture-set";

fixtureSetSuite("Blind bounces beyond the corpus", "bounces-blind", 40);
