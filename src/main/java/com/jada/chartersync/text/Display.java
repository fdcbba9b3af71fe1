package com.jada.chartersync.text;

/** How the operator's pages (the board, the manifest) and the layer verdicts show missing values and failures. */
public final class Display {

    private Display() {
    }

    /** The text, or an em dash when there is none. */
    public static String orDash(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }

    /** The innermost cause's message (its class name when it has none): what failed, without the wrapping. */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
