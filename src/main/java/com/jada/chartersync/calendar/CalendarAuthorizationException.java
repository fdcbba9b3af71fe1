package com.jada.chartersync.calendar;

/**
 * Google's token endpoint refused the runtime's credentials for good (a revoked or expired refresh token, a deleted
 * service account key, a wrong OAuth client). Retrying cannot help: the shared error policy does not redeliver it,
 * and health, the status board and the cycle summary show its message, which says what to do. It carries the token
 * endpoint's error code and description, never a token.
 */
public class CalendarAuthorizationException extends RuntimeException {

    /** How an operator gets a new refresh token (docs/aws.md). */
    public static final String REAUTHORIZE_HOW = "run 'java -jar charter-sync-<version>.jar --authorize', put the refresh "
            + "token it prints in GOOGLE_REFRESH_TOKEN and restart the runtime; docs/aws.md";

    private final String error;

    public CalendarAuthorizationException(String message, String error) {
        super(message);
        this.error = error;
    }

    /** The token endpoint's error code, e.g. {@code invalid_grant}. */
    public String error() {
        return error;
    }

    /**
     * The message for a refusal of the token endpoint.
     *
     * @param serviceAccount whether the runtime authenticates as a service account (else an OAuth client and refresh token)
     */
    public static CalendarAuthorizationException of(boolean serviceAccount, String error, String description) {
        String said = " [token endpoint: " + error + (description == null || description.isBlank() ? "" : ": " + description) + "]";
        String message = switch (error) {
            case "invalid_client", "unauthorized_client" -> serviceAccount
                    ? "Google refused the service account: check that GOOGLE_SERVICE_ACCOUNT_KEY is a current key of an "
                    + "enabled service account and that its domain-wide delegation allows the Calendar scope; docs/aws.md"
                    : "Google refused the OAuth client: check GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (the client the "
                    + "refresh token was issued to); docs/aws.md";
            case "invalid_scope" -> "Google refused the Calendar scope the runtime asks for: check "
                    + "camel.component.google-calendar.scopes and, for a service account, its domain-wide delegation; docs/aws.md";
            default -> serviceAccount
                    ? "Google Calendar access was revoked or expired: re-authorize (how: create a new key for the service "
                    + "account, put it in GOOGLE_SERVICE_ACCOUNT_KEY, check its domain-wide delegation and restart; docs/aws.md)"
                    : "Google Calendar access was revoked or expired: re-authorize (how: " + REAUTHORIZE_HOW + ")";
        };
        return new CalendarAuthorizationException(message + said, error);
    }

    /** The first authorization failure in a chain of causes, if any. */
    public static CalendarAuthorizationException in(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof CalendarAuthorizationException a) {
                return a;
            }
        }
        return null;
    }
}
