package com.jada.chartersync.localcloud.calendar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's OAuth 2.0 server as the calendar sandbox needs it, after RFC 6749 and Google's documentation for
 * installed applications and service accounts:
 * <ul>
 *   <li>{@code POST /token}: the {@code refresh_token} grant (form-encoded client_id, client_secret, refresh_token),
 *       the {@code authorization_code} grant with PKCE (S256) for the consent below, and the JWT-bearer grant
 *       ({@code urn:ietf:params:oauth:grant-type:jwt-bearer}) of a service account, whose RS256 signature is checked
 *       with the account's registered public key. Errors in Google's shape: 400 {@code invalid_grant} "Token has been
 *       expired or revoked.", 401 {@code invalid_client}.</li>
 *   <li>{@code GET /o/oauth2/v2/auth}: the consent page; it consents at once and redirects to the loopback
 *       redirect URI with a one-time code.</li>
 *   <li>{@code POST /revoke?token=...}: Google's revocation endpoint.</li>
 *   <li>Local switches, not Google's: {@code POST /token/revoke} and {@code POST /token/restore} revoke and restore a
 *       refresh token (the local cloud's own when none is named), with every access token issued from it.</li>
 * </ul>
 * The calendar API accepts only unexpired access tokens issued here whose grant is not revoked ({@link #check}).
 * Refresh tokens persist in the data directory; access tokens live {@code accessTokenTtl} and only in memory.
 */
public final class OAuthServer {

    public static final String CALENDAR_EVENTS = "https://www.googleapis.com/auth/calendar.events";
    public static final String CALENDAR = "https://www.googleapis.com/auth/calendar";
    private static final Set<String> KNOWN_SCOPES = Set.of(CALENDAR, CALENDAR_EVENTS,
            "https://www.googleapis.com/auth/calendar.readonly", "https://www.googleapis.com/auth/calendar.events.readonly");
    private static final Set<String> CALENDAR_WRITE_SCOPES = Set.of(CALENDAR, CALENDAR_EVENTS);
    private static final Logger LOG = LoggerFactory.getLogger(OAuthServer.class);
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

    /** A refresh token's grant (or a service account's, keyed by its email). */
    record Grant(String clientId, String scope, String subject) {
    }

    private record AccessToken(String grantKey, String scope, Instant expiresAt) {
    }

    private record Code(String clientId, String redirectUri, String scope, String challenge, String method, Instant expiresAt) {
    }

    /** What the calendar API makes of a request's credentials. */
    public enum Verdict { OK, MISSING, INVALID, INSUFFICIENT_SCOPE }

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final Path stateFile;
    private final Duration accessTokenTtl;
    private final Map<String, String> clients = new ConcurrentHashMap<>();
    private final Map<String, PublicKey> serviceAccounts = new ConcurrentHashMap<>();
    private final Map<String, Grant> refreshTokens = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> tokenRequests = new ConcurrentHashMap<>();
    private final Map<String, String> delegations = new ConcurrentHashMap<>();
    private final AtomicInteger failNext = new AtomicInteger();
    private volatile int failStatus = 503;
    private volatile String defaultRefreshToken;
    private volatile boolean lastCodeVerified;

    public OAuthServer(Path stateFile, Duration accessTokenTtl) {
        this.stateFile = stateFile;
        this.accessTokenTtl = accessTokenTtl == null ? Duration.ofMinutes(5) : accessTokenTtl;
    }

    /** An OAuth client (an installed application's id and secret). */
    public OAuthServer client(String clientId, String clientSecret) {
        clients.put(clientId, clientSecret);
        return this;
    }

    /**
     * The refresh token the local cloud's runtime starts with, as if an operator had authorized it once; the switches
     * act on it when they name no token. Kept revoked if it was revoked before a restart.
     */
    public OAuthServer seedRefreshToken(String refreshToken, String clientId) {
        refreshTokens.putIfAbsent(refreshToken, new Grant(clientId, CALENDAR_EVENTS, null));
        defaultRefreshToken = refreshToken;
        return this;
    }

    /** A service account: its email ({@code client_email} of its key) and the public half of its key. */
    public OAuthServer serviceAccount(String email, PublicKey publicKey) {
        serviceAccounts.put(email, publicKey);
        return this;
    }

    // ---- test and operator hooks ----------------------------------------------------------------

    /** Token requests answered so far, by grant type (failed ones included). */
    public int tokenRequests(String grantType) {
        AtomicInteger n = tokenRequests.get(grantType);
        return n == null ? 0 : n.get();
    }

    /** The next {@code n} token requests answer {@code status} (a 5xx as Google's token server sometimes does). */
    public void failNextTokenRequests(int n, int status) {
        failStatus = status;
        failNext.set(n);
    }

    /** Every access token handed out so far stops working (the calendar answers 401), as when they expire. */
    public void expireAccessTokens() {
        accessTokens.clear();
    }

    /** Revokes a refresh token (null: the seeded one) and every access token issued from it. */
    public synchronized boolean revoke(String refreshToken) {
        String token = refreshToken == null ? defaultRefreshToken : refreshToken;
        if (token == null || !refreshTokens.containsKey(token)) {
            return false;
        }
        revoked.add(token);
        save();
        return true;
    }

    /** Undoes {@link #revoke} (a local switch: Google cannot do this). */
    public synchronized boolean restore(String refreshToken) {
        String token = refreshToken == null ? defaultRefreshToken : refreshToken;
        boolean was = token != null && revoked.remove(token);
        save();
        return was;
    }

    /** Whether the last code exchanged came with an S256 challenge that its verifier matched (PKCE). */
    public boolean lastCodeExchangeVerifiedPkce() {
        return lastCodeVerified;
    }

    /** The user a service account's last token acts for (domain-wide delegation), or null. */
    public String delegatedSubject(String serviceAccountEmail) {
        return delegations.get(serviceAccountEmail);
    }

    /** An access token for a refresh token, without HTTP: for tests and tools that act as the operator. */
    public String accessTokenFor(String refreshToken) {
        Grant grant = refreshTokens.get(refreshToken);
        if (grant == null || revoked.contains(refreshToken)) {
            throw new IllegalStateException("no such grant, or revoked");
        }
        return issueAccess(refreshToken, grant.scope());
    }

    // ---- the calendar API's side -----------------------------------------------------------------

    /** Whether an {@code Authorization} header carries an access token the calendar accepts. */
    public Verdict check(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Verdict.MISSING;
        }
        AccessToken token = accessTokens.get(authorization.substring(7).strip());
        if (token == null || token.expiresAt().isBefore(Instant.now()) || revoked.contains(token.grantKey())) {
            return Verdict.INVALID;
        }
        boolean allowed = Arrays.stream(token.scope().split(" ")).anyMatch(CALENDAR_WRITE_SCOPES::contains);
        return allowed ? Verdict.OK : Verdict.INSUFFICIENT_SCOPE;
    }

    // ---- HTTP -------------------------------------------------------------------------------------

    /** {@code /token}, {@code /token/revoke}, {@code /token/restore} and {@code /revoke}. */
    public void handleToken(HttpExchange x) throws IOException {
        Map<String, String> form = form(x);
        String path = x.getRequestURI().getPath();
        if (!"POST".equals(x.getRequestMethod())) {
            send(x, 405, error("invalid_request", "Only POST is supported."));
            return;
        }
        switch (path) {
            case "/token/revoke", "/revoke" -> {
                boolean done = revoke(form.get("token"));
                send(x, done ? 200 : 400, done ? json.createObjectNode().put("revoked", true)
                        : error("invalid_token", "Token expired or revoked"));
            }
            case "/token/restore" -> send(x, 200, json.createObjectNode().put("restored", restore(form.get("token"))));
            case "/token" -> token(x, form);
            default -> send(x, 404, error("invalid_request", "Not Found"));
        }
    }

    private void token(HttpExchange x, Map<String, String> form) throws IOException {
        String grantType = form.getOrDefault("grant_type", "");
        tokenRequests.computeIfAbsent(grantType, k -> new AtomicInteger()).incrementAndGet();
        if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(x, failStatus, error("internal_failure", "Backend Error"));
            return;
        }
        switch (grantType) {
            case "refresh_token" -> refreshGrant(x, form);
            case "authorization_code" -> codeGrant(x, form);
            case JWT_BEARER -> jwtGrant(x, form);
            case "" -> send(x, 400, error("unsupported_grant_type", "Invalid grant_type: "));
            default -> send(x, 400, error("unsupported_grant_type", "Invalid grant_type: " + grantType));
        }
    }

    private void refreshGrant(HttpExchange x, Map<String, String> form) throws IOException {
        String clientId = clientAuthenticated(x, form);
        if (clientId == null) {
            return;
        }
        String refreshToken = form.get("refresh_token");
        if (refreshToken == null || refreshToken.isEmpty()) {
            send(x, 400, error("invalid_request", "Missing required parameter: refresh_token"));
            return;
        }
        Grant grant = refreshTokens.get(refreshToken);
        if (grant == null || revoked.contains(refreshToken) || !grant.clientId().equals(clientId)) {
            send(x, 400, error("invalid_grant", "Token has been expired or revoked."));
            return;
        }
        ObjectNode out = json.createObjectNode();
        out.put("access_token", issueAccess(refreshToken, grant.scope()));
        out.put("expires_in", accessTokenTtl.toSeconds());
        out.put("scope", grant.scope());
        out.put("token_type", "Bearer");
        send(x, 200, out);
    }

    private void codeGrant(HttpExchange x, Map<String, String> form) throws IOException {
        String clientId = clientAuthenticated(x, form);
        if (clientId == null) {
            return;
        }
        Code code = form.get("code") == null ? null : codes.remove(form.get("code"));
        if (code == null || code.expiresAt().isBefore(Instant.now()) || !code.clientId().equals(clientId)) {
            send(x, 400, error("invalid_grant", "Malformed auth code."));
            return;
        }
        if (!code.redirectUri().equals(form.get("redirect_uri"))) {
            send(x, 400, error("redirect_uri_mismatch", "Bad Request"));
            return;
        }
        if (code.challenge() != null) {
            String verifier = form.get("code_verifier");
            String expected = verifier == null ? null
                    : "S256".equals(code.method()) ? base64Url(sha256(verifier)) : verifier;
            if (expected == null || !expected.equals(code.challenge())) {
                send(x, 400, error("invalid_grant", "Invalid code verifier."));
                return;
            }
        }
        lastCodeVerified = code.challenge() != null && "S256".equals(code.method());
        String refreshToken = "1//local-" + randomToken(32);
        synchronized (this) {
            refreshTokens.put(refreshToken, new Grant(clientId, code.scope(), null));
            save();
        }
        ObjectNode out = json.createObjectNode();
        out.put("access_token", issueAccess(refreshToken, code.scope()));
        out.put("expires_in", accessTokenTtl.toSeconds());
        out.put("refresh_token", refreshToken);
        out.put("scope", code.scope());
        out.put("token_type", "Bearer");
        send(x, 200, out);
    }

    private void jwtGrant(HttpExchange x, Map<String, String> form) throws IOException {
        String[] parts = form.getOrDefault("assertion", "").split("\\.");
        if (parts.length != 3) {
            send(x, 400, error("invalid_grant", "Invalid JWT: not a signed JWT"));
            return;
        }
        JsonNode header;
        JsonNode claims;
        try {
            header = json.readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | IllegalArgumentException e) {
            send(x, 400, error("invalid_grant", "Invalid JWT: could not be parsed"));
            return;
        }
        String email = claims.path("iss").asText();
        PublicKey key = serviceAccounts.get(email);
        if (key == null) {
            send(x, 400, error("invalid_grant", "Invalid grant: account not found"));
            return;
        }
        if (!"RS256".equals(header.path("alg").asText()) || !verifies(key, parts)) {
            send(x, 400, error("invalid_grant", "Invalid JWT Signature."));
            return;
        }
        // Google wants its own token URL as the audience, wherever the assertion is sent
        String audience = "https://oauth2.googleapis.com/token";
        long now = Instant.now().getEpochSecond();
        long iat = claims.path("iat").asLong();
        long exp = claims.path("exp").asLong();
        if (!audience.equals(claims.path("aud").asText()) || exp <= now || iat > now + 60 || exp - iat > 3600) {
            send(x, 400, error("invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a "
                    + "reasonable timeframe. Check your iat and exp values in the JWT claim."));
            return;
        }
        String scope = claims.path("scope").asText("");
        if (scope.isBlank() || !KNOWN_SCOPES.containsAll(List.of(scope.split(" ")))) {
            send(x, 400, error("invalid_scope", "Invalid OAuth scope or ID token audience provided."));
            return;
        }
        String subject = claims.path("sub").asText(null);
        if (subject != null) {
            delegations.put(email, subject);
        }
        ObjectNode out = json.createObjectNode();
        out.put("access_token", issueAccess("sa:" + email, scope));
        out.put("expires_in", accessTokenTtl.toSeconds());
        out.put("token_type", "Bearer");
        send(x, 200, out);
    }

    /** {@code GET /o/oauth2/v2/auth}: consents at once and sends the browser back to the app with a code. */
    public void handleConsent(HttpExchange x) throws IOException {
        Map<String, String> q = parse(x.getRequestURI().getRawQuery());
        String clientId = q.get("client_id");
        String redirectUri = q.getOrDefault("redirect_uri", "");
        if (clientId == null || !clients.containsKey(clientId)) {
            page(x, 401, "Error 401: invalid_client. The OAuth client was not found.");
            return;
        }
        URI redirect;
        try {
            redirect = URI.create(redirectUri);
        } catch (IllegalArgumentException e) {
            redirect = null;
        }
        if (redirect == null || !"http".equals(redirect.getScheme())
                || !Set.of("127.0.0.1", "localhost", "[::1]").contains(redirect.getHost())) {
            page(x, 400, "Error 400: redirect_uri_mismatch. A desktop app redirects to a loopback address.");
            return;
        }
        String scope = q.getOrDefault("scope", "").strip();
        String responseType = q.get("response_type");
        String method = q.get("code_challenge_method");
        String problem = !"code".equals(responseType) ? "unsupported_response_type"
                : scope.isEmpty() || !KNOWN_SCOPES.containsAll(List.of(scope.split(" "))) ? "invalid_scope"
                : q.containsKey("code_challenge") && !Set.of("S256", "plain").contains(method == null ? "plain" : method)
                ? "invalid_request" : null;
        StringBuilder back = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        if (problem != null) {
            back.append("error=").append(problem);
        } else {
            String code = "4/local-" + randomToken(24);
            codes.put(code, new Code(clientId, redirectUri, scope, q.get("code_challenge"), method == null ? "plain" : method,
                    Instant.now().plus(Duration.ofMinutes(10))));
            back.append("code=").append(enc(code)).append("&scope=").append(enc(scope));
        }
        if (q.containsKey("state")) {
            back.append("&state=").append(enc(q.get("state")));
        }
        x.getResponseHeaders().set("Location", back.toString());
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private String clientAuthenticated(HttpExchange x, Map<String, String> form) throws IOException {
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        String basic = x.getRequestHeaders().getFirst("Authorization");
        if (basic != null && basic.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] pair = new String(Base64.getDecoder().decode(basic.substring(6).strip()), StandardCharsets.UTF_8).split(":", 2);
            clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = pair.length > 1 ? URLDecoder.decode(pair[1], StandardCharsets.UTF_8) : null;
        }
        if (clientId == null || !clients.containsKey(clientId)) {
            send(x, 401, error("invalid_client", "The OAuth client was not found."));
            return null;
        }
        if (!clients.get(clientId).equals(secret)) {
            send(x, 401, error("invalid_client", "Unauthorized"));
            return null;
        }
        return clientId;
    }

    private String issueAccess(String grantKey, String scope) {
        String token = "ya29.local-" + randomToken(40);
        accessTokens.put(token, new AccessToken(grantKey, scope, Instant.now().plus(accessTokenTtl)));
        return token;
    }

    private static boolean verifies(PublicKey key, String[] parts) {
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(key);
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rsa.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private ObjectNode error(String error, String description) {
        return json.createObjectNode().put("error", error).put("error_description", description);
    }

    private Map<String, String> form(HttpExchange x) throws IOException {
        byte[] body;
        try (InputStream in = x.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, String> out = parse(x.getRequestURI().getRawQuery());
        out.putAll(parse(new String(body, StandardCharsets.UTF_8)));
        return out;
    }

    private static Map<String, String> parse(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (pair.isEmpty()) {
                continue;
            }
            out.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                    eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private void send(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        x.getResponseHeaders().set("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void page(HttpExchange x, int status, String text) throws IOException {
        byte[] bytes = ("<!doctype html><title>Sign in</title><p>" + text + "</p>").getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        x.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String randomToken(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return base64Url(bytes).substring(0, length);
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---- persistence -----------------------------------------------------------------------------------

    /** Loads the refresh tokens issued before a restart (access tokens are not kept: clients refresh them). */
    public synchronized OAuthServer load() throws IOException {
        if (stateFile == null || !Files.exists(stateFile)) {
            return this;
        }
        JsonNode root = json.readTree(stateFile.toFile());
        for (JsonNode g : root.path("refreshTokens")) {
            String token = g.path("token").asText();
            refreshTokens.put(token, new Grant(g.path("clientId").asText(), g.path("scope").asText(CALENDAR_EVENTS), null));
            if (g.path("revoked").asBoolean()) {
                revoked.add(token);
            }
        }
        return this;
    }

    private synchronized void save() {
        if (stateFile == null) {
            return;
        }
        ObjectNode root = json.createObjectNode();
        ArrayNode list = root.putArray("refreshTokens");
        refreshTokens.forEach((token, g) -> list.addObject().put("token", token).put("clientId", g.clientId())
                .put("scope", g.scope()).put("revoked", revoked.contains(token)));
        try {
            Files.createDirectories(stateFile.getParent());
            Path tmp = stateFile.resolveSibling(stateFile.getFileName() + ".tmp");
            Files.write(tmp, json.writeValueAsBytes(root));
            Files.move(tmp, stateFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("OAuth sandbox could not save {}", stateFile, e);
        }
    }
}
