package dev.peapod.core;

import java.util.List;

/**
 * What {@code top} shows: one header per descriptor asked for, and one row per process with a value per
 * descriptor, as podman prints them.
 *
 * @param headers e.g. USER, PID, %CPU
 * @param rows    one per process, values in the order of the headers
 */
public record TopResult(List<String> headers, List<List<String>> rows) {
    public TopResult {
        headers = List.copyOf(headers);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
