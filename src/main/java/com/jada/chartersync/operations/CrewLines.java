package com.jada.chartersync.operations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Patches the crew of an event description: a captain given replaces every captain line ("Skipper:" too), a crew
 * given replaces every crew line ("Deckhand:", "Updated crew:"...), each where the first such line stood (or at the
 * end); what is not given ({@code null}) keeps its lines as they were, and an empty crew removes the crew lines.
 * Every other line is kept as it was.
 */
public final class CrewLines {

    private static final Set<String> CAPTAIN_KEYS = Set.of("captain", "skipper");
    private static final Set<String> CREW_KEYS = Set.of("crew", "deckhand", "deckhands", "updated crew", "crew update",
            "new crew");

    private CrewLines() {
    }

    public static String replace(String description, String captain, List<String> crew) {
        String captainLine = captain == null ? null : "Captain: " + captain.strip();
        String crewLine = crew == null || crew.isEmpty() ? null
                : "Crew: " + String.join(", ", crew.stream().map(String::strip).toList());
        List<String> kept = new ArrayList<>();
        boolean captainPlaced = captain == null;
        boolean crewPlaced = crew == null;
        String text = description == null ? "" : description.replaceAll("(?i)<br\\s*/?>", "\n");
        for (String line : text.split("\\R")) {
            int colon = line.indexOf(':');
            String key = colon > 0 ? line.substring(0, colon).strip().toLowerCase(Locale.ROOT).replaceAll("<[^>]*>", "") : "";
            if (captain != null && CAPTAIN_KEYS.contains(key)) {
                if (!captainPlaced) {
                    kept.add(captainLine);
                    captainPlaced = true;
                }
            } else if (crew != null && CREW_KEYS.contains(key)) {
                if (!crewPlaced) {
                    if (crewLine != null) {
                        kept.add(crewLine);
                    }
                    crewPlaced = true;
                }
            } else {
                kept.add(line);
            }
        }
        while (!kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
            kept.remove(kept.size() - 1);
        }
        if (!captainPlaced) {
            kept.add(captainLine);
        }
        if (!crewPlaced && crewLine != null) {
            kept.add(crewLine);
        }
        return String.join("\n", kept);
    }
}
