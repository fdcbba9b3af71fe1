package com.jada.chartersync.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * How many dead letters are waiting, from what the runtime keeps in memory (no call), for health and the board.
 *
 * @param open          unresolved and not given up, the local journal's included
 * @param oldestOpenAge how long the oldest open one has waited; {@link Duration#ZERO} when none is open
 * @param givenUp       given up: their charter sailed or they grew older than the redrive's max-age
 */
public record DeadLetterCounts(int open, Duration oldestOpenAge, int givenUp) {

    static DeadLetterCounts of(List<OpenLetter> letters, int journaled, Instant now) {
        List<OpenLetter> waiting = letters.stream().filter(l -> !l.givenUp()).toList();
        Duration oldest = waiting.stream().map(l -> l.age(now)).max(Comparator.naturalOrder()).orElse(Duration.ZERO);
        return new DeadLetterCounts(waiting.size() + journaled, oldest, letters.size() - waiting.size());
    }
}
