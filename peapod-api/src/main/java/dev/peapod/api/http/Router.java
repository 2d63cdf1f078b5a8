package dev.peapod.api.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes a request by method and path to a handler. A leading API version ({@code /v1.41}, {@code /v4.3.1})
 * is taken off first, so each route serves the versioned and the unversioned path. Patterns name segments
 * as {@code {id}}; {@code {name*}} takes the rest of the path including slashes (image names). An error a
 * handler throws becomes podman's error body, through the mapper given at construction.
 */
public final class Router implements Handler {
    private static final Pattern VERSION = Pattern.compile("^/v\\d+(?:\\.\\d+){0,2}(?=/)");

    private record Route(String method, Pattern pattern, List<String> names, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Function<Throwable, ApiException> errors;

    /** @param errors turns what a handler throws into a status and a message (unknown errors: 500) */
    public Router(Function<Throwable, ApiException> errors) {
        this.errors = errors;
    }

    /** Adds a route; earlier routes win. */
    public Router add(String method, String pattern, Handler handler) {
        List<String> names = new ArrayList<>();
        StringBuilder re = new StringBuilder("^");
        Matcher m = Pattern.compile("\\{(\\w+)(\\*?)}").matcher(pattern);
        int last = 0;
        while (m.find()) {
            re.append(Pattern.quote(pattern.substring(last, m.start())));
            re.append(m.group(2).isEmpty() ? "([^/]+)" : "(.+)");
            names.add(m.group(1));
            last = m.end();
        }
        re.append(Pattern.quote(pattern.substring(last))).append("/?$");
        routes.add(new Route(method, Pattern.compile(re.toString()), names, handler));
        return this;
    }

    public Router get(String pattern, Handler h) {
        return add("GET", pattern, h);
    }

    public Router post(String pattern, Handler h) {
        return add("POST", pattern, h);
    }

    public Router delete(String pattern, Handler h) {
        return add("DELETE", pattern, h);
    }

    @Override
    public void handle(HttpRequest req, HttpResponse res) throws IOException {
        try {
            dispatch(req, res);
        } catch (IOException e) {
            throw e;
        } catch (Throwable t) {
            ApiException api = t instanceof ApiException a ? a : errors.apply(t);
            if (res.committed()) {
                throw new IOException("failed after the response started: " + api.getMessage(), t);
            }
            sendError(res, api);
        }
    }

    private void dispatch(HttpRequest req, HttpResponse res) throws IOException {
        String path = VERSION.matcher(req.path()).replaceFirst("");
        req.apiPath(path);
        boolean pathKnown = false;
        for (Route r : routes) {
            Matcher m = r.pattern().matcher(path);
            if (!m.matches()) {
                continue;
            }
            if (!r.method().equals(req.method()) && !(r.method().equals("GET") && req.method().equals("HEAD"))) {
                pathKnown = true;
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < r.names().size(); i++) {
                params.put(r.names().get(i), m.group(i + 1));
            }
            req.pathParams(params);
            r.handler().handle(req, res);
            return;
        }
        if (pathKnown) {
            throw new ApiException(405, "method not allowed", "method " + req.method() + " is not allowed on "
                    + req.path());
        }
        throw new ApiException(404, "no such route", "no API endpoint " + req.method() + " " + req.path());
    }

    /** Writes podman's error body {@code {"cause","message","response"}}. */
    public static void sendError(HttpResponse res, ApiException e) throws IOException {
        if (e.status() == 304) {
            res.empty(304);
            return;
        }
        var body = Json.object();
        body.put("cause", e.causeText());
        body.put("message", e.getMessage());
        body.put("response", e.status());
        res.json(e.status(), body);
    }
}
