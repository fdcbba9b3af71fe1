package com.jada.chartersync.edge;

import java.util.List;
import java.util.TreeSet;

/** The paths of one cycle's single invalidation: every changed page once, in a stable order. */
public final class InvalidationBatcher {

    private InvalidationBatcher() {
    }

    public static List<String> paths(List<String> changedPaths) {
        return List.copyOf(new TreeSet<>(changedPaths));
    }
}
