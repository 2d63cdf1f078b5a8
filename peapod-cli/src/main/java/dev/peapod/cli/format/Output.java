package dev.peapod.cli.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The three output shapes every command shares, chosen by its {@code --format} value:
 * {@code json} (the JSON view of the items), a {@code table ...} template (aligned, with a header row),
 * or any other template (run once per item, each result ending in a newline). An empty format means the
 * command's default table.
 */
public final class Output {
    private Output() {
    }

    /** Whether a {@code --format} value asks for JSON. */
    public static boolean isJson(String format) {
        return format != null && format.strip().toLowerCase(Locale.ROOT).equals("json");
    }

    /**
     * Renders a list command's result.
     *
     * @param format         the user's {@code --format}, or null/blank for the default table
     * @param items          what {@code --format json} prints
     * @param view           what templates see for each item (may add human-readable fields such as
     *                       "2 minutes ago"); {@link Function#identity()} when the item serves both
     * @param defaultColumns the default table's template body, e.g. {@code {{.ID}}\t{{.Name}}}
     * @param headers        header overrides by field name, e.g. {@code ID → "POD ID"}
     * @param noHeading      leave out the header row
     * @return the text to print, ending in a newline unless it is empty
     * @throws TemplateException if the format cannot be parsed or fails on an item
     */
    public static <T> String list(String format, List<T> items, Function<? super T, ?> view, String defaultColumns,
                                  Map<String, String> headers, boolean noHeading) {
        if (isJson(format)) {
            return Json.pretty(items, Json.LIST_INDENT) + "\n";
        }
        Template t = format == null || format.isBlank() ? Template.parse("table " + defaultColumns)
                : Template.parse(format);
        if (t.isBareTable()) {
            t = Template.parse("table " + defaultColumns);
        }
        List<Object> views = new ArrayList<>(items.size());
        for (T item : items) {
            views.add(view.apply(item));
        }
        return render(t, views, headers, noHeading);
    }

    /**
     * Renders items with a parsed template: a table template gets a header row (unless {@code noHeading})
     * and aligned columns; any other template is run once per item with a newline after each result.
     */
    public static String render(Template t, List<?> views, Map<String, String> headers, boolean noHeading) {
        StringBuilder sb = new StringBuilder();
        if (t.isTable() && !noHeading) {
            sb.append(line(t.header(headers)));
        }
        for (Object v : views) {
            sb.append(line(t.execute(v)));
        }
        return t.isTable() ? Table.align(sb.toString()) : sb.toString();
    }

    /**
     * Renders an inspect command's result: a JSON array (podman's five-space indent) for an empty format or
     * {@code json}, else the template once per item.
     */
    public static String inspect(String format, List<?> items) {
        if (format == null || format.isBlank() || isJson(format)) {
            return Json.pretty(items, Json.INSPECT_INDENT) + "\n";
        }
        return render(Template.parse(format), items, Map.of(), true);
    }

    /**
     * Renders a single object ({@code version}, {@code info}): JSON when asked, a template when given, else
     * {@code fallback}'s own text.
     */
    public static String single(String format, Object value, Function<Object, String> fallback) {
        if (isJson(format)) {
            return Json.pretty(value, Json.LIST_INDENT) + "\n";
        }
        if (format == null || format.isBlank()) {
            return fallback.apply(value);
        }
        return render(Template.parse(format), List.of(value), Map.of(), false);
    }

    private static String line(String s) {
        return s.endsWith("\n") ? s : s + "\n";
    }
}
