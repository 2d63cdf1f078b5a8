package dev.peapod.cli.format;

import dev.peapod.cli.format.TemplateNodes.Action;
import dev.peapod.cli.format.TemplateNodes.Arg;
import dev.peapod.cli.format.TemplateNodes.Command;
import dev.peapod.cli.format.TemplateNodes.Dot;
import dev.peapod.cli.format.TemplateNodes.Field;
import dev.peapod.cli.format.TemplateNodes.Function;
import dev.peapod.cli.format.TemplateNodes.If;
import dev.peapod.cli.format.TemplateNodes.Literal;
import dev.peapod.cli.format.TemplateNodes.Node;
import dev.peapod.cli.format.TemplateNodes.Pipeline;
import dev.peapod.cli.format.TemplateNodes.Range;
import dev.peapod.cli.format.TemplateNodes.Sub;
import dev.peapod.cli.format.TemplateNodes.Text;
import dev.peapod.cli.format.TemplateNodes.With;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a parsed template. In header mode no data is read: each action prints the header of the first field
 * it names, {@code if}/{@code with} print their first branch and {@code range} its body once.
 */
final class TemplateExecutor {
    private final String source;
    private final Object root;
    private final boolean headerMode;
    private final Map<String, String> headers;
    /** Variable scopes, innermost first: each block ({@code if}, {@code with}, a {@code range} turn) has one. */
    private final Deque<Map<String, Object>> scopes = new ArrayDeque<>();

    TemplateExecutor(String source, Object root, boolean headerMode, Map<String, String> headers) {
        this.source = source;
        this.root = root;
        this.headerMode = headerMode;
        this.headers = headers;
    }

    void run(List<Node> nodes, Object dot, StringBuilder out) {
        scopes.push(new HashMap<>());
        try {
            runScoped(nodes, dot, out);
        } finally {
            scopes.pop();
        }
    }

    private void runScoped(List<Node> nodes, Object dot, StringBuilder out) {
        for (Node n : nodes) {
            switch (n) {
                case Text t -> out.append(t.text());
                case Action a -> {
                    if (headerMode) {
                        if (a.pipeline().declared().isEmpty()) {
                            out.append(headerOf(a.pipeline()));
                        }
                    } else {
                        Object v = eval(a.pipeline(), dot);
                        if (a.pipeline().declared().isEmpty()) {
                            out.append(GoValues.print(v));
                        } else {
                            scopes.peek().put(a.pipeline().declared().getFirst(), v);
                        }
                    }
                }
                case If i -> {
                    if (headerMode || GoValues.truth(declare(i.condition(), eval(i.condition(), dot)))) {
                        run(i.then(), dot, out);
                    } else {
                        run(i.otherwise(), dot, out);
                    }
                }
                case With w -> {
                    if (headerMode) {
                        run(w.body(), null, out);
                    } else {
                        Object v = declare(w.value(), eval(w.value(), dot));
                        if (GoValues.truth(v)) {
                            run(w.body(), v, out);
                        } else {
                            run(w.otherwise(), dot, out);
                        }
                    }
                }
                case Range r -> {
                    if (headerMode) {
                        run(r.body(), null, out);
                    } else {
                        Object v = GoValues.unwrap(eval(r.over(), dot));
                        if (v != null && !(v instanceof Map<?, ?>) && !GoValues.isList(v)) {
                            throw error(r.pos(), "range can't iterate over " + GoValues.print(v));
                        }
                        List<Map.Entry<Object, Object>> items = GoValues.entries(v);
                        if (items.isEmpty()) {
                            run(r.otherwise(), dot, out);
                        }
                        List<String> vars = r.over().declared();
                        for (Map.Entry<Object, Object> item : items) {
                            scopes.push(new HashMap<>());
                            try {
                                if (vars.size() == 1) {
                                    scopes.peek().put(vars.getFirst(), item.getValue());
                                } else if (vars.size() == 2) {
                                    scopes.peek().put(vars.get(0), item.getKey());
                                    scopes.peek().put(vars.get(1), item.getValue());
                                }
                                run(r.body(), item.getValue(), out);
                            } finally {
                                scopes.pop();
                            }
                        }
                    }
                }
            }
        }
    }

