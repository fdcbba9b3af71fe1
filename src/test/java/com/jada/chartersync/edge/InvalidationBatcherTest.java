package com.jada.chartersync.edge;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidationBatcherTest {

    @Test
    void listsEachChangedPageOnceInAStableOrder() {
        assertThat(InvalidationBatcher.paths(List.of("/2026-06-14/danika-guest.html", "/2026-05-31/quinn-guest.html",
                "/2026-06-14/danika-guest.html"), 3))
                .containsExactly("/2026-05-31/quinn-guest.html", "/2026-06-14/danika-guest.html");
    }

    @Test
    void aDateWithManyChangedPagesBecomesOneWildcardPath() {
        assertThat(InvalidationBatcher.paths(List.of("/2026-06-01/a-guest.html", "/2026-06-01/b-guest.html",
                "/2026-06-01/c-guest.html", "/2026-06-02/d-guest.html"), 3))
                .containsExactly("/2026-06-01/*", "/2026-06-02/d-guest.html");
    }

    @Test
    void wildcardsCanBeSwitchedOff() {
        assertThat(InvalidationBatcher.paths(List.of("/d/a", "/d/b", "/d/c"), 0)).hasSize(3);
    }
}
