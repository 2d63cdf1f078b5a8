package dev.peapod.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.constantpool.ClassEntry;
import java.lang.classfile.constantpool.PoolEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The package dependency graph of compiled classes (house rule 14), read from the class files' constant pools
 * with the JDK's ClassFile API, as {@code jdeps -verbose:package} reads them: every class a class names,
 * in a signature, a field, a call or a constant, is an edge from its package to that class's package.
 */
public final class PackageCycles {
    private PackageCycles() {
    }

    /** Package → the packages (under {@code prefix}) its classes refer to, for every class under {@code classes}. */
    public static Map<String, Set<String>> graph(Path classes, String prefix) {
        Map<String, Set<String>> deps = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                ClassModel cm = ClassFile.of().parse(f);
                String from = packageOf(cm.thisClass().asInternalName());
                if (!from.startsWith(prefix) || f.getFileName().toString().equals("module-info.class")) {
                    continue;
                }
                Set<String> to = deps.computeIfAbsent(from, k -> new TreeSet<>());
                for (PoolEntry e : cm.constantPool()) {
                    if (e instanceof ClassEntry ce) {
                        String name = ce.asInternalName();
                        while (name.startsWith("[")) {
                            name = name.substring(1);
                        }
                        if (name.startsWith("L") && name.endsWith(";")) {
                            name = name.substring(1, name.length() - 1);
                        }
                        String pkg = packageOf(name);
                        if (pkg.startsWith(prefix) && !pkg.equals(from)) {
                            to.add(pkg);
                        }
                    } else if (e instanceof java.lang.classfile.constantpool.Utf8Entry u
                            && u.stringValue().contains("L" + prefix.replace('.', '/'))) {
                        // descriptors and generic signatures name classes without a ClassEntry
                        for (String pkg : packagesInDescriptor(u.stringValue(), prefix)) {
                            if (!pkg.equals(from)) {
                                to.add(pkg);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return deps;
    }

    /** The strongly connected components of more than one package: each a package cycle, sorted. */
    public static List<List<String>> cycles(Map<String, Set<String>> deps) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> out = new ArrayList<>();
        int[] next = {0};
        for (String v : deps.keySet()) {
            if (!index.containsKey(v)) {
                strongConnect(v, deps, index, low, stack, onStack, out, next);
            }
        }
        return out;
    }

    /** One cycle through the packages of a component, as {@code a -> b -> a}, for a failure message. */
    public static String describe(List<String> component, Map<String, Set<String>> deps) {
        Set<String> members = new TreeSet<>(component);
        String start = component.getFirst();
        Map<String, String> parent = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            String p = todo.removeFirst();
            for (String q : deps.getOrDefault(p, Set.of())) {
                if (!members.contains(q)) {
                    continue;
                }
                if (q.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String x = p; !x.equals(start); x = parent.get(x)) {
                        path.add(1, x);
                    }
                    path.add(start);
                    return String.join(" -> ", path);
                }
                if (!parent.containsKey(q)) {
                    parent.put(q, p);
                    todo.addLast(q);
                }
            }
        }
        return String.join(", ", component);
    }

    /** Throws an AssertionError naming every cycle among the packages compiled under {@code classes}. */
    public static void assertNone(Path classes, String prefix) {
        if (!Files.isDirectory(classes)) {
            throw new AssertionError("no compiled classes at " + classes.toAbsolutePath());
        }
        Map<String, Set<String>> deps = graph(classes, prefix);
        if (deps.isEmpty()) {
            throw new AssertionError("no classes of " + prefix + " under " + classes.toAbsolutePath());
        }
        List<List<String>> cycles = cycles(deps);
        if (!cycles.isEmpty()) {
            StringBuilder sb = new StringBuilder("package cycles in " + classes + ":");
            for (List<String> c : cycles) {
                sb.append("\n  ").append(describe(c, deps));
            }
            throw new AssertionError(sb.toString());
        }
    }

    private static void strongConnect(String v, Map<String, Set<String>> deps, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<List<String>> out, int[] next) {
        index.put(v, next[0]);
        low.put(v, next[0]);
        next[0]++;
        stack.push(v);
        onStack.add(v);
        for (String w : deps.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                strongConnect(w, deps, index, low, stack, onStack, out, next);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(null);
                out.add(component);
            }
        }
    }

    private static List<String> packagesInDescriptor(String s, String prefix) {
        List<String> out = new ArrayList<>();
        String p = "L" + prefix.replace('.', '/');
        for (int i = s.indexOf(p); i >= 0; i = s.indexOf(p, i + 1)) {
            int end = i + 1;
            while (end < s.length() && ";<".indexOf(s.charAt(end)) < 0) {
                end++;
            }
            out.add(packageOf(s.substring(i + 1, end)));
        }
        return out;
    }

    private static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }
}
