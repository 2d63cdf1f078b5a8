package dev.peapod.cli.format;

import java.util.List;

/** The syntax tree of a template; positions are 0-based offsets into the template source. */
final class TemplateNodes {
    private TemplateNodes() {
    }

    sealed interface Node permits Text, Action, If, Range, With {
    }

    record Text(String text) implements Node {
    }

    record Action(int pos, Pipeline pipeline) implements Node {
    }

    /** {@code else if} is an {@code If} alone in {@code otherwise}. */
    record If(int pos, Pipeline condition, List<Node> then, List<Node> otherwise) implements Node {
    }

    record Range(int pos, Pipeline over, List<Node> body, List<Node> otherwise) implements Node {
    }

    record With(int pos, Pipeline value, List<Node> body, List<Node> otherwise) implements Node {
    }

    /**
     * Commands joined by {@code |}; each one's result is the last argument of the next. {@code declared} names
     * the variables it sets ({@code $x := ...}; in {@code range}, {@code $i, $e := ...}), empty for none.
     */
    record Pipeline(int pos, List<String> declared, List<Command> commands) {
    }

    /** A function call ({@code Function} first) or a single operand. */
    record Command(int pos, List<Arg> args) {
    }

    sealed interface Arg permits Dot, Field, Var, Literal, Function, Sub {
        int pos();
    }

    record Dot(int pos) implements Arg {
    }

    /** A field chain on dot ({@code root == false}) or on {@code $}. */
    record Field(int pos, boolean root, List<String> chain) implements Arg {
    }

    /** A variable ({@code $x}), optionally followed by a field chain. */
    record Var(int pos, String name, List<String> chain) implements Arg {
    }

    record Literal(int pos, Object value) implements Arg {
    }

    record Function(int pos, String name) implements Arg {
    }

    /** A parenthesised pipeline, optionally followed by a field chain. */
    record Sub(int pos, Pipeline pipeline, List<String> chain) implements Arg {
    }
}
