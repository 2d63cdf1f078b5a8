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
import java.util.ArrayList;
import java.util.List;

/** A recursive-descent parser straight over the characters of a template; one instance per parse. */
final class TemplateParser {
    private final String src;
    private final boolean table;
    private int p;

    /** How a list of nodes ended: at the end of input, {@code end}, {@code else}, or {@code else if}. */
    private record Block(List<Node> nodes, String end, int endPos, Pipeline elseIf) {
    }

    TemplateParser(String src, int start, boolean table) {
        this.src = src;
        this.p = start;
        this.table = table;
    }

    List<Node> parse() {
        Block b = parseList();
        if (!b.end().equals("EOF")) {
            throw error(b.endPos(), "unexpected {{" + (b.end().equals("elseif") ? "else if" : b.end()) + "}}");
        }
        return b.nodes();
    }

    private Block parseList() {
        List<Node> nodes = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        while (true) {
            int open = src.indexOf("{{", p);
            int textEnd = open < 0 ? src.length() : open;
            appendText(text, src.substring(p, textEnd));
            if (open < 0) {
                p = src.length();
                flush(nodes, text);
                return new Block(nodes, "EOF", p, null);
            }
            p = open + 2;
            int openPos = open;
            if (p < src.length() && src.charAt(p) == '-' && p + 1 < src.length()
                    && Character.isWhitespace(src.charAt(p + 1))) {
                int n = text.length();
                while (n > 0 && Character.isWhitespace(text.charAt(n - 1))) {
                    n--;
                }
                text.setLength(n);
                p++;
            }
            flush(nodes, text);
            skipSpaces();
            int actionPos = p;
            if (src.startsWith("/*", p)) {
                int close = src.indexOf("*/", p + 2);
                if (close < 0) {
                    throw error(openPos, "unclosed comment");
                }
                p = close + 2;
                closeAction(openPos);
                continue;
            }
            String word = peekWord();
            switch (word) {
                case "end" -> {
                    p += 3;
                    closeAction(openPos);
                    return new Block(nodes, "end", actionPos, null);
                }
                case "else" -> {
                    p += 4;
                    skipSpaces();
                    if (peekWord().equals("if")) {
                        p += 2;
                        Pipeline cond = parsePipeline(openPos, false);
                        closeAction(openPos);
                        return new Block(nodes, "elseif", actionPos, cond);
                    }
                    closeAction(openPos);
                    return new Block(nodes, "else", actionPos, null);
                }
                case "if" -> {
                    p += 2;
                    Pipeline cond = oneVariable(parsePipeline(openPos, false));
                    closeAction(openPos);
                    nodes.add(parseIfRest(actionPos, openPos, cond));
                }
                case "range", "with" -> {
                    p += word.length();
                    skipSpaces();
                    Pipeline value = parsePipeline(openPos, false);
                    if (word.equals("with")) {
                        oneVariable(value);
                    }
                    closeAction(openPos);
                    Block body = parseList();
                    List<Node> otherwise = List.of();
                    if (body.end().equals("else")) {
                        Block rest = parseList();
                        requireEnd(rest, word, openPos);
                        otherwise = rest.nodes();
                    } else {
                        requireEnd(body, word, openPos);
                    }
                    nodes.add(word.equals("range")
                            ? new Range(actionPos, value, body.nodes(), otherwise)
                            : new With(actionPos, value, body.nodes(), otherwise));
                }
                case "define", "template", "block", "break", "continue" ->
                        throw error(actionPos, "{{" + word + "}} is not supported");
                default -> {
                    Pipeline pl = oneVariable(parsePipeline(openPos, false));
                    closeAction(openPos);
                    nodes.add(new Action(actionPos, pl));
                }
            }
        }
    }

    private Pipeline oneVariable(Pipeline pl) {
        if (pl.declared().size() > 1) {
            throw error(pl.pos(), "too many declarations: only range can declare two variables");
        }
        return pl;
    }

    private If parseIfRest(int pos, int openPos, Pipeline cond) {
        Block then = parseList();
        return switch (then.end()) {
            case "end" -> new If(pos, cond, then.nodes(), List.of());
            case "else" -> {
                Block rest = parseList();
                requireEnd(rest, "if", openPos);
                yield new If(pos, cond, then.nodes(), rest.nodes());
            }
            case "elseif" -> new If(pos, cond, then.nodes(),
                    List.of(parseIfRest(then.endPos(), openPos, then.elseIf())));
            default -> throw error(openPos, "unclosed {{if}}: missing {{end}}");
        };
    }

    private void requireEnd(Block b, String what, int pos) {
        if (b.end().equals("EOF")) {
            throw error(pos, "unclosed {{" + what + "}}: missing {{end}}");
        }
        if (!b.end().equals("end")) {
            throw error(b.endPos(), "unexpected {{" + (b.end().equals("elseif") ? "else if" : b.end())
                    + "}} in {{" + what + "}}");
        }
    }

