package com.jada.chartersync.audit;

import java.time.Duration;

/**
 * What the drift indicator says about dead letters: how many are open, how old the oldest open one is, how many
 * redrives were given up. A seam: {@link OpenDeadLetters} reads them from the dead-letter store as it is; the
 * automatic redrive's own counts take its place (one bean of this type) when it lands.
 */
public interface DeadLetterCounts {

    /** Unresolved dead letters, the journal's included. */
    int open();

    /** Age of the oldest open dead letter; null when none is open. */
    Duration oldestOpenAge();

    /** Dead letters whose redrive was given up; null while nothing keeps that count. */
    Integer givenUp();
}
