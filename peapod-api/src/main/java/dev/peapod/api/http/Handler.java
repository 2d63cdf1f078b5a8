package dev.peapod.api.http;

import java.io.IOException;

/** Answers one request. Throw {@link ApiException} (or any error the router's mapper knows) to fail it. */
@FunctionalInterface
public interface Handler {
    void handle(HttpRequest req, HttpResponse res) throws IOException;
}
