package dev.peapod.cli.format;

import dev.peapod.core.define.InvalidArgumentException;

/**
 * A {@code --format} template that cannot be parsed or executed. The message quotes the template and the
 * 1-based character position of the problem, e.g. {@code template "{{.Name": position 1: unclosed action}.
 */
public final class TemplateException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;
    private final String template;
    private final int position;

    TemplateException(String template, int position, String problem) {
        super("template \"" + template + "\": position " + position + ": " + problem);
        this.template = template;
        this.position = position;
    }

    /** The template as the user wrote it. */
    public String template() {
        return template;
    }

    /** The 1-based character position of the problem in {@link #template()}. */
    public int position() {
        return position;
    }
}