    private void appendText(StringBuilder text, String raw) {
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\\' && i + 1 < raw.length() && (raw.charAt(i + 1) == 't' || raw.charAt(i + 1) == 'n')) {
                text.append(raw.charAt(i + 1) == 't' ? '\t' : '\n');
                i++;
            } else if (table && c == ' ') {
                while (i + 1 < raw.length() && raw.charAt(i + 1) == ' ') {
                    i++;
                }
                text.append('\t');
            } else {
                text.append(c);
            }
        }
    }

    private static void flush(List<Node> nodes, StringBuilder text) {
        if (!text.isEmpty()) {
            nodes.add(new Text(text.toString()));
            text.setLength(0);
        }
    }

    /** Consumes {@code }}} or {@code -}}} (which also trims the whitespace after it). */
    private void closeAction(int openPos) {
        skipSpaces();
        if (src.startsWith("-}}", p) && p > 0 && Character.isWhitespace(src.charAt(p - 1))) {
            p += 3;
            while (p < src.length() && Character.isWhitespace(src.charAt(p))) {
                p++;
            }
            return;
        }
        if (src.startsWith("}}", p)) {
            p += 2;
            return;
        }
        if (p >= src.length()) {
            throw error(openPos, "unclosed action");
        }
        throw error(p, "unexpected \"" + src.charAt(p) + "\" in action");
    }

    private boolean atClose() {
        return src.startsWith("}}", p) || (src.startsWith("-}}", p) && p > 0
                && Character.isWhitespace(src.charAt(p - 1)));
    }

    /** Parses up to the closing {@code }}} or, in parentheses, {@code )}; {@code openPos} is where it opened. */
    private Pipeline parsePipeline(int openPos, boolean inParens) {
        skipSpaces();
        int start = p;
        List<String> declared = inParens ? List.of() : parseDeclaration();
        List<Command> commands = new ArrayList<>();
        while (true) {
            skipSpaces();
            int cmdPos = p;
            List<Arg> args = new ArrayList<>();
            while (true) {
                skipSpaces();
                if (p >= src.length() || (inParens && atClose())) {
                    throw error(openPos, inParens ? "unclosed left paren" : "unclosed action");
                }
                char c = src.charAt(p);
                if (c == '|' || (inParens && c == ')') || (!inParens && atClose())) {
                    break;
                }
                if (c == ')') {
                    throw error(p, "unexpected right paren");
                }
                args.add(parseOperand());
                if (p < src.length() && !Character.isWhitespace(src.charAt(p)) && "|)}-".indexOf(src.charAt(p)) < 0) {
                    throw error(p, "unexpected \"" + src.charAt(p) + "\" in operand");
                }
            }
            if (args.isEmpty()) {
                throw error(cmdPos, "missing value for command");
            }
            if (args.size() > 1 && !(args.getFirst() instanceof Function)) {
                throw error(args.get(1).pos(), "can't give argument to non-function " + describe(args.getFirst()));
            }
            commands.add(new Command(cmdPos, List.copyOf(args)));
            if (src.charAt(p) == '|') {
                p++;
                continue;
            }
            if (inParens) {
                p++;
            }
            return new Pipeline(start, declared, List.copyOf(commands));
        }
    }

    /** {@code $x :=} or {@code $i, $e :=} (also {@code =}) at the start of a pipeline; nothing otherwise. */
    private List<String> parseDeclaration() {
        int save = p;
        List<String> vars = new ArrayList<>();
        while (p < src.length() && src.charAt(p) == '$' && p + 1 < src.length() && isIdentChar(src.charAt(p + 1))) {
            p++;
            vars.add("$" + readWord());
            skipSpaces();
            if (vars.size() == 1 && p < src.length() && src.charAt(p) == ',') {
                p++;
                skipSpaces();
                continue;
            }
            break;
        }
        if (!vars.isEmpty()) {
            if (src.startsWith(":=", p)) {
                p += 2;
                skipSpaces();
                return List.copyOf(vars);
            }
            if (src.startsWith("=", p) && !src.startsWith("==", p)) {
                p += 1;
                skipSpaces();
                return List.copyOf(vars);
            }
        }
        p = save;
        return List.of();
    }

    private Arg parseOperand() {
        int start = p;
        char c = src.charAt(p);
        if (c == '.') {
            if (p + 1 < src.length() && isIdentChar(src.charAt(p + 1))) {
                return new Field(start, false, parseChain());
            }
            p++;
            return new Dot(start);
        }
        if (c == '$') {
            p++;
            if (p < src.length() && isIdentChar(src.charAt(p))) {
                String name = "$" + readWord();
                List<String> chain = p < src.length() && src.charAt(p) == '.' && p + 1 < src.length()
                        && isIdentChar(src.charAt(p + 1)) ? parseChain() : List.of();
                return new TemplateNodes.Var(start, name, chain);
            }
            List<String> chain = p < src.length() && src.charAt(p) == '.' && p + 1 < src.length()
                    && isIdentChar(src.charAt(p + 1)) ? parseChain() : List.of();
            return new Field(start, true, chain);
        }
        if (c == '"') {
            return new Literal(start, parseQuoted());
        }
        if (c == '`') {
            int close = src.indexOf('`', p + 1);
            if (close < 0) {
                throw error(start, "unterminated raw quoted string");
            }
            p = close + 1;
            return new Literal(start, src.substring(start + 1, close));
        }
        if (Character.isDigit(c) || ((c == '-' || c == '+') && p + 1 < src.length()
                && Character.isDigit(src.charAt(p + 1)))) {
            return new Literal(start, parseNumber());
        }
        if (c == '(') {
            p++;
            Pipeline inner = parsePipeline(start, true);
            List<String> chain = p < src.length() && src.charAt(p) == '.' && p + 1 < src.length()
                    && isIdentChar(src.charAt(p + 1)) ? parseChain() : List.of();
            return new Sub(start, inner, chain);
        }
        if (Character.isLetter(c) || c == '_') {
            String word = readWord();
            if (p < src.length() && src.charAt(p) == '.' && p + 1 < src.length() && isIdentChar(src.charAt(p + 1))) {
                throw error(start, "bad character '.' after \"" + word + "\"");
            }
            return switch (word) {
                case "true" -> new Literal(start, Boolean.TRUE);
                case "false" -> new Literal(start, Boolean.FALSE);
                case "nil" -> new Literal(start, null);
                default -> {
                    if (!TemplateFunctions.exists(word)) {
                        throw error(start, "function \"" + word + "\" not defined");
                    }
                    yield new Function(start, word);
                }
            };
        }
        if (c == ':' || c == '=') {
            throw error(start, "a variable can only be declared at the start of an action: {{$x := ...}}");
        }
        throw error(start, "bad character '" + c + "' in action");
    }

    private List<String> parseChain() {
        List<String> chain = new ArrayList<>();
        while (p < src.length() && src.charAt(p) == '.' && p + 1 < src.length() && isIdentChar(src.charAt(p + 1))) {
            p++;
            chain.add(readWord());
        }
        return List.copyOf(chain);
    }

    private String parseQuoted() {
        int start = p;
        StringBuilder sb = new StringBuilder();
        p++;
        while (true) {
            if (p >= src.length()) {
                throw error(start, "unterminated quoted string");
            }
            char c = src.charAt(p++);
            if (c == '"') {
                return sb.toString();
            }
            if (c == '\n') {
                throw error(start, "unterminated quoted string");
            }
            if (c == '\\') {
                if (p >= src.length()) {
                    throw error(start, "unterminated quoted string");
                }
                char e = src.charAt(p++);
                switch (e) {
                    case 'n' -> sb.append('\n');
                    case 't' -> sb.append('\t');
                    case 'r' -> sb.append('\r');
                    case '\\' -> sb.append('\\');
                    case '"' -> sb.append('"');
                    case '\'' -> sb.append('\'');
                    default -> throw error(p - 2, "unknown escape sequence \\" + e);
                }
            } else {
                sb.append(c);
            }
        }
    }

    private Object parseNumber() {
        int start = p;
        if (src.charAt(p) == '-' || src.charAt(p) == '+') {
            p++;
        }
        while (p < src.length() && (Character.isLetterOrDigit(src.charAt(p)) || src.charAt(p) == '.'
                || src.charAt(p) == '_')) {
            p++;
        }
        String s = src.substring(start, p).replace("_", "");
        try {
            if (s.contains(".") || ((s.contains("e") || s.contains("E")) && !s.toLowerCase().startsWith("0x"))) {
                return Double.parseDouble(s);
            }
            String digits = s.startsWith("+") ? s.substring(1) : s;
            boolean neg = digits.startsWith("-");
            String body = neg ? digits.substring(1) : digits;
            long v = body.startsWith("0x") || body.startsWith("0X") ? Long.parseLong(body.substring(2), 16)
                    : Long.parseLong(body);
            return neg ? -v : v;
        } catch (NumberFormatException e) {
            throw error(start, "bad number syntax: \"" + s + "\"");
        }
    }

    private String describe(Arg a) {
        return switch (a) {
            case Field f -> (f.root() ? "$" : "") + "." + String.join(".", f.chain());
            case TemplateNodes.Var v -> v.name() + (v.chain().isEmpty() ? "" : "." + String.join(".", v.chain()));
            case Dot d -> ".";
            case Literal l -> String.valueOf(l.value());
            default -> "value";
        };
    }

    private String peekWord() {
        int q = p;
        while (q < src.length() && isIdentChar(src.charAt(q))) {
            q++;
        }
        String w = src.substring(p, q);
        return switch (w) {
            case "if", "else", "end", "range", "with", "define", "template", "block", "break", "continue" -> w;
            default -> "";
        };
    }

    private String readWord() {
        int start = p;
        while (p < src.length() && isIdentChar(src.charAt(p))) {
            p++;
        }
        return src.substring(start, p);
    }

    private static boolean isIdentChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private void skipSpaces() {
        while (p < src.length() && (src.charAt(p) == ' ' || src.charAt(p) == '\t' || src.charAt(p) == '\n'
                || src.charAt(p) == '\r')) {
            p++;
        }
    }

    private TemplateException error(int pos, String problem) {
        return new TemplateException(src, pos + 1, problem);
    }
}
