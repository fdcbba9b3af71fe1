package com.jada.chartersync.edge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The paths of one cycle's single invalidation. CloudFront bills every listed path, and a wildcard counts as
 * one: where a date folder has at least {@code wildcardFrom} changed pages, one {@code /<date>/*} replaces
 * them; otherwise each changed page is listed once.
 */
public final class InvalidationBatcher {

    private InvalidationBatcher() {
    }

    public static List<String> paths(List<String> changedPaths, int wildcardFrom) {
        Map<String, TreeSet<String>> byFolder = new TreeMap<>();
        for (String p : changedPaths) {
            int slash = p.lastIndexOf('/');
            byFolder.computeIfAbsent(p.substring(0, slash + 1), k -> new TreeSet<>()).add(p);
        }
        List<String> out = new ArrayList<>();
        byFolder.forEach((folder, pages) -> {
            if (wildcardFrom > 1 && pages.size() >= wildcardFrom && !folder.equals("/")) {
                out.add(folder + "*");
            } else {
                out.addAll(pages);
            }
        });
        return out;
    }
}
