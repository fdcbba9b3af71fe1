package com.jada.chartersync.agreement;

/** One layer's answer; {@code detail} is what a reader may want next to the reason (a key, an ETag), or null. */
public record Verdict(String layer, boolean agrees, String reason, String detail) {

    static Verdict yes(String layer, String reason) {
        return new Verdict(layer, true, reason, null);
    }

    static Verdict no(String layer, String reason) {
        return new Verdict(layer, false, reason, null);
    }

    Verdict with(String detail) {
        return new Verdict(layer, agrees, reason, detail);
    }

    /** The reason with its detail, as one line. */
    public String text() {
        return detail == null ? reason : reason + " (" + detail + ")";
    }
}