    private Object eval(Pipeline pl, Object dot) {
        Object piped = null;
        boolean first = true;
        for (Command c : pl.commands()) {
            piped = evalCommand(c, dot, piped, !first);
            first = false;
        }
        return piped;
    }

    /** Sets the variable an {@code if} or {@code with} pipeline declares, for the rest of the enclosing block. */
    private Object declare(Pipeline pl, Object value) {
        if (!pl.declared().isEmpty()) {
            scopes.peek().put(pl.declared().getFirst(), value);
        }
        return value;
    }

    private Object variable(TemplateNodes.Var v) {
        for (Map<String, Object> scope : scopes) {
            if (scope.containsKey(v.name())) {
                return walk(scope.get(v.name()), v.chain(), v.pos());
            }
        }
        throw error(v.pos(), "undefined variable \"" + v.name() + "\"");
    }

    private Object evalCommand(Command c, Object dot, Object piped, boolean hasPiped) {
        Arg head = c.args().getFirst();
        if (head instanceof Function f) {
            List<Object> args = new ArrayList<>();
            for (Arg a : c.args().subList(1, c.args().size())) {
                args.add(evalArg(a, dot));
            }
            if (hasPiped) {
                args.add(piped);
            }
            try {
                return TemplateFunctions.call(f.name(), args);
            } catch (TemplateFunctions.FunctionError e) {
                throw error(f.pos(), "error calling " + f.name() + ": " + e.getMessage());
            } catch (RuntimeException e) {
                throw error(f.pos(), "error calling " + f.name() + ": " + e);
            }
        }
        if (hasPiped) {
            throw error(head.pos(), "can't give argument to non-function");
        }
        return evalArg(head, dot);
    }

    private Object evalArg(Arg a, Object dot) {
        return switch (a) {
            case Dot d -> dot;
            case Literal l -> l.value();
            case Field f -> walk(f.root() ? root : dot, f.chain(), f.pos());
            case TemplateNodes.Var v -> variable(v);
            case Sub s -> walk(eval(s.pipeline(), dot), s.chain(), s.pos());
            case Function f -> {
                try {
                    yield TemplateFunctions.call(f.name(), List.of());
                } catch (TemplateFunctions.FunctionError e) {
                    throw error(f.pos(), "error calling " + f.name() + ": " + e.getMessage());
                }
            }
        };
    }

    private Object walk(Object v, List<String> chain, int pos) {
        for (String name : chain) {
            try {
                v = GoValues.field(v, name);
            } catch (GoValues.NoSuchFieldError e) {
                throw error(pos, e.getMessage());
            } catch (RuntimeException e) {
                throw error(pos, "error reading field " + name + ": " + e);
            }
        }
        return v;
    }

    private String headerOf(Pipeline pl) {
        String field = firstField(pl);
        if (field != null) {
            return Template.headerName(field, headers);
        }
        List<Command> cmds = pl.commands();
        if (cmds.size() == 1 && cmds.getFirst().args().size() == 1
                && cmds.getFirst().args().getFirst() instanceof Literal l) {
            return GoValues.print(l.value());
        }
        return "";
    }

    private static String firstField(Pipeline pl) {
        for (Command c : pl.commands()) {
            for (Arg a : c.args()) {
                if (a instanceof Field f && !f.chain().isEmpty()) {
                    return f.chain().getLast();
                }
                if (a instanceof TemplateNodes.Var v && !v.chain().isEmpty()) {
                    return v.chain().getLast();
                }
                if (a instanceof Sub s) {
                    if (!s.chain().isEmpty()) {
                        return s.chain().getLast();
                    }
                    String inner = firstField(s.pipeline());
                    if (inner != null) {
                        return inner;
                    }
                }
            }
        }
        return null;
    }

    private TemplateException error(int pos, String problem) {
        return new TemplateException(source, pos + 1, problem);
    }
}
