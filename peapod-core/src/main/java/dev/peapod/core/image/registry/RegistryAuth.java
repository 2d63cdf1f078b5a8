package dev.peapod.core.image.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.peapod.core.image.registry.RegistryOptions.Credentials;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Authentication to one repository of a registry, from its {@code WWW-Authenticate} challenge: a bearer token fetched
 * from the challenge's realm for the repository's pull (or pull and push) scope, sending the credentials when there
 * are some, or basic credentials. The {@code Authorization} value it settles on is reused by every later request.
 */
final class RegistryAuth {
    private static final Pattern CHALLENGE_PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String registry;
    private final String repository;
    private final boolean push;
    private final Credentials credentials;
    private final Duration timeout;
    private volatile String authorization;

    RegistryAuth(String registry, String repository, boolean push, Credentials credentials, Duration timeout) {
        this.registry = registry;
        this.repository = repository;
        this.push = push;
        this.credentials = credentials;
        this.timeout = timeout;
    }

    /** The {@code Authorization} header value to send, or null before any challenge was answered. */
    String authorization() {
        return authorization;
    }

    /**
     * Answers a 401 challenge.
     *
     * @param required whether a request is waiting: then having no way in is an error
     * @throws RegistryException if the token server refuses or fails, or (when required) there is no way in
     */
    void answer(HttpHeaders headers, boolean required, HttpClient http) throws IOException {
        String challenge = headers.firstValue("WWW-Authenticate").orElse("");
        String scheme = challenge.split(" ", 2)[0].toLowerCase(Locale.ROOT);
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = CHALLENGE_PARAM.matcher(challenge);
        while (m.find()) {
            params.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
        }
        if (scheme.equals("bearer") && params.containsKey("realm")) {
            authorization = "Bearer " + token(params, http);
        } else if (scheme.equals("basic") && credentials != null) {
            authorization = basic();
        } else if (required) {
            throw unauthorized(false);
        }
    }

    private String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(
                (credentials.username() + ":" + credentials.password()).getBytes(StandardCharsets.UTF_8));
    }

    private String token(Map<String, String> params, HttpClient http) throws IOException {
        StringBuilder q = new StringBuilder(params.get("realm"));
        q.append(q.indexOf("?") < 0 ? '?' : '&');
        if (params.containsKey("service")) {
            q.append("service=").append(URLEncoder.encode(params.get("service"), StandardCharsets.UTF_8)).append('&');
        }
        if (!repository.isEmpty()) {
            String scope = "repository:" + repository + ":" + (push ? "pull,push" : "pull");
            q.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(q.toString())).timeout(timeout)
                .header("User-Agent", RegistryTransport.USER_AGENT).GET();
        if (credentials != null) {
            b.header("Authorization", basic());
        }
        HttpResponse<byte[]> resp;
        try {
            resp = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while getting a token from " + params.get("realm"));
        }
        if (resp.statusCode() == 401 || resp.statusCode() == 403) {
            throw unauthorized();
        }
        if (resp.statusCode() != 200) {
            throw new RegistryException("the token server " + params.get("realm") + " of " + registry + " answered "
                    + resp.statusCode() + "; try again later");
        }
        JsonNode n = JSON.readTree(resp.body());
        String token = n.path("token").asText(n.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new RegistryException("the token server " + params.get("realm") + " of " + registry
                    + " sent no token");
        }
        return token;
    }

    /** The error for a refusal: with credentials, that they were refused; without, that a login is needed. */
    RegistryException unauthorized() {
        return unauthorized(credentials != null);
    }

    /** The error for a refusal, saying whether credentials were sent. */
    RegistryException unauthorized(boolean hadCredentials) {
        String what = registry + "/" + repository;
        return new RegistryException(hadCredentials
                ? "unauthorized: the credentials for " + registry + " were refused for " + what + ": run peapod login "
                        + registry + " again, or check that you may " + (push ? "push to" : "pull") + " this repository"
                : "unauthorized: authentication required for " + what + ": run peapod login " + registry);
    }
}
