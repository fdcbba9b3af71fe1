package com.jada.chartersync.text;

/**
 * The rule for a short human-entered value (a name, a signature, a relationship): one line of printable text
 * of at most {@link #MAX_LENGTH} characters. Refused: control characters (NUL, ESC, CR, LF, tab...), Unicode
 * line and paragraph separators (Java's {@code \R} splits on them as on a newline), bidirectional controls
 * (they make text read differently from what is stored), every other invisible format character (Unicode category
 * Cf: U+200B, U+FEFF, U+061C, soft hyphen...: two values that look alike would differ) and unpaired surrogates. Shared by the operator's crew
 * correction and the waiver function, which is deployed on its own: this class depends on nothing else.
 */
public final class SingleLineText {

    public static final int MAX_LENGTH = 100;

    private SingleLineText() {
    }

    /** Why {@code value} is not an acceptable single line, or {@code null} when it is. Blank is for the caller. */
    public static String problem(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
                return "must be a single line";
            }
            if (Character.isISOControl(c)) {
                return "contains a control character (U+" + String.format("%04X", (int) c) + ")";
            }
            if ((c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069') || c == '\u200E' || c == '\u200F'
                    || c == '\u061C') {
                return "contains a bidirectional text control (U+" + String.format("%04X", (int) c) + ")";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                int cp = value.codePointAt(i);
                if (Character.getType(cp) == Character.FORMAT) {
                    return "contains an invisible format character (U+" + String.format("%04X", cp) + ")";
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains an unpaired surrogate";
            } else if (Character.getType(c) == Character.FORMAT) {
                return "contains an invisible format character (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        return null;
    }
}
