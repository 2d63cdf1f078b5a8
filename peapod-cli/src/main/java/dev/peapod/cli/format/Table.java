package dev.peapod.cli.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligns tab-separated text into columns the way podman's tables look (Go's tabwriter with minimum cell
 * width 12 and padding 2): every tab-terminated cell is padded with spaces to the widest cell of its column
 * plus 2, at least 12; the last cell of a line is not padded. A column's width is shared by a run of
 * consecutive lines that all have that column, as in Go.
 */
public final class Table {
    /** Narrowest column, counting the padding. */
    public static final int MIN_WIDTH = 12;
    /** Spaces at least between two columns. */
    public static final int PADDING = 2;

    private Table() {
    }

    /** Aligns {@code text}: lines separated by {@code \n}, cells by {@code \t}. A final newline is kept. */
    public static String align(String text) {
        boolean trailingNewline = text.endsWith("\n");
        String body = trailingNewline ? text.substring(0, text.length() - 1) : text;
        if (body.isEmpty()) {
            return text;
        }
        List<String[]> lines = new ArrayList<>();
        for (String line : body.split("\n", -1)) {
            lines.add(line.split("\t", -1));
        }
        StringBuilder out = new StringBuilder(text.length() * 2);
        for (int i = 0; i < lines.size(); i++) {
            String[] cells = lines.get(i);
            for (int col = 0; col < cells.length; col++) {
                out.append(cells[col]);
                if (col < cells.length - 1) {
                    int pad = columnWidth(lines, i, col) - width(cells[col]);
                    out.repeat(' ', pad);
                }
            }
            if (i < lines.size() - 1 || trailingNewline) {
                out.append('\n');
            }
        }
        return out.toString();
    }

    /** Renders a header and rows as an aligned table with a trailing newline; no header if it is empty. */
    public static String render(List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder();
        if (!header.isEmpty()) {
            sb.append(String.join("\t", header)).append('\n');
        }
        for (List<String> row : rows) {
            sb.append(String.join("\t", row.stream().map(c -> c.replace('\t', ' ').replace('\n', ' ')).toList()))
                    .append('\n');
        }
        return align(sb.toString());
    }

    private static int columnWidth(List<String[]> lines, int line, int col) {
        int first = line;
        while (first > 0 && lines.get(first - 1).length - 1 > col) {
            first--;
        }
        int last = line;
        while (last + 1 < lines.size() && lines.get(last + 1).length - 1 > col) {
            last++;
        }
        int w = MIN_WIDTH;
        for (int i = first; i <= last; i++) {
            w = Math.max(w, width(lines.get(i)[col]) + PADDING);
        }
        return w;
    }

    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
