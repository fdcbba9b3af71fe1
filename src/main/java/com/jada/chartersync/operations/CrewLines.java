package com.jada.chartersync.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Rewrites the crew of an event description: drops every captain and crew line (including "Deckhand:" and
 * "Updated crew:"), keeps every other line as it was, and appends the corrected captain and crew.
 */
public final class CrewLines {

    private static final Set<String> CREW_KEYS = Set.of("captain", "skipper", "crew", "deckhand", "deckhands",
            "updated crew", "crew update", "new crew");

    private CrewLines() {
    }

    public static String replace(String description, String captain, List<String> crew) {
        List<String> kept = new ArrayList<>();
        String text = description == null ? "" : description.replaceAll("(?i)<br\\s*/?>", "\n");
        for (String line : text.split("\\R")) {
            int colon = line.indexOf(':');
            String key = colon > 0 ? line.substring(0, colon).strip().toLowerCase(Locale.ROOT).replaceAll("<[^>]*>", "") : "";
            if (!CREW_KEYS.contains(key)) {
                kept.add(line);
            }
        }
        while (!kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
            kept.remove(kept.size() - 1);
        }
        if (captain != null && !captain.isBlank()) {
            kept.add("Captain: " + captain.strip());
        }
        if (crew != null && !crew.isEmpty()) {
            kept.add("Crew: " + String.join(", ", crew.stream().map(String::strip).toList()));
        }
        return String.join("\n", kept);
    }
}
