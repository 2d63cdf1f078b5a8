package dev.peapod.cli.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code --format} template: the subset of Go's text/template that podman users write.
 *
 * <p>Supported: text; actions {@code {{.Field}}}, {@code {{.A.B}}}, {@code {{.}}}, {@code {{$.X}}}; pipelines
 * with {@code |}; literals (strings, raw strings, numbers, {@code true}, {@code false}, {@code nil});
 * parenthesised pipelines; variables ({@code {{$x := .Name}}}, {@code {{range $k, $v := .Labels}}},
 * {@code $x.Field}); {@code if / else if / else / end}, {@code range / else / end},
 * {@code with / else / end}; trim markers {@code {{- -}}}; comments {@code {{/* *&#47;}}}; the functions of
 * {@link TemplateFunctions}; the escapes {@code \t} and {@code \n} in text; and podman's {@code table}
 * prefix, which turns runs of spaces between actions into column breaks and asks for a header row.
 * {@code define}/{@code template}/{@code block}/{@code break}/{@code continue} are reported as not supported.
 *
 * <p>Fields are looked up by their Go name on records, maps and beans (see {@link #execute}).
 * Parsing and execution fail only with {@link TemplateException}, whose message quotes the template and the
 * position; never with another exception.
 */
public final class Template {
    private final String source;
    private final boolean table;
    private final List<TemplateNodes.Node> nodes;

    private Template(String source, boolean table, List<TemplateNodes.Node> nodes) {
        this.source = source;
        this.table = table;
        this.nodes = nodes;
    }

    /**
     * Parses a template.
     *
     * @throws TemplateException naming the position of the first syntax error or unknown function
     */
    public static Template parse(String format) {
        String src = format == null ? "" : format;
        boolean table = false;
        int offset = 0;
        if (src.equals("table") || src.startsWith("table ") || src.startsWith("table\t")) {
            table = true;
            offset = 5;
            while (offset < src.length() && Character.isWhitespace(src.charAt(offset))) {
                offset++;
            }
        }
        List<TemplateNodes.Node> nodes = new TemplateParser(src, offset, table).parse();
        return new Template(src, table, nodes);
    }

    /** The template as given, including any {@code table} prefix. */
    public String source() {
        return source;
    }

    /** Whether the template began with podman's {@code table} keyword. */
    public boolean isTable() {
        return table;
    }

    /** Whether the template is only the {@code table} keyword (the caller supplies its default columns). */
    public boolean isBareTable() {
        return table && nodes.isEmpty();
    }

    /**
     * Runs the template on {@code data}. A field name matches a map key exactly; on other objects it matches
     * a record component or public no-argument method by the same name, its decapitalized form
     * ({@code .Names} → {@code names()}), {@code getX}/{@code isX}, a {@code @JsonProperty} alias, or any
     * case variant ({@code .ID} → {@code id()}).
     *
     * @throws TemplateException for a missing field, a bad function argument or a range over a non-list
     */
    public String execute(Object data) {
        StringBuilder out = new StringBuilder();
        new TemplateExecutor(source, data, false, Map.of()).run(nodes, data, out);
        return out.toString();
    }

    /**
     * The header row of a table template: every action prints the header of the first field it names,
     * {@code overrides} first (matched ignoring case, e.g. {@code ID → "POD ID"}), else the field name split
     * at case changes and upper-cased ({@code InfraID → "INFRA ID"}).
     */
    public String header(Map<String, String> overrides) {
        StringBuilder out = new StringBuilder();
        new TemplateExecutor(source, null, true, overrides).run(nodes, null, out);
        return out.toString();
    }

    /** Upper-case words of a Go field name: {@code RestartCount → RESTART COUNT}, {@code InfraID → INFRA ID}. */
    public static String headerName(String field, Map<String, String> overrides) {
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (e.getKey().equalsIgnoreCase(field)) {
                return e.getValue();
            }
        }
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean boundary = i > 0 && Character.isUpperCase(c)
                    && (Character.isLowerCase(field.charAt(i - 1))
                        || (i + 1 < field.length() && Character.isLowerCase(field.charAt(i + 1))
                            && Character.isUpperCase(field.charAt(i - 1))));
            if (boundary || c == '_') {
                if (!w.isEmpty()) {
                    words.add(w.toString());
                }
                w.setLength(0);
                if (c == '_') {
                    continue;
                }
            }
            w.append(c);
        }
        if (!w.isEmpty()) {
            words.add(w.toString());
        }
        return String.join(" ", words).toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return source;
    }
}
